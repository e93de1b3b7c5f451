import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/logger.ts';

describe('Logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes no email address or phone number, whatever the message or attributes hold', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const level = logger.getLevelName();
    logger.setLogLevel('INFO');
    try {
      logger.info('Instructor wangfang@example.cn updated', {
        instructor: { phone: '13900000000', email: 'wangfang@example.cn', name: '王芳' },
      });
    } finally {
      logger.setLogLevel(level);
    }
    const written = lines.join('');
    expect(written).toContain('王芳');
    expect(written).toContain('w***@example.cn');
    expect(written).not.toMatch(/wangfang@|13900000000/);
  });
});
