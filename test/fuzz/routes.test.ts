import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getClients } from '../../shared/clients.ts';
import { routeKey, routes, type RouteDef } from '../../shared/topology.ts';
import { httpHandlers, type HttpFunctionName } from '../support/api.ts';
import { answerOf, httpEvent, lambdaContext, type Answer } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { diffSnapshots, snapshotTable, touched, type TableSnapshot } from '../support/table-snapshot.ts';
import { seedWorld } from '../support/world.ts';
import { recordWrites, type WriteLog } from '../support/write-log.ts';
import { requestPlan } from './arbitraries.ts';
import { fuzzRequest, fuzzWorld, type FuzzRequest, type FuzzWorld } from './requests.ts';
import { queryFields, schemasOf } from '../../shared/contracts/index.ts';
import { expectDocumented } from '../support/documented.ts';

/*
 * Every route of the topology (the same list /v1/openapi.json documents) under generated requests: wrong types,
 * missing and extra fields, huge and empty strings, odd Unicode, injection-looking strings, real and random ids,
 * missing, malformed and wrong-role claims, wrong content types, non-JSON bodies, bad If-Match and Idempotency-Key.
 * Handlers are called in-process as Lambda calls them. Every answer must be < 500, every refusal a problem+json
 * whose status is the HTTP status, and no refused request may change a stored item: each route's run is bracketed
 * by Scans of this file's own table, and every item that changed must have been written by a request that succeeded.
 *
 * Reproducible: the n-th route runs with seed + n (FUZZ_SEED overrides the base); a failure prints its seed, the
 * shrunk plan, and the request it became. The world's ids differ from run to run; the plans do not.
 */

const seed = Number(process.env.FUZZ_SEED ?? 20_261_122);
/** Requests per route: 89 routes × 115 ≥ 10,000 per run. */
const runsPerRoute = 115;
const minimumRequests = 10_000;

let table: string;
let writes: WriteLog;
let baseline: TableSnapshot;
let fuzz: FuzzWorld;
const stats = { requests: 0, byClass: new Map<string, number>(), refusedUnwritten: 0, started: 0 };

function count(answer: Answer, written: readonly string[]): void {
  stats.requests += 1;
  const statusClass = `${String(answer.status)[0]}xx`;
  stats.byClass.set(statusClass, (stats.byClass.get(statusClass) ?? 0) + 1);
  if (answer.status >= 400 && written.length === 0) stats.refusedUnwritten += 1;
}

/** What every answer must be, whatever was asked. */
function checkAnswer(answer: Answer, request: FuzzRequest): void {
  const context = `${request.summary}\n→ ${answer.status} ${answer.raw?.slice(0, 500)}`;
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.raw ?? '', `${context}\nleaks a source path`).not.toMatch(/\/work\/|\.ts:\d+|node_modules/);
  if (request.mustBeForbidden) expect(answer.status, `${context}\nwithout a usable token of an admitted role`).toBe(403);
  if (answer.status >= 400) {
    expect(answer.headers['content-type'], context).toMatch(/^application\/problem\+json/);
    expect(typeof answer.body?.type === 'string' && answer.body.type.length > 0, context).toBe(true);
    expect(typeof answer.body?.title === 'string' && answer.body.title.length > 0, context).toBe(true);
    expect(answer.body?.status, context).toBe(answer.status);
  }
}

beforeAll(async () => {
  table = await useOwnMainTable('fuzz');
  const world = await seedWorld('fuzz');
  baseline = await snapshotTable(table);
  fuzz = await fuzzWorld(world, baseline);
  writes = recordWrites(getClients().doc, table);
  stats.started = performance.now();
}, 60_000);

afterAll(() => {
  writes?.restore();
  const seconds = (performance.now() - stats.started) / 1000;
  const classes = [...stats.byClass.entries()]
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  console.info(
    `Fuzz: ${stats.requests} requests over ${routes.length} routes in ${seconds.toFixed(1)} s ` +
      `(${Math.round(stats.requests / seconds)}/s, seed ${seed}); ${classes}; refused without a write: ${stats.refusedUnwritten}`,
  );
});

describe('Fuzz: every route of the topology', () => {
  it('covers every route /v1/openapi.json documents, and no other', async () => {
    const answer = answerOf(await httpHandlers.platform(httpEvent({ method: 'GET', path: '/v1/openapi.json' }), lambdaContext('platform')));
    const documented = Object.entries(answer.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual((routes as readonly RouteDef[]).map(routeKey).sort());
  });

  it('refuses a request without claims on every route that needs sign-in with 403 problem+json from the function itself', async () => {
    // In the cloud API Gateway's JWT authorizer answers 401 first; a function reached without claims still refuses.
    for (const route of (routes as readonly RouteDef[]).filter((r) => r.auth !== 'public')) {
      const path = route.path.replace(/\{\w+\}/g, 'some-id');
      const answer = answerOf(
        await httpHandlers[route.fn as HttpFunctionName](
          httpEvent({ method: route.method, path, routeKey: routeKey(route) }),
          lambdaContext(route.fn),
        ),
      );
      expect(answer.status, `${route.id}: ${answer.raw}`).toBe(403);
      expect(answer.headers['content-type'], route.id).toMatch(/^application\/problem\+json/);
      expect(answer.body, route.id).toMatchObject({ type: 'https://api.test/problems/forbidden', title: '无权操作', status: 403 });
    }
  });

  (routes as readonly RouteDef[]).forEach((route, n) => {
    it(`${route.id}: ${route.method} ${route.path} answers < 500 and problem+json, and changes nothing when it refuses`, async () => {
      const handler = httpHandlers[route.fn as HttpFunctionName];
      const plans = requestPlan({
        params: route.path.includes('{'),
        query: schemasOf(route).query !== undefined,
        cursor: queryFields(route).includes('cursor'),
        body: schemasOf(route).body !== undefined,
        idempotent: route.idempotent === true,
        public: route.auth === 'public',
      });
      // Keys written by requests that succeeded: the only changes the table may show after this route's run.
      const explained = new Set<string>();
      const property = fc.asyncProperty(plans, async (plan) => {
        const request = await fuzzRequest(fuzz, route, plan);
        writes.drain();
        const answer = answerOf(await handler(request.event, lambdaContext(route.fn)));
        const written = writes.drain();
        expectDocumented({ method: route.method, path: request.event.rawPath }, answer, route);
        count(answer, written);
        checkAnswer(answer, request);
        if (answer.status < 400) for (const key of written) explained.add(key);
        // A refused request may claim and release its Idempotency-Key; it writes nothing else.
        else
          expect(
            written.filter((key) => !key.startsWith('IDEMP#')),
            `${request.summary}\n→ ${answer.status} wrote items although refused`,
          ).toEqual([]);
      });
      let unexplained: string[] = [];
      try {
        await fc.assert(property, { seed: seed + n, numRuns: runsPerRoute, verbose: 1 });
      } finally {
        // The next route compares with what this one left, whether or not it passed.
        const after = await snapshotTable(table);
        unexplained = touched(diffSnapshots(baseline, after)).filter((key) => !explained.has(key));
        baseline = after;
      }
      expect(unexplained, 'items changed that no successful request wrote').toEqual([]);
    }, 120_000);
  });

  it(`sent at least ${minimumRequests} requests`, () => {
    expect(stats.requests).toBeGreaterThanOrEqual(minimumRequests);
  });
});
