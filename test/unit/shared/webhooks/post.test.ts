import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../../../shared/webhooks/post.ts';

/*
 * One delivery attempt (issue #21) against a loopback server of this file's own: redirects are answers, an answer is
 * kept to its first 1 KB, and an address a delivery may not go to is refused before any connection is made.
 */

const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_test' };
const body = JSON.stringify({ type: 'webhook.ping', timestamp: '2026-12-03T00:00:00.000Z', data: {} });

/** The paths the server was asked for, in order. */
const requested: string[] = [];
/** What the server answers for a path (200 `ok` when none is set). */
let answer: (path: string, response: ServerResponse) => void;

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  requested.push(request.url ?? '');
  request.resume();
  request.on('end', () => answer(request.url ?? '', response));
});
let port: number;

beforeAll(async () => {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const reset = (answering: typeof answer) => {
  requested.length = 0;
  answer = answering;
};

describe('Function: postSigned', () => {
  it('answers a redirect as a failure naming its Location, and does not request the Location', async () => {
    reset((path, response) => {
      if (path === '/hook') response.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      else response.writeHead(200).end('followed');
    });
    const result = await postSigned(`http://127.0.0.1:${port}/hook`, headers, body, true);
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBe(302);
    expect(result.response).toContain('redirect not followed');
    expect(result.response).toContain(`http://127.0.0.1:${port}/elsewhere`);
    expect(requested).toEqual(['/hook']);
  });

  it('keeps the first 1024 bytes of a 5 KB answer', async () => {
    // 5120 bytes that differ along their length: each 10-byte block is its index, zero-padded.
    const long = Array.from({ length: 512 }, (_, i) => String(i).padStart(10, '0')).join('');
    expect(Buffer.byteLength(long)).toBe(5120);
    reset((_path, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end(long));
    const result = await postSigned(`http://127.0.0.1:${port}/hook`, headers, body, true);
    expect(result).toEqual({ ok: true, statusCode: 200, response: long.slice(0, 1024) });
    expect(result.response.endsWith('0000000101' + '0000')).toBe(true);
  });

  it('refuses a name resolving to loopback outside local mode before connecting, and delivers to it in local mode', async () => {
    reset((_path, response) => response.writeHead(200).end('ok'));
    const refused = await postSigned(`http://localhost:${port}/hook`, headers, body, false);
    expect(refused.ok).toBe(false);
    expect(refused.statusCode).toBeUndefined();
    expect(refused.response).toContain('loopback');
    expect(requested).toEqual([]);

    const delivered = await postSigned(`http://localhost:${port}/hook`, headers, body, true);
    expect(delivered).toEqual({ ok: true, statusCode: 200, response: 'ok' });
    expect(requested).toEqual(['/hook']);
  });

  it('refuses a private literal address without connecting', async () => {
    const started = Date.now();
    const refused = await postSigned('https://10.1.2.3/', headers, body, false);
    expect(refused.ok).toBe(false);
    expect(refused.statusCode).toBeUndefined();
    expect(refused.response).toContain('10.1.2.3 is private');
    // A connection to 10.1.2.3 would hang until the 10 s timeout (nothing answers there) or fail with a socket error.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.response).not.toContain('could not connect');
  });

  it('answers an unreachable port as a failure with its reason', async () => {
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const freed = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await postSigned(`http://127.0.0.1:${freed}/hook`, headers, body, true);
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBeUndefined();
    expect(result.response).toMatch(/^连接失败 \/ could not connect: .*ECONNREFUSED/);
  });
});
