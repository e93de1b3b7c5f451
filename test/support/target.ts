import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevKeys, signToken, type DevKeys, type TokenClaims } from '../../infra/local/dev-issuer.ts';
import { createHttpHost } from '../../infra/local/http-host.ts';
import type { HttpResult } from '../../shared/http/handler.ts';
import { answerOf, type Answer, type HttpRequest } from './events.ts';
import { expectDocumented } from './documented.ts';

/*
 * One suite, two targets (as Yan Cui's viaHandler / viaHttp steps): by default a test calls the handler as Lambda
 * would; with SHIFAN_TEST_TARGET=http the same request goes through the local host's HTTP layer (dev-issuer JWTs,
 * routing, the API Gateway event it builds) on a port of this worker's own.
 */

/** Whether this run sends the requests of the integration tests over HTTP. */
export const overHttp = process.env.SHIFAN_TEST_TARGET === 'http';

let host: Promise<{ url: string; keys: DevKeys }> | undefined;

/** The local host's HTTP layer for this worker, started on first use and left to die with the worker. */
function localHost(): Promise<{ url: string; keys: DevKeys }> {
  host ??= (async () => {
    const keys = await loadDevKeys(join(mkdtempSync(join(tmpdir(), 'shifan-target-')), 'dev-key.json'));
    const server = createHttpHost(keys);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    server.unref();
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
  })();
  return host;
}

/** Sends a test's request to the local host over HTTP, with a dev-issuer token of its claims. */
export async function viaHttp(request: HttpRequest): Promise<Answer> {
  const { url, keys } = await localHost();
  const target = new URL(request.path, url);
  for (const [name, value] of Object.entries(request.query ?? {})) target.searchParams.set(name, value);
  const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(request.claims ? { authorization: `Bearer ${await signToken(keys, request.claims as TokenClaims)}` } : {}),
    ...request.headers,
  };
  const response = await fetch(target, { method: request.method, headers, ...(body !== undefined ? { body } : {}) });
  // Read as bytes: fetch's text() would drop a byte order mark, which CSV answers carry on purpose.
  const bytes = Buffer.from(await response.arrayBuffer());
  const answer = answerOf({ statusCode: response.status, headers: Object.fromEntries(response.headers), body: bytes.toString('utf8') });
  // A document (XLSX, DOCX) is kept as the bytes it came as.
  return /^(text\/|application\/([\w.+-]*\+)?json)/.test(answer.headers['content-type'] ?? 'text/') ? answer : { ...answer, bytes };
}

/**
 * Answers a test's request on this run's target: `direct` invokes the handler itself; over HTTP the request is sent
 * to the local host instead. Every answer is checked against the OpenAPI document (`expectDocumented`). A request that names its own route key or path parameters tests the handler's reading
 * of an event no HTTP request can make, and stays direct.
 */
export async function onTarget(request: HttpRequest, direct: () => Promise<HttpResult>): Promise<Answer> {
  if (overHttp && request.routeKey === undefined && request.pathParameters === undefined)
    return expectDocumented(request, await viaHttp(request));
  return expectDocumented(request, answerOf(await direct()));
}
