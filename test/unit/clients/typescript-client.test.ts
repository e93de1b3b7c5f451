import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createShifanClient, resourceOf, ShifanProblem } from '@shifan/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schemaText } from '../../../clients/typescript/scripts/schema.ts';

/*
 * The client against a tiny HTTP server on 127.0.0.1 that records what it is sent and answers what each test scripts.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let script: ((request: Seen) => Answer)[];

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const unit = (id: string, version: number) => ({ id, name: '武汉市青山区红卫路街道', version });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(request);
      const answer = script.shift()?.(request) ?? json(500, { message: 'nothing scripted' });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

beforeEach(() => {
  seen = [];
  script = [];
});

describe('Client: @shifan/client', () => {
  describe('Generated types', () => {
    it('match the committed OpenAPI document', async () => {
      // Prepare
      const committed = readFileSync(new URL('../../../clients/typescript/src/schema.d.ts', import.meta.url), 'utf8');

      // Act
      const fresh = await schemaText(new URL('../../../openapi.json', import.meta.url));

      // Assess
      expect(
        fresh === committed,
        'clients/typescript/src/schema.d.ts is stale: run `npm run generate -w @shifan/client` (or `npm run client`)',
      ).toBe(true);
    }, 60_000);
  });

  describe('Method: use (middleware)', () => {
    it('sends the bearer token a function gives and the chosen language', async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: async () => 'token-1', language: 'en' });
      script.push(() => json(200, unit('u-1', 1)));

      // Act
      await client.GET('/v1/units/{id}', { params: { path: { id: 'u-1' } } });

      // Assess
      expect(seen[0]!.headers.authorization).toBe('Bearer token-1');
      expect(seen[0]!.headers['accept-language']).toBe('en');
    });

    it('gives a POST an Idempotency-Key and sends the same key again when it retries after a 503', async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      script.push(
        () => json(503, { message: 'Service Unavailable' }),
        () => json(201, unit('u-1', 1), { etag: '"1"', location: '/v1/units/u-1' }),
      );

      // Act
      const { data } = await client.POST('/v1/units', {
        body: { name: '武汉市青山区红卫路街道', type: 'subdistrict', regionCode: '420107', contacts: [] } as never,
      });

      // Assess
      expect(data?.id).toBe('u-1');
      expect(seen).toHaveLength(2);
      expect(seen[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen[1]!.headers['idempotency-key']).toBe(seen[0]!.headers['idempotency-key']);
      expect(seen[1]!.body).toBe(seen[0]!.body);
    });

    it("keeps the caller's own Idempotency-Key", async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      script.push(() => json(200, { total: 1 }));

      // Act
      await client.POST('/v1/frameworks/{id}/score', {
        params: { path: { id: 'f-1' } },
        body: {} as never,
        headers: { 'Idempotency-Key': 'mine-1' },
      });

      // Assess
      expect(seen[0]!.headers['idempotency-key']).toBe('mine-1');
    });

    it("sends the ETag of the resource's last answer as If-Match on its writes and its action sub-paths", async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      script.push(
        () => json(201, unit('u-1', 1), { etag: '"1"', location: '/v1/units/u-1' }),
        () => json(200, unit('u-1', 2), { etag: '"2"' }),
        () => json(200, { id: 's-1', version: 4 }, { etag: '"4"' }),
        () => json(200, { id: 's-1', version: 5 }, { etag: '"5"' }),
        () => json(200, { id: 's-1', version: 6 }, { etag: '"6"' }),
      );

      // Act
      await client.POST('/v1/units', { body: {} as never });
      await client.PATCH('/v1/units/{id}', { params: { path: { id: 'u-1' } }, body: { zone: true } });
      await client.GET('/v1/submissions/{id}', { params: { path: { id: 's-1' } } });
      await client.POST('/v1/submissions/{id}/transitions', { params: { path: { id: 's-1' } }, body: { action: 'submit' } as never });
      await client.POST('/v1/submissions/{id}/transitions', { params: { path: { id: 's-1' } }, body: { action: 'endorse' } as never });

      // Assess
      expect(seen[0]!.headers['if-match']).toBeUndefined();
      expect(seen[1]!.headers['if-match']).toBe('"1"');
      expect(seen[3]!.headers['if-match']).toBe('"4"');
      expect(seen[4]!.headers['if-match']).toBe('"5"');
      expect(client.etags.get('/v1/units/u-1')).toBe('"2"');
      expect(client.etags.get('/v1/submissions/s-1')).toBe('"6"');
    });

    it('sends the If-Match the caller names instead, or none with ifMatch: false', async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      client.etags.set('/v1/units/u-1', '"7"');
      script.push(
        () => json(200, unit('u-1', 8), { etag: '"8"' }),
        () => json(200, unit('u-1', 9), { etag: '"9"' }),
      );

      // Act
      await client.PATCH('/v1/units/{id}', { params: { path: { id: 'u-1' } }, body: { zone: true }, ifMatch: '"3"' });
      await client.PATCH('/v1/units/{id}', { params: { path: { id: 'u-1' } }, body: { zone: true }, ifMatch: false });

      // Assess
      expect(seen[0]!.headers['if-match']).toBe('"3"');
      expect(seen[1]!.headers['if-match']).toBeUndefined();
    });

    it('throws a problem+json answer as a ShifanProblem with its status, type and field errors', async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      const problem = {
        type: 'https://api.example/problems/validation',
        title: '请求无效',
        status: 422,
        detail: '有 1 处不符合要求',
        errors: [{ pointer: '/regionCode', detail: '须为 6 位行政区划代码' }],
        requestId: 'r-1',
      };
      script.push(() => ({ status: 422, headers: { 'content-type': 'application/problem+json' }, body: problem }));

      // Act
      const thrown = await client.POST('/v1/units', { body: {} as never }).catch((error: unknown) => error);

      // Assess
      expect(thrown).toBeInstanceOf(ShifanProblem);
      expect(thrown).toMatchObject({ ...problem, name: 'ShifanProblem', message: '请求无效: 有 1 处不符合要求' });
    });

    it("throws the gateway's plain 401 as an about:blank ShifanProblem", async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 'expired' });
      script.push(() => json(401, { message: 'Unauthorized' }));

      // Act
      const thrown = await client.GET('/v1/units', {}).catch((error: unknown) => error);

      // Assess
      expect(thrown).toMatchObject({ status: 401, type: 'about:blank', detail: 'Unauthorized', errors: [] });
    });
  });

  describe('Method: pages', () => {
    it('yields every item, following the cursor until an answer has none', async () => {
      // Prepare
      const client = createShifanClient({ baseUrl, token: 't' });
      script.push(
        () => json(200, { items: [unit('u-1', 1), unit('u-2', 1)], cursor: 'c 2' }),
        () => json(200, { items: [unit('u-3', 1)] }),
      );

      // Act
      const ids: string[] = [];
      for await (const item of client.pages('/v1/units', { query: { region: '4201', limit: 2 } })) ids.push(item.id);

      // Assess
      expect(ids).toEqual(['u-1', 'u-2', 'u-3']);
      expect(seen.map((s) => s.url)).toEqual(['/v1/units?region=4201&limit=2', '/v1/units?region=4201&limit=2&cursor=c%202']);
    });
  });

  describe('Function: resourceOf', () => {
    it.each([
      ['/v1/units/{id}', '/v1/units/u-1', '/v1/units/u-1'],
      ['/v1/submissions/{id}/transitions', '/v1/submissions/s-1/transitions', '/v1/submissions/s-1'],
      ['/v1/submissions/{id}/rounds/{round}/close', '/v1/submissions/s-1/rounds/document/close', '/v1/submissions/s-1'],
      ['/v1/units', '/v1/units', undefined],
    ])('names the resource of %s', (schemaPath, pathname, resource) => {
      expect(resourceOf(schemaPath, pathname)).toBe(resource);
    });
  });
});
