import { describe, expect, it } from 'vitest';
import { maskPersonal } from '../../../../shared/domain/personal.ts';

describe('maskPersonal', () => {
  it('masks email addresses, mobile and landline numbers wherever they sit in a text', () => {
    expect(maskPersonal('联系王芳 wangfang@example.cn，电话 13900000000 或 027-67841234')).toBe(
      '联系王芳 w***@example.cn，电话 139****0000 或 027-****1234',
    );
    expect(maskPersonal('+86 13812345678')).toBe('+86 138****5678');
  });

  it('leaves ids, dates, times and amounts alone', () => {
    const text = 'request 3f2a9c1e-0b7d-4e55-9a1b-1c2d3e4f5a6b on 2026-11-23 at 1763900000000 ms cost 1.296 micro-USD, 鄂民示〔2026〕0001';
    expect(maskPersonal(text)).toBe(text);
  });
});
