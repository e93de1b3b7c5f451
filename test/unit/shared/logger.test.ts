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

  it("writes none of an advanced individual's particulars: a nominee is replaced whole, wherever it sits", () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const level = logger.getLevelName();
    logger.setLogLevel('INFO');
    try {
      logger.info('Submission saved', {
        submission: {
          id: 'sub-1',
          nominee: { name: '周敏', gender: 'female', ethnicity: '土家族', workUnit: '花桥社区', position: '书记', deeds: '调解纠纷 36 起' },
        },
        ethnicity: '回族',
      });
    } finally {
      logger.setLogLevel(level);
    }
    const written = lines.join('');
    expect(written).toContain('sub-1');
    expect(written).toContain('[个人信息已隐去]');
    for (const secret of ['周敏', 'female', '土家族', '花桥社区', '调解纠纷', '回族']) expect(written).not.toContain(secret);
  });
});
