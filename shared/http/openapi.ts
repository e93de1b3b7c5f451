import * as z from 'zod';
import { routes, type RouteDef } from '../topology.ts';
import { schemasOf } from '../contracts/index.ts';

const problem = {
  description: 'A problem (RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' },
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

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function operation(route: RouteDef): Record<string, unknown> {
  const schemas = schemasOf(route);
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = schemas.query ? schemaOf(schemas.query, 'input') : undefined;
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
            schema: { type: 'string', maxLength: 255 },
            description: 'Same key and body → the first response again; same key, other body → 422.',
          },
        ]
      : []),
    ...(route.conditional
      ? [{ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The ETag you read; stale → 412.' }]
      : []),
  ];
  const status = String(route.status ?? 200);
  const success = schemas.response
    ? { description: 'OK', content: { 'application/json': { schema: schemaOf(schemas.response, 'output') } } }
    : { description: 'OK', content: Object.fromEntries((route.produces ?? ['application/json']).map((type) => [type, {}])) };
  return {
    operationId: route.id,
    summary: route.summary,
    ...(route.auth === 'public' ? { security: [] } : { 'x-roles': route.auth }),
    parameters: [...pathParams, ...queryParams, ...headers],
    ...(schemas.body ? { requestBody: { required: true, content: bodyContent(route, schemas.body) } } : {}),
    responses: { [status]: success, '4XX': problem, '5XX': problem },
  };
}

/** The media types a route's body may come as: JSON (and merge patch for PATCH), or the text types it consumes. */
function bodyContent(route: RouteDef, body: z.ZodType): Record<string, unknown> {
  if (route.consumes?.length) return Object.fromEntries(route.consumes.map((type) => [type, { schema: { type: 'string' } }]));
  const schema = { schema: schemaOf(body, 'input') };
  return route.method === 'PATCH' ? { 'application/merge-patch+json': schema, 'application/json': schema } : { 'application/json': schema };
}

/** The OpenAPI 3.1 document of every route in the topology, from the same zod schemas that validate requests. */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes as readonly RouteDef[]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
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
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
