import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { defaultRouteFn, routes, routeKey, type RouteDef } from '../../shared/topology.ts';
import { cachedVerifier, type DevKeys } from './dev-issuer.ts';
import { invoke } from './invoke.ts';

/** API Gateway's own limit on a request body. */
const gatewayMaxBody = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
}

/** Matches paths the way API Gateway does: `{name}` is one non-empty path segment. */
function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** The local host's route table: exactly the topology's routes (the parity test reads this). */
export const localRoutes: readonly CompiledRoute[] = (routes as readonly RouteDef[]).map(compile);

function match(method: string, path: string): { route: RouteDef; params: Record<string, string> } | undefined {
  for (const { route, pattern, names } of localRoutes) {
    if (route.method !== method) continue;
    const found = pattern.exec(path);
    if (!found) continue;
    try {
      return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1]!)])) };
    } catch {
      return undefined; // a malformed %-escape matches nothing, as at API Gateway
    }
  }
  return undefined;
}

const noBody = Buffer.alloc(0);

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  // A request without a body (most GETs) need not wait for the stream's end, a turn of the event loop later.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(noBody);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= gatewayMaxBody) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > gatewayMaxBody ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** Stringifies claims as API Gateway does before passing them to the function. */
function gatewayClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Builds the HTTP API payload v2 event API Gateway would send (`route` absent: its `$default` route). */
function toEvent(
  req: IncomingMessage,
  url: URL,
  route: RouteDef | undefined,
  params: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway says which scheme the caller used; here it is plain http, so that links to this origin resolve.
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = Date.now();
  const requestId = randomUUID();
  const text = body.length === 0 ? undefined : body.toString('utf8');
  const binary = text !== undefined && Buffer.from(text, 'utf8').length !== body.length;
  return {
    version: '2.0',
    routeKey: route ? routeKey(route) : '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method!,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route ? routeKey(route) : '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      authorizer: claims ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } : (undefined as never),
    },
    body: binary ? body.toString('base64') : text,
    isBase64Encoded: binary,
  };
}

/** One line per request on the console: method, path, status, time. */
export type AccessLog = (line: string) => void;

/** Serves the topology's routes over node:http by invoking the same handlers the cloud runs, with JWT checks. */
export function createHttpHost(keys: DevKeys, log: AccessLog = () => {}): Server {
  const verify = cachedVerifier(keys);
  return createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const finish = (status: number) =>
      log(`${req.method} ${url.pathname}${url.search} → ${status} ${Math.round(performance.now() - started)} ms`);
    try {
      const found = match(req.method ?? 'GET', url.pathname);
      const body = await readBody(req);
      if (body === 'too-large') return finish((send(res, 413, '{"message":"Request Entity Too Large"}'), 413));
      let claims: Record<string, string> | undefined;
      if (found && found.route.auth !== 'public') {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const payload = token ? await verify(token) : undefined;
        if (!payload) {
          send(res, 401, '{"message":"Unauthorized"}', { 'www-authenticate': 'Bearer error="invalid_token"' });
          return finish(401);
        }
        claims = gatewayClaims(payload);
      }
      // No route: the `$default` route's function answers, as in the cloud (a problem+json 404).
      const result = (await invoke(
        found?.route.fn ?? defaultRouteFn,
        toEvent(req, url, found?.route, found?.params ?? {}, body, claims),
      )) as APIGatewayProxyStructuredResultV2;
      const headers = { ...(result.headers as Record<string, string>) };
      const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
      res.writeHead(result.statusCode ?? 200, {
        ...(result.body !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {}),
        ...headers,
      });
      res.end(payload);
      finish(result.statusCode ?? 200);
    } catch (error) {
      // What API Gateway answers when the integration fails.
      send(res, 500, '{"message":"Internal Server Error"}');
      finish(500);
      console.error(error);
    }
  });
}
