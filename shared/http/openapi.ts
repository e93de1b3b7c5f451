import * as z from 'zod';
import { routes, type RouteDef } from '../topology.ts';
import { schemasOf } from '../contracts/index.ts';
import type { RouteSchemas } from './contract.ts';
import { webhookEnvelope, webhookEventNames, webhookEventTypes } from '../domain/webhooks.ts';

const problem = {
  description: 'A problem (RFC 9457), in Chinese unless `Accept-Language` asks for English (`en`)',
  headers: { 'Content-Language': { schema: { type: 'string', enum: ['zh-CN', 'en'] } } },
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: {
            type: 'string',
            format: 'uri',
            description: '`<origin>/problems/<name>`: a page explaining the type, in Chinese and English',
          },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          requestId: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { pointer: { type: 'string' }, detail: { type: 'string' } } } },
        },
      },
    },
  },
};

/** A JSON value's canonical text, for telling whether two schemas are the same. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The schemas named with `meta({ id })` go to `components.schemas` under their id and are referred to from every
 * place that uses them. A request schema (input) whose JSON differs from the answer schema (output) of the same id —
 * defaults make a field optional on the way in — is named `<id>Input`.
 */
class Components {
  readonly schemas: Record<string, unknown> = {};

  /** A zod schema as JSON Schema 2020-12 with its named parts moved to the components. */
  schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const {
      $schema: _,
      $defs = {},
      ...rest
    } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown> & {
      $defs?: Record<string, unknown>;
    };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs)) {
      const name = this.schemas[id] === undefined || same(this.schemas[id], def) || io === 'output' ? id : `${id}Input`;
      names.set(id, name);
    }
    const rename = (value: unknown): unknown =>
      JSON.parse(
        JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_m, id: string) =>
          JSON.stringify(`#/components/schemas/${names.get(id) ?? id}`),
        ),
      );
    for (const [id, def] of Object.entries($defs)) {
      const name = names.get(id)!;
      const renamed = rename(def);
      if (this.schemas[name] !== undefined && !same(this.schemas[name], renamed))
        throw new Error(`Two different schemas are named ${name} in the OpenAPI document`);
      this.schemas[name] = renamed;
    }
    return rename(rest) as Record<string, unknown>;
  }
}

/** Whether a media type is binary (a document), sent base64-encoded through API Gateway. */
const binaryType = (type: string) => !/^text\/|json/.test(type);

/** A response header, as documented. */
const header = (description: string, schema: Record<string, unknown> = { type: 'string' }, required = true) => ({
  description,
  required,
  schema,
});

/** The headers every answer of a route carries (RFC 9110 names; lower case on the wire, as API Gateway sends them). */
function successHeaders(route: RouteDef, schemas: RouteSchemas): Record<string, unknown> {
  return {
    'x-request-id': header("The request id: the caller's own when it sent a sane one, else the gateway's. Quote it when asking for help."),
    'x-shifan-cost': header('What this request cost, e.g. `12.345 micro-USD` (finance sees it by agency and operation).'),
    ...(schemas.etag
      ? {
          ETag: header(
            'The version of the resource returned, e.g. `"3"`; send it back in If-Match to change it.',
            { type: 'string' },
            schemas.etag !== 'optional',
          ),
        }
      : {}),
    ...(route.status === 201 ? { Location: header('The path of the resource created.') } : {}),
    ...(route.produces?.some(binaryType)
      ? {
          'Content-Disposition': header(
            "With a document (XLSX, DOCX): `attachment`, an ASCII `filename` and the Chinese one as `filename*=UTF-8''…` (RFC 6266).",
            { type: 'string' },
            false,
          ),
        }
      : {}),
    ...(route.idempotent
      ? {
          'idempotent-replayed': header(
            '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
            { const: 'true' },
            false,
          ),
        }
      : {}),
  };
}

/** How a status is named in the document. */
const statusText: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' };

/** The answer the API gateway itself gives a request without a valid token (it never reaches a function). */
const unauthorized = {
  description: 'No valid bearer token: answered by the API gateway, not as a problem.',
  headers: { 'www-authenticate': header('`Bearer error="invalid_token"` …', { type: 'string' }, false) },
  content: {
    'application/json': {
      schema: { type: 'object', required: ['message'], properties: { message: { const: 'Unauthorized' } } },
    },
  },
};

function operation(route: RouteDef, components: Components): Record<string, unknown> {
  const schemas = schemasOf(route);
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = schemas.query ? components.schemaOf(schemas.query, 'input') : undefined;
  const queryParams = Object.entries((query?.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: ((query?.required ?? []) as string[]).includes(name),
    schema,
  }));
  const headers = [
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 257 },
            description:
              'A token of 1–255 letters, digits, `-`, `_`, `.`, `:`, plain or quoted (`"…"`). Same key and body → the first response again; same key, other body → 422; malformed → 400.',
          },
        ]
      : []),
    // Every write that answers with an ETag honours If-Match (a plain create's ETag is of what it made); conditional routes require it.
    ...(route.conditional || (route.method !== 'GET' && schemas.etag && (route.status !== 201 || schemas.etag === 'target'))
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: route.conditional === true,
            schema: { type: 'string' },
            description:
              'The ETag you read, `*`, or a list of ETags (strong comparison): none current (a weak tag never is) → 412; `*` → 412 when there is nothing yet; malformed → 400.',
          },
        ]
      : []),
  ];
  const status = route.status ?? 200;
  const produces = route.produces ?? ['application/json'];
  const content = Object.fromEntries(
    produces.map((type) => [
      type,
      type === 'application/json'
        ? schemas.response
          ? { schema: components.schemaOf(schemas.response, 'output') }
          : {}
        : { schema: binaryType(type) ? { type: 'string', format: 'binary' } : { type: 'string' } },
    ]),
  );
  return {
    operationId: route.id,
    summary: route.summary,
    ...(route.auth === 'public' ? { security: [] } : { 'x-roles': route.auth }),
    parameters: [...pathParams, ...queryParams, ...headers],
    ...(schemas.body ? { requestBody: { required: true, content: bodyContent(route, schemas.body, components) } } : {}),
    responses: {
      [String(status)]: { description: statusText[status] ?? 'Success', headers: successHeaders(route, schemas), content },
      ...(route.auth === 'public' ? {} : { '401': unauthorized }),
      '4XX': problem,
      '5XX': problem,
    },
  };
}

/** The media types a route's body may come as: JSON (and merge patch for PATCH), or the text types it consumes. */
function bodyContent(route: RouteDef, body: z.ZodType, components: Components): Record<string, unknown> {
  if (route.consumes?.length) return Object.fromEntries(route.consumes.map((type) => [type, { schema: { type: 'string' } }]));
  const schema = { schema: components.schemaOf(body, 'input') };
  return route.method === 'PATCH' ? { 'application/merge-patch+json': schema, 'application/json': schema } : { 'application/json': schema };
}

/** The OpenAPI 3.1 document of every route in the topology, from the same zod schemas that validate requests. */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const components = new Components();
  for (const route of routes as readonly RouteDef[]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, components) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shifan API',
      version: '1',
      description: 'Naming ethnic unity and progress demonstration zones and units (民族团结进步示范区、示范单位命名).',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
    webhooks: webhookOperations(components),
  };
}

/**
 * The events a subscription receives (`POST /v1/webhooks`), as OpenAPI 3.1 `webhooks`: each a POST to the subscriber's
 * URL, signed per Standard Webhooks, whose body is the event's envelope; any 2xx acknowledges it.
 */
function webhookOperations(components: Components): Record<string, unknown> {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, schema: { type: 'string' }, description });
  return Object.fromEntries(
    webhookEventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `webhook:${type}`,
          summary: webhookEventNames[type],
          parameters: [
            header('webhook-id', 'the event id: the same across retries and redeliveries (de-duplicate by it)'),
            header('webhook-timestamp', 'seconds since the epoch when this attempt was signed'),
            header('webhook-signature', 'space-separated `v1,<base64>` HMAC-SHA256 signatures, one per secret in force'),
          ],
          requestBody: { required: true, content: { 'application/json': { schema: components.schemaOf(webhookEnvelope(type), 'input') } } },
          responses: { '2XX': { description: 'received; any other answer, or none within 10 s, is retried with backoff for 24 hours' } },
        },
      },
    ]),
  );
}

/** The document as it is committed (`openapi.json`): two-space JSON with a final newline. */
export function openApiText(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
