import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * The shutdown extension against a stand-in for Lambda's Extensions API: it registers for SHUTDOWN under its file
 * name, waits on /event/next, and exits cleanly when SHUTDOWN comes.
 */

const script = resolve(import.meta.dirname, '../../../infra/cloud/extension/extensions/shifan-shutdown');

describe('Shutdown extension', () => {
  it('is executable, registers for SHUTDOWN by its file name, and exits 0 on SHUTDOWN', async () => {
    expect(statSync(script).mode & 0o111).not.toBe(0);
    const seen: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
    let nexts = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ path: req.url!, headers: req.headers, body });
        if (req.url === '/2020-01-01/extension/register') {
          res.writeHead(200, { 'lambda-extension-identifier': 'ext-1', 'content-type': 'application/json' }).end('{}');
        } else if (req.url === '/2020-01-01/extension/event/next') {
          nexts += 1;
          // A first event it did not ask for is ignored; then the shutdown.
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(nexts === 1 ? { eventType: 'INVOKE' } : { eventType: 'SHUTDOWN', shutdownReason: 'spindown' }));
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const child = spawn(process.execPath, [script], {
        env: { ...process.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${(server.address() as AddressInfo).port}` },
      });
      const code = await new Promise<number | null>((done) => child.once('exit', done));
      expect(code).toBe(0);
      expect(seen[0]).toMatchObject({ path: '/2020-01-01/extension/register', body: JSON.stringify({ events: ['SHUTDOWN'] }) });
      expect(seen[0]!.headers['lambda-extension-name']).toBe('shifan-shutdown');
      expect(seen.slice(1).map((s) => [s.path, s.headers['lambda-extension-identifier']])).toEqual([
        ['/2020-01-01/extension/event/next', 'ext-1'],
        ['/2020-01-01/extension/event/next', 'ext-1'],
      ]);
    } finally {
      server.close();
    }
  });
});
