import { randomUUID } from 'node:crypto';
import type { Context, SQSEvent } from 'aws-lambda';
import { functions, routes, routeKey, type FunctionName, type RouteDef } from '../../shared/topology.ts';
import { contextFor } from '../../infra/local/invoke.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/handler.ts';
import type { Caller } from '../../shared/http/caller.ts';

/** What a test says about a request; everything else is filled in as API Gateway (HTTP API, payload v2) would. */
export interface HttpRequest {
  method: RouteDef['method'];
  /** The raw path, e.g. `/v1/units/abc`. */
  path: string;
  query?: Record<string, string>;
  /** Header names in lower case, as API Gateway passes them; `content-type: application/json` is added for a body. */
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Verified JWT claims; absent on public routes. */
  claims?: Caller;
  /** Defaults to the topology route whose path template matches `path`. */
  routeKey?: string;
  /** Defaults to the `{name}` segments of the matched route. */
  pathParameters?: Record<string, string>;
}

/** The topology route whose method and path template match a request, with its path parameters. */
export function matchRoute(method: string, path: string): { key: string; params: Record<string, string> } | undefined {
  for (const route of routes as readonly RouteDef[]) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    const found = pattern.exec(path);
    if (found) return { key: routeKey(route), params: Object.fromEntries(names.map((n, i) => [n, found[i + 1]!])) };
  }
  return undefined;
}

/** An API Gateway v2 event with a JWT authorizer context. */
export function httpEvent(request: HttpRequest): HttpEvent {
  const matched = matchRoute(request.method, request.path);
  const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    host: 'api.test',
    'user-agent': 'vitest',
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...request.headers,
  };
  const key = request.routeKey ?? matched?.key ?? '$default';
  const params = request.pathParameters ?? matched?.params ?? {};
  const query = request.query ?? {};
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: key,
    rawPath: request.path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      authorizer: request.claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims: { ...request.claims }, scopes: [] } }
        : (undefined as never),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** A Lambda context for one invocation of a function, as the local host makes it (the topology's memory and timeout). */
export function lambdaContext(fn: FunctionName): Context {
  return contextFor(fn, randomUUID(), Date.now() + functions[fn].timeoutSeconds * 1000);
}

/** An SQS event with one record per body, as Lambda's event source delivers it. */
export function sqsEvent(bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      md5OfBody: '',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:notices',
      awsRegion: 'us-east-1',
    })),
  };
}

/** A handler's answer with its body parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
  raw: string | undefined;
  /** A binary body (XLSX, DOCX) as bytes: what API Gateway decodes from `isBase64Encoded`, or what came over HTTP. */
  bytes?: Buffer;
}

/** Reads a structured result: JSON and problem+json bodies parsed. */
export function answerOf(result: HttpResult): Answer {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const json = /json/.test(headers['content-type'] ?? '');
  return {
    status: result.statusCode ?? 200,
    headers,
    body: json && result.body ? JSON.parse(result.body) : undefined,
    raw: result.body,
    ...(result.isBase64Encoded ? { bytes: Buffer.from(result.body ?? '', 'base64') } : {}),
  };
}
