import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export type { components, operations, paths } from './schema.d.ts';

/** An operation whose `If-Match` may be left out: the client sends the remembered ETag when the caller gives none. */
type IfMatchOptional<Op> = Op extends { parameters: { header: infer H } }
  ? { [K in keyof Op]: K extends 'parameters' ? Omit<Op[K], 'header'> & { header?: Omit<H, 'If-Match'> & { 'If-Match'?: string } } : Op[K] }
  : Op;

/** The document's paths as the client takes them: `If-Match` never required (it comes from the last ETag). */
export type ClientPaths = { [P in keyof paths]: { [M in keyof paths[P]]: IfMatchOptional<paths[P][M]> } };

/** A problem answer (RFC 9457) as the document describes it: every route answers its 4xx and 5xx with this shape. */
export type Problem = paths['/v1/units']['post']['responses']['4XX']['content']['application/problem+json'];

/** One field-level complaint of a problem: a JSON pointer into the request (or a header name) and what is wrong there. */
export type ProblemField = NonNullable<Problem['errors']>[number];

/** A problem answer thrown as an error: `status`, the stable `type`, the (by default Chinese) `title`/`detail` and `errors[]`. */
export class ShifanProblem extends Error implements Problem {
  override readonly name = 'ShifanProblem';
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors: ProblemField[];

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    if (problem.detail !== undefined) this.detail = problem.detail;
    if (problem.instance !== undefined) this.instance = problem.instance;
    if (problem.requestId !== undefined) this.requestId = problem.requestId;
    this.errors = problem.errors ?? [];
  }

  /**
   * The problem a failed answer states; an answer that is not problem+json (the gateway's 401, a proxy's 502) is
   * `about:blank` with its status, as RFC 9457 §4.2.1 reads such answers.
   */
  static async of(response: Response): Promise<ShifanProblem> {
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: the status says it all.
    }
    if (/^application\/problem\+json/i.test(response.headers.get('content-type') ?? '') && typeof body.type === 'string')
      return new ShifanProblem({ ...(body as Problem), status: typeof body.status === 'number' ? body.status : response.status });
    const requestId = response.headers.get('x-request-id');
    return new ShifanProblem({
      type: 'about:blank',
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      ...(typeof body.message === 'string' ? { detail: body.message } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }
}

/** What `createShifanClient` needs: where the API is and how to get a bearer token. */
export interface ShifanClientOptions {
  /** The API's origin, e.g. `http://localhost:3000` (paths start with `/v1`). */
  baseUrl: string;
  /** The bearer token, or a function that gives a current one (called before every request). */
  token: string | (() => string | Promise<string>);
  /** The language of problem titles and details: `zh-CN` (the default) or `en`. */
  language?: 'zh-CN' | 'en';
  /** The fetch to use (defaults to `globalThis.fetch`). */
  fetch?: (request: Request) => Promise<Response>;
  /** How many times a request that may safely be sent again is retried after a network error or a 502/503/504 (default 2). */
  retries?: number;
}

/** Per-request extras the client's middleware reads (openapi-fetch lets any extra key through `init`). */
export interface ShifanRequestExtras {
  /** The `If-Match` to send instead of the remembered ETag; `false` sends none. */
  ifMatch?: string | false;
}

/** The paths whose GET pages with `?cursor=`: what `pages` accepts. */
export type PagedPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: infer Q } } }
    ? [NonNullable<Q>] extends [never]
      ? never
      : 'cursor' extends keyof NonNullable<Q>
        ? P
        : never
    : never;
}[keyof paths];

type ListOperation<P extends PagedPath> = paths[P]['get'];

/** What `pages` takes: the path and query parameters of the list, without the cursor it follows itself. */
export type PageParams<P extends PagedPath> = {
  query?: Omit<NonNullable<ListOperation<P>['parameters']['query']>, 'cursor'>;
} & (ListOperation<P>['parameters'] extends { path: infer Path } ? { path: Path } : { path?: never });

/** `pages`' parameters after the path: required when the list's path has parameters of its own. */
type PageArgs<P extends PagedPath> = ListOperation<P>['parameters'] extends { path: object }
  ? [params: PageParams<P>]
  : [params?: PageParams<P>];

/** The item of a paged list. */
export type PageItem<P extends PagedPath> = ListOperation<P>['responses'] extends {
  200: { content: { 'application/json': { items: (infer I)[] } } };
}
  ? I
  : never;

/** The openapi-fetch client of the Shifan API, with the ETags it remembered and a page iterator. */
export type ShifanClient = Client<ClientPaths> & {
  /** The last ETag seen per resource path (`/v1/units/u-1` → `"2"`); read, set or delete entries to steer If-Match. */
  etags: Map<string, string>;
  /** Every item of a list, page after page, following `cursor` until an answer has none. */
  pages<P extends PagedPath>(path: P, ...params: PageArgs<P>): AsyncGenerator<PageItem<P>, void, undefined>;
};

/**
 * The resource a route acts on: its path up to and including its first path parameter (`/v1/submissions/{id}` for
 * `/v1/submissions/{id}/transitions`), cut from the request's own path; none for a route without parameters.
 */
export function resourceOf(schemaPath: string, pathname: string): string | undefined {
  const template = schemaPath.split('/');
  const at = template.findIndex((segment) => segment.startsWith('{'));
  if (at < 0) return undefined;
  return pathname
    .split('/')
    .slice(0, at + 1)
    .join('/');
}

/**
 * Whether a request may be sent again without doing twice what it does: a safe or idempotent method, a write guarded by
 * If-Match (applied once, a replay gets 412), or a POST with an Idempotency-Key (a create answered again, not redone).
 */
function replayable(request: Request): boolean {
  return (
    ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(request.method) ||
    request.headers.has('if-match') ||
    request.headers.has('idempotency-key')
  );
}

/** A fetch that sends a replayable request again after a network error or a 502/503/504, waiting a little more each time. */
function retrying(fetch: (request: Request) => Promise<Response>, retries: number) {
  return async (request: Request): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries || !replayable(request);
      try {
        const response = await fetch(last ? request : request.clone());
        if (last || ![502, 503, 504].includes(response.status)) return response;
        await response.body?.cancel();
      } catch (error) {
        if (last) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  };
}

/** The path a `Location` header names, without its query (relative to the API's origin). */
function locationPath(response: Response, request: Request): string | undefined {
  const location = response.headers.get('location');
  return location ? new URL(location, request.url).pathname : undefined;
}

/**
 * A typed client of the Shifan API. Its middleware sends the bearer token and `Accept-Language`; gives every POST an
 * `Idempotency-Key` (a random UUID) unless the caller gave one, so that a retried create is answered, not repeated;
 * remembers each answer's `ETag` under its resource and sends it as `If-Match` on the next write to that resource
 * (see `resourceOf`); and throws `ShifanProblem` for every answer that is not a success.
 */
export function createShifanClient(options: ShifanClientOptions): ShifanClient {
  const { baseUrl, token, language = 'zh-CN', fetch = globalThis.fetch, retries = 2 } = options;
  const client = createClient<ClientPaths>({ baseUrl, fetch: retrying(fetch, retries) });
  const etags = new Map<string, string>();

  const middleware: Middleware = {
    async onRequest({ request, schemaPath }) {
      const extras = request as Request & ShifanRequestExtras;
      request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
      if (!request.headers.has('accept-language')) request.headers.set('accept-language', language);
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
      if (request.method !== 'GET' && request.method !== 'HEAD' && !request.headers.has('if-match')) {
        const resource = resourceOf(schemaPath, new URL(request.url).pathname);
        const tag = extras.ifMatch ?? (resource === undefined ? undefined : etags.get(resource));
        if (tag) request.headers.set('if-match', tag);
      }
      return request;
    },
    async onResponse({ request, response, schemaPath }) {
      if (!response.ok) throw await ShifanProblem.of(response);
      const etag = response.headers.get('etag');
      const resource = response.status === 201 ? locationPath(response, request) : resourceOf(schemaPath, new URL(request.url).pathname);
      if (etag && resource) etags.set(resource, etag);
      return undefined;
    },
  };
  client.use(middleware);

  async function* pages<P extends PagedPath>(path: P, ...args: PageArgs<P>): AsyncGenerator<PageItem<P>, void, undefined> {
    const params: { path?: unknown; query?: object } = args[0] ?? {};
    let cursor: string | undefined;
    do {
      const query = { ...params.query, ...(cursor === undefined ? {} : { cursor }) };
      // The path is one of the paged ones, but which is only known at the call: openapi-fetch's own overloads cannot see it.
      const get = client.GET as (path: string, init: unknown) => Promise<{ data?: { items: PageItem<P>[]; cursor?: string } }>;
      const { data } = await get(path, { params: { path: params.path, query } });
      yield* data?.items ?? [];
      cursor = data?.cursor;
    } while (cursor !== undefined);
  }

  return Object.assign(client, { etags, pages });
}
