import { createHash, randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../logger.ts';
import { routeKey, routesOf, type FunctionName, type RouteDef } from '../topology.ts';
import type { Contract, RouteIdOf, RouteSchemas } from './contract.ts';
import {
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  ValidationError,
  text,
} from '../domain/errors.ts';
import { callerFromClaims, requireRole, type Caller } from './caller.ts';
import { fieldProblems, languageOf, problemResponse, type Language } from './problem.ts';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type StoredReply } from '../data/idempotency.ts';
import { civilDateAt } from '../domain/time.ts';
import { parseIfMatch, type IfMatch } from '../domain/preconditions.ts';
import { metering } from '../metering/middleware.ts';
import { mainStore } from '../clients.ts';
import { getConfig, type Config } from '../config.ts';

/** The event an HTTP function receives: API Gateway HTTP API, payload v2, JWT authorizer (absent on public routes). */
export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** What an HTTP function answers. */
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Largest body accepted, in bytes. */
export const maxBodyBytes = 1024 * 1024;

/** A parsed, validated, authorised request, as a route implementation sees it. */
export interface RouteRequest<Body = unknown, Query = Record<string, unknown>> {
  route: RouteDef;
  caller: Caller;
  params: Record<string, string>;
  query: Query;
  body: Body;
  /** What `If-Match` asks (`*` or the versions it names): required on conditional routes, honoured wherever it is given. */
  ifMatch: IfMatch | undefined;
  headers: Record<string, string | undefined>;
  requestId: string;
  /** The request's time, ISO 8601. */
  now: string;
  /** The request's civil date in China (Asia/Shanghai), YYYY-MM-DD: the `today` of the domain's rules. */
  today: string;
  /** The language the caller asked for (`Accept-Language`): what refusals listed in an answer are written in. */
  language: Language;
  /** This process's configuration, read once at its first request. */
  config: Config;
  /**
   * The id of what this request creates: derived from its Idempotency-Key when it has one, so that a retry after a
   * crash between the write and the recorded reply finds what the first attempt stored instead of creating it twice.
   */
  newId(): string;
  event: HttpEvent;
}

/** What a route implementation answers; `etag` is the version of the resource returned. */
export interface Reply {
  status?: number;
  body?: unknown;
  etag?: number;
  headers?: Record<string, string>;
  /** A body that is not JSON (HTML, CSV), sent as is. */
  raw?: string;
  /** A binary body (XLSX, DOCX), sent base64-encoded with `isBase64Encoded`, which API Gateway decodes. */
  bytes?: Buffer;
}

/** A route implementation. */
// biome-ignore lint/suspicious/noExplicitAny: the defaults let a route declared with its own body and query types fill a slot of any route
export type RouteImpl<Body = any, Query = any> = (request: RouteRequest<Body, Query>) => Promise<Reply>;

const requestIdPattern = /^[\w.:-]{1,128}$/;

/** A UUID-shaped id that is the same for the same caller, route and Idempotency-Key. */
export function idFromKey(scope: string): string {
  const h = createHash('sha256').update(scope).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The request id: the caller's `x-request-id` when it is sane, else API Gateway's. */
export function requestIdOf(event: HttpEvent): string {
  const given = event.headers?.['x-request-id'];
  return given && requestIdPattern.test(given) ? given : event.requestContext.requestId;
}

/** The origin the caller reached: API Gateway's domain name, over https unless the host says otherwise (`x-forwarded-proto`). */
export function originOf(event: HttpEvent): string {
  const proto = event.headers?.['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  return `${proto}://${event.requestContext.domainName ?? event.headers?.host ?? 'localhost'}`;
}

/** Edge middleware: request id into every log line and back in `x-request-id`; errors as problem+json in the caller's language. */
function httpEdge(): MiddlewareObj<HttpEvent, HttpResult> {
  const requestIds = new WeakMap<object, string>();
  return {
    before: (request) => {
      const requestId = requestIdOf(request.event);
      requestIds.set(request.event, requestId);
      logger.appendInvocationKeys({ requestId, route: request.event.routeKey });
    },
    after: (request) => {
      const response = request.response as HttpResult;
      response.headers = { ...response.headers, 'x-request-id': requestIds.get(request.event) ?? '' };
    },
    onError: (request) => {
      const requestId = requestIds.get(request.event) ?? requestIdOf(request.event);
      const language = languageOf(request.event.headers?.['accept-language']);
      const response = problemResponse(request.error, requestId, request.event.rawPath, language, originOf(request.event));
      if (response.statusCode! >= 500) logger.error('Request failed', { error: request.error as Error });
      else logger.info('Request refused', { status: response.statusCode, detail: (request.error as Error).message });
      response.headers = { ...response.headers, 'x-request-id': requestId };
      request.response = response;
    },
  };
}

function parse<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query' | 'path'): z.infer<T> {
  // The input stays on each issue so that zod's Chinese can name the type it received, as its English does.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(fieldProblems(result.error, where));
  return result.data;
}

const jsonTypes: Record<string, readonly string[]> = {
  PATCH: ['application/json', 'application/merge-patch+json'],
  default: ['application/json'],
};

/** Reads a JSON body (or text of a type the route consumes): 415 for another content type, 413 over 1 MB, 400 when it is not JSON. */
function readJsonBody(event: HttpEvent, route: RouteDef): { value: unknown; raw: string } {
  const json = jsonTypes[event.requestContext.http.method] ?? jsonTypes.default!;
  const accepted = [...json, ...(route.consumes ?? [])];
  const [mediaType, ...options] = (event.headers?.['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
  const charset = options.find((o) => o.startsWith('charset='))?.slice(8);
  if (!accepted.includes(mediaType ?? '') || (charset && charset !== 'utf-8'))
    throw new UnsupportedMediaTypeError(accepted.map((t) => `${t}; charset=utf-8`));
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const raw = bytes.toString('utf8');
  if (!json.includes(mediaType ?? '')) return { value: raw, raw };
  try {
    return { value: JSON.parse(raw), raw };
  } catch (error) {
    throw new MalformedRequestError(
      text(`请求正文不是合法的 JSON：${(error as Error).message}`, `The body is not valid JSON: ${(error as Error).message}`),
    );
  }
}

/** Reads `If-Match` (`*` or a list of entity-tags, RFC 9110 §13.1.1); conditional routes require it, a malformed one → 400. */
function readIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) throw new PreconditionRequiredError();
  const ifMatch = parseIfMatch(header);
  if (!ifMatch)
    throw new MalformedRequestError(
      text('If-Match 须为 "*" 或资源的 ETag，例如 "3"。', 'If-Match must be "*" or the ETag of the resource, e.g. "3".'),
      [{ pointer: 'If-Match', detail: text('既不是 "*"，也不是 ETag 列表', 'neither "*" nor a list of entity-tags') }],
    );
  return ifMatch;
}

/**
 * Reads `Idempotency-Key`: the token itself, or the same token as a structured-field string (`"…"`, RFC 8941), as the
 * IETF draft spells it; both name the same key. Anything else → 400.
 */
function readIdempotencyKey(header: string): string {
  const key = /^"(.*)"$/.exec(header.trim())?.[1] ?? header;
  if (!/^[\w.:-]{1,255}$/.test(key))
    throw new MalformedRequestError(
      text(
        'Idempotency-Key 须为 1–255 个字母、数字或 "-"、"_"、"."、":"，可加双引号。',
        'Idempotency-Key must be 1–255 letters, digits, "-", "_", "." or ":", plain or in double quotes.',
      ),
      [
        {
          pointer: 'Idempotency-Key',
          detail: text('不是 1–255 个字母、数字或 "-"、"_"、"."、":"', 'not 1–255 letters, digits, "-", "_", "." or ":"'),
        },
      ],
    );
  return key;
}

const pathParam = z.string().regex(/^[\w.~-]{1,128}$/);

function toResult(reply: Reply, route: RouteDef): HttpResult {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.etag !== undefined) headers.etag = `"${reply.etag}"`;
  const status = reply.status ?? route.status ?? 200;
  if (reply.bytes !== undefined) return { statusCode: status, headers, body: reply.bytes.toString('base64'), isBase64Encoded: true };
  if (reply.raw !== undefined) return { statusCode: status, headers, body: reply.raw };
  if (reply.body === undefined) return { statusCode: status, headers };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(reply.body),
  };
}

function fromStored(stored: StoredReply): HttpResult {
  return { statusCode: stored.status, headers: { ...stored.headers, 'idempotent-replayed': 'true' }, body: stored.body };
}

/** Runs one route: authorise, validate, honour Idempotency-Key and If-Match, call the implementation. */
async function runRoute(route: RouteDef, schemas: RouteSchemas, impl: RouteImpl, event: HttpEvent): Promise<HttpResult> {
  const requestId = requestIdOf(event);
  const caller =
    route.auth === 'public'
      ? ({ sub: 'anonymous', role: 'unit', agencyId: 'public', region: '000000' } as Caller)
      : callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
  if (route.auth !== 'public') requireRole(caller, route.auth);
  // Ids are plain tokens unless the route says otherwise (a certificate number has Chinese characters).
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    const schema = schemas.params?.shape[name] ?? pathParam;
    if (!schema.safeParse(value).success) throw new NotFoundError();
    params[name] = value!;
  }
  const query = schemas.query ? parse(schemas.query, event.queryStringParameters ?? {}, 'query') : {};
  const body = schemas.body ? readJsonBody(event, route) : undefined;
  const instant = new Date();
  const request: RouteRequest = {
    route,
    caller,
    params,
    query,
    requestId,
    event,
    body: schemas.body && body ? parse(schemas.body, body.value, 'body') : undefined,
    ifMatch: route.conditional || event.headers?.['if-match'] !== undefined ? readIfMatch(event.headers?.['if-match']) : undefined,
    headers: event.headers ?? {},
    now: instant.toISOString(),
    today: civilDateAt(instant),
    language: languageOf(event.headers?.['accept-language']),
    config: getConfig(),
    newId: () => randomUUID(),
  };
  const given = event.headers?.['idempotency-key'];
  if (!route.idempotent || given === undefined) return toResult(await impl(request), route);
  const key = readIdempotencyKey(given);
  const store = mainStore();
  const scope = `${caller.sub}#${route.id}#${key}`;
  request.newId = () => idFromKey(scope);
  const hash = createHash('sha256')
    .update(body?.raw ?? '')
    .digest('base64url');
  const stored = await claimIdempotencyKey(store, scope, hash, Math.floor(Date.now() / 1000));
  if (stored) return fromStored(stored);
  try {
    const result = toResult(await impl(request), route);
    await completeIdempotencyKey(store, scope, {
      status: result.statusCode!,
      headers: result.headers as Record<string, string>,
      body: result.body ?? '',
    });
    return result;
  } catch (error) {
    await releaseIdempotencyKey(store, scope);
    throw error;
  }
}

/**
 * The Lambda handler of an HTTP function: its routes come from the topology, each validated by the schemas of its
 * contract and served by the implementation of the same id. A route without an implementation fails at cold start.
 */
export function httpFunction<F extends FunctionName>(fn: F, contract: Contract<F>, impls: Record<RouteIdOf<F>, RouteImpl>) {
  const routes = routesOf(fn).map((route) => {
    const impl = (impls as Record<string, RouteImpl>)[route.id];
    const schemas = (contract as Record<string, RouteSchemas>)[route.id];
    if (!impl || !schemas) throw new Error(`Function ${fn} has no implementation or contract for route ${route.id}`);
    return { method: route.method, path: route.path, handler: (event: HttpEvent) => runRoute(route, schemas, impl, event) };
  });
  const router = httpRouterHandler<HttpEvent, HttpResult>({
    routes,
    notFoundResponse: ({ method, path }) => {
      throw new NotFoundError(text(`没有 ${method} ${path} 这一接口。`, `There is no route ${method} ${path}.`));
    },
  });
  const operations = new Map(routesOf(fn).map((route) => [routeKey(route), route.id]));
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(
      metering<HttpEvent, HttpResult>({
        http: true,
        operation: (event) => operations.get(event.routeKey) ?? 'unknown-route',
        agencyId: (event) => String(event.requestContext.authorizer?.jwt?.claims?.agencyId ?? 'public'),
      }),
    )
    .use(httpEdge())
    .handler(router as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>);
}
