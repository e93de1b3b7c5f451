import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemasOf } from '../../../../shared/contracts/index.ts';
import { openApiDocument, openApiText } from '../../../../shared/http/openapi.ts';
import { routes, type RouteDef } from '../../../../shared/topology.ts';
import { webhookEventTypes } from '../../../../shared/domain/webhooks.ts';

/* The route walk: every route of the topology documents its success exactly, and the committed document is current. */

type Response = { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema?: { $ref?: string } }> };
type Operation = { operationId: string; responses: Record<string, Response> };

const document = openApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const operationOf = (route: RouteDef) => document.paths[route.path]?.[route.method.toLowerCase()];

describe('Document: openapi.json', () => {
  it('is the document the code describes (run `npm run openapi` after changing a route or a schema)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../../../openapi.json'), 'utf8');
    expect(committed === openApiText(document), 'openapi.json is stale: run `npm run openapi`').toBe(true);
  });

  describe.each((routes as readonly RouteDef[]).map((route) => [route.id, route] as const))('Route: %s', (_id, route) => {
    it('documents exactly one success, with the status it answers', () => {
      const operation = operationOf(route)!;
      expect(operation.operationId).toBe(route.id);
      const successes = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect(successes).toEqual([String(route.status ?? 200)]);
    });

    it('gives each media type it answers, and a named or inline schema for JSON', () => {
      const success = operationOf(route)!.responses[String(route.status ?? 200)]!;
      expect(Object.keys(success.content ?? {}).sort()).toEqual([...(route.produces ?? ['application/json'])].sort());
      const json = success.content?.['application/json'];
      if (json) expect(json.schema, `${route.id} answers JSON without a schema`).toBeDefined();
      const ref = json?.schema?.$ref;
      if (ref) expect(document.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    });

    it('declares the headers it sends: request id and cost always, ETag when it gives a version, Location when it creates', () => {
      const headers = operationOf(route)!.responses[String(route.status ?? 200)]!.headers ?? {};
      expect(headers['x-request-id']?.required).toBe(true);
      expect(headers['x-shifan-cost']?.required).toBe(true);
      const { etag } = schemasOf(route);
      expect(headers.ETag !== undefined).toBe(etag !== undefined && etag !== false);
      if (headers.ETag)
        expect(headers.ETag.required, 'ETag is optional only where the resource may not be stored').toBe(etag !== 'optional');
      expect(headers.Location !== undefined).toBe(route.status === 201);
      expect(headers['idempotent-replayed'] !== undefined).toBe(route.idempotent === true);
    });

    it('documents If-Match on every write whose ETag guards a resource that was there before it', () => {
      const { etag } = schemasOf(route);
      const guarded = route.method !== 'GET' && etag !== undefined && etag !== false && (route.status !== 201 || etag === 'target');
      const parameters = (operationOf(route) as unknown as { parameters: { name: string; in: string }[] }).parameters;
      expect(parameters.some((p) => p.in === 'header' && p.name === 'If-Match')).toBe(guarded || route.conditional === true);
    });

    it.runIf(route.auth !== 'public')("documents the gateway's own 401 for a request without a valid token", () => {
      expect(operationOf(route)!.responses['401']?.content?.['application/json']).toBeDefined();
    });
  });

  it('documents every event of the catalogue under webhooks: signed, with its envelope and payload (issue #21)', () => {
    const webhooks = (document as unknown as { webhooks: Record<string, { post: any }> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual([...webhookEventTypes].sort());
    for (const type of webhookEventTypes) {
      const { post } = webhooks[type]!;
      expect(
        post.parameters.map((p: { name: string }) => p.name),
        type,
      ).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      const schema = post.requestBody.content['application/json'].schema;
      expect(schema.properties.type.const, type).toBe(type);
      expect(schema.required, type).toEqual(expect.arrayContaining(['type', 'timestamp', 'data']));
      expect(Object.keys(schema.properties.data.properties ?? {}).length, type).toBeGreaterThan(3);
    }
    // Payloads carry ids, states and dates: no contact, name or personal field is documented.
    expect(JSON.stringify(webhooks)).not.toMatch(/"(email|phone|contacts|recipients|unitName|nominee)"/);
  });

  it('names the schemas agencies build on, each once, and refers to no schema it does not hold', () => {
    const text = JSON.stringify(document);
    const referred = new Set([...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(([, name]) => name!));
    for (const name of referred) expect(document.components.schemas[name], name).toBeDefined();
    for (const name of ['Unit', 'Campaign', 'Submission', 'Framework', 'ScoreResult', 'Evidence'])
      expect(referred.has(name), name).toBe(true);
  });
});
