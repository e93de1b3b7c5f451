import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from '../support/events.ts';
import type { HttpResult } from '../../shared/http/handler.ts';

/*
 * Every log line of an invocation carries that invocation's cost, the same as its `x-shifan-cost` header: the
 * logger holds the lines until the metering middleware knows the cost. The handlers are loaded here with logging
 * on (INFO), in a file of their own, and invoked as the local host invokes them: each in its own context, two at once.
 */

let call: (request: HttpRequest) => Promise<{ status: number; headers: Record<string, string> }>;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  const { invoke } = await import('../../infra/local/invoke.ts');
  const { answerOf, httpEvent } = await import('../support/events.ts');
  call = async (request) => answerOf((await invoke('units', httpEvent(request))) as HttpResult);
});

describe('Metering: log lines', () => {
  it('puts the cost on every line of its invocation, even when two invocations run at once', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const caller = { sub: 'logs', role: 'authority' as const, agencyId: `metering-logs-${Date.now()}`, region: '420100' };
      const [refused, missing] = await Promise.all([
        call({
          method: 'POST',
          path: '/v1/units',
          claims: caller,
          headers: { 'x-request-id': 'logs-refused' },
          body: { name: '计量日志', type: 'castle' },
        }),
        call({ method: 'GET', path: '/v1/units/no-such-unit', claims: caller, headers: { 'x-request-id': 'logs-missing' } }),
      ]);
      const parsed = lines
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const [answer, requestId] of [
        [refused, 'logs-refused'],
        [missing, 'logs-missing'],
      ] as const) {
        const mine = parsed.filter((l) => l.requestId === requestId);
        // "Request refused" and "Invocation metered", both with the cost the response carried.
        expect(mine.map((l) => l.message).sort()).toEqual(['Invocation metered', 'Request refused']);
        for (const line of mine) expect(line.cost).toBe(answer.headers['x-shifan-cost']);
        expect(mine.every((l) => String(l.function_arn).includes(':000000000000:'))).toBe(true);
      }
      expect(refused.headers['x-shifan-cost']).not.toBe(missing.headers['x-shifan-cost']);
    } finally {
      write.mockRestore();
    }
  });
});
