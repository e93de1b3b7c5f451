import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getClients } from '../../shared/clients.ts';
import { addDays } from '../../shared/domain/time.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { schemasOf } from '../../shared/contracts/index.ts';
import { routes, type RouteDef, type RouteId } from '../../shared/topology.ts';
import { callApi } from '../support/api.ts';
import { matchRoute, type Answer, type HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { routeRequests } from '../support/route-requests.ts';
import { diffSnapshots, snapshotTable, touched } from '../support/table-snapshot.ts';
import { seedWorld, type ProvinceWorld, type World } from '../support/world.ts';

/*
 * The conventions every route keeps (issue #18), walked over the topology:
 * - wherever a write answers with an ETag, If-Match is honoured by strong comparison (RFC 9110 §13.1.1): a
 *   well-formed tag that is not the current one → 412 and nothing changed, `*` → proceeds (412 when nothing is
 *   stored), a malformed header → 400 naming `If-Match`;
 * - every POST that creates (201) takes an Idempotency-Key, plain or quoted: the same key again → the same answer with
 *   `idempotent-replayed: true` and nothing written twice; another body → 422; a malformed key → 400;
 * - every 201 says where the new resource is (`Location`), and it reads there when a GET route serves that path.
 * ETag tests aim at 湖北's records, creations at 湖南's, so that neither disturbs the other's fixtures.
 */

let table: string;
let world: World;

/** POSTs that create but are not replayed, and why. */
const notReplayable: Partial<Record<RouteId, string>> = {
  createClient: "its answer holds the client's secret, shown once: a stored reply would show it again",
  createWebhook: "its answer holds the subscription's signing secret, shown once: a stored reply would show it again",
};

/**
 * Every write whose answer carries an ETag, with the GET that reads the same resource (its current ETag). A write missing
 * here fails the first test of the If-Match block (its contract declares an ETag) or the last (its answer carries one).
 */
const etagRoutes: Partial<Record<RouteId, (target: ProvinceWorld) => string>> = {
  updateUnit: (t) => `/v1/units/${t.unitId}`,
  putAuthority: (t) => `/v1/authorities/${t.agencies.province}`,
  rankCampaign: (t) => `/v1/campaigns/${t.campaignId}`,
  finalizeCampaign: (t) => `/v1/campaigns/${t.campaignId}`,
  concludeCampaign: (t) => `/v1/campaigns/${t.campaignId}`,
  refillCampaign: (t) => `/v1/campaigns/${t.campaignId}`,
  putOnSite: (t) => `/v1/campaigns/${t.campaignId}`,
  declareRectification: (t) => `/v1/submissions/${t.submissionId}`,
  recordDecision: (t) => `/v1/campaigns/${t.campaignId}`,
  putSelfAssessment: (t) => `/v1/submissions/${t.submissionId}`,
  transitionSubmission: (t) => `/v1/submissions/${t.submissionId}`,
  createAssignment: (t) => `/v1/submissions/${t.submissionId}`,
  closeRound: (t) => `/v1/submissions/${t.submissionId}`,
  decideAppeal: (t) => `/v1/submissions/${t.submissionId}`,
  reEvaluateSubmission: (t) => `/v1/submissions/${t.submissionId}`,
  decideObjection: (t) => `/v1/submissions/${t.submissionId}`,
  putReviewer: (t) => `/v1/reviewers/${t.reviewerId}`,
  putCalendar: () => '/v1/calendars/2099',
  updateInstructor: (t) => `/v1/instructors/${t.instructorId}`,
  reportProgress: (t) => `/v1/tasks/${t.taskId}`,
  reviewTask: (t) => `/v1/tasks/${t.taskId}`,
  revokeNaming: (t) => `/v1/namings/${t.revocableNamingId}`,
  decideRevocationProposal: (t) => `/v1/namings/${t.namingId}`,
  updateWebhook: (t) => `/v1/webhooks/${t.webhookId}`,
  rotateWebhookSecret: (t) => `/v1/webhooks/${t.webhookId}`,
};

const routeOf = (id: RouteId) => (routes as readonly RouteDef[]).find((r) => r.id === id)!;

/** Who sends a route's well-formed request: the admin where admitted, else the caller of the target it is meant for. */
function callerFor(route: RouteDef, target: ProvinceWorld): Caller {
  if ((route.auth as readonly string[]).includes('admin')) return world.admin;
  return Object.values(target.callers).find((c) => (route.auth as readonly string[]).includes(c.role))!;
}

/** The well-formed request of a route with these headers instead of its own If-Match and Idempotency-Key. */
async function requestOf(
  route: RouteDef,
  target: ProvinceWorld,
  headers: Record<string, string>,
  caller = callerFor(route, target),
): Promise<HttpRequest> {
  const base = await routeRequests[route.id as RouteId]({ target, world, caller, unique: randomUUID().slice(0, 12) });
  const { 'if-match': _i, 'idempotency-key': _k, ...own } = base.headers ?? {};
  return { ...base, headers: { ...own, ...headers } };
}

/** The current ETag of a resource as the admin (or the caller of a route the admin may not call) reads it; undefined when nothing is stored there. */
async function etagAt(path: string, reader: Caller = world.admin): Promise<string | undefined> {
  const read = await callApi({ method: 'GET', path, claims: reader });
  return read.status === 200 ? read.headers.etag : undefined;
}

const context = (request: HttpRequest, answer: Answer) =>
  `${request.method} ${request.path} → ${answer.status} ${answer.raw?.slice(0, 300)}`;

/** Sends a request and proves the table did not change. */
async function unchanged(request: HttpRequest): Promise<Answer> {
  const before = await snapshotTable(table);
  const answer = await callApi(request);
  expect(touched(diffSnapshots(before, await snapshotTable(table))), `${context(request, answer)}\nchanged items`).toEqual([]);
  return answer;
}

function expectProblem(answer: Answer, request: HttpRequest, status: number, type?: string): void {
  expect(answer.status, context(request, answer)).toBe(status);
  expect(answer.headers['content-type'], context(request, answer)).toMatch(/^application\/problem\+json/);
  if (type) expect(answer.body.type, context(request, answer)).toMatch(new RegExp(`/problems/${type}$`));
}

/** Sets fields of a stored item directly: the state a route needs that the world does not reach by itself. */
async function setFields(key: { pk: string; sk: string }, fields: Record<string, unknown>): Promise<void> {
  const names = Object.keys(fields);
  await getClients().doc.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
    }),
  );
}

beforeAll(async () => {
  table = await useOwnMainTable('conventions');
  world = await seedWorld('conventions');
}, 60_000);

describe('If-Match, wherever a write answers with an ETag', () => {
  it('aims at every write whose contract declares an ETag, but the creates (theirs is the ETag of what they made)', () => {
    const declared = (routes as readonly RouteDef[]).filter((r) => r.method !== 'GET' && schemasOf(r).etag).map((r) => r.id);
    expect(declared.filter((id) => !(id in etagRoutes)).sort()).toEqual([
      'createCampaign',
      'createInstructor',
      'createSubmission',
      'createUnit',
      'createWebhook',
    ]);
    expect(Object.keys(etagRoutes).filter((id) => !declared.includes(id))).toEqual([]);
  });

  for (const [id, readPath] of Object.entries(etagRoutes) as [RouteId, (t: ProvinceWorld) => string][]) {
    const route = routeOf(id);
    it(`${id}: ${route.method} ${route.path} refuses a stale tag with 412 and a malformed one with 400, changing nothing; "*" proceeds`, async () => {
      // Prepare
      const target = world.hubei;
      const current = await etagAt(readPath(target), callerFor(route, target));
      const version = current ? Number(JSON.parse(current)) : 0;
      const stale = ['"stale-etag"', `"${version + 100}"`, `W/"${version}"`, `"0${version}", "stale-etag"`];
      const malformed = ['stale-etag', `"${version}`, `${version}`, '"a" "b"', '*, "1"'];

      // Act, Assess
      for (const tag of stale) {
        const request = await requestOf(route, target, { 'if-match': tag });
        expectProblem(await unchanged(request), request, 412, 'stale-version');
      }
      for (const tag of malformed) {
        const request = await requestOf(route, target, { 'if-match': tag });
        const answer = await unchanged(request);
        expectProblem(answer, request, 400, 'malformed-request');
        expect(answer.body.errors, context(request, answer)).toEqual([expect.objectContaining({ pointer: 'If-Match' })]);
      }
      const any = await requestOf(route, target, { 'if-match': '*' });
      if (current === undefined) expectProblem(await unchanged(any), any, 412, 'stale-version');
      else {
        const answer = await callApi(any);
        expect([400, 412, 428], `"*" must pass the precondition: ${context(any, answer)}`).not.toContain(answer.status);
      }
    });
  }

  it('"*" on a reviewer not registered yet → 412 and nobody registered; the current tag in a list → proceeds', async () => {
    const target = { ...world.hubei, reviewerId: `reviewer-${randomUUID().slice(0, 8)}` };
    const any = await requestOf(routeOf('putReviewer'), target, { 'if-match': '*' });
    expectProblem(await unchanged(any), any, 412, 'stale-version');
    expect(await etagAt(`/v1/reviewers/${target.reviewerId}`)).toBeUndefined();

    const registered = await callApi(await requestOf(routeOf('putReviewer'), target, {}));
    expect(registered.status).toBe(200);
    const listed = await requestOf(routeOf('putReviewer'), target, { 'if-match': `"stale-etag", W/"1", ${registered.headers.etag}` });
    const answer = await callApi(listed);
    expect(answer.status, context(listed, answer)).toBe(200);
    expect(answer.headers.etag).toBe('"2"');
  });

  it('lists every write that answers with an ETag: any other that succeeds with a stale If-Match gives none', async () => {
    // Run last: these requests may succeed and move 湖北's records on.
    const others = (routes as readonly RouteDef[]).filter(
      (r) => r.method !== 'GET' && !(r.id in etagRoutes) && !(r.method === 'POST' && r.status === 201) && r.id !== 'createClient',
    );
    for (const route of others) {
      const request = await requestOf(route, world.hubei, { 'if-match': '"stale-etag"' });
      const answer = await callApi(request);
      if (answer.status < 300) expect(answer.headers.etag, `${route.id} answers with an ETag: add it to etagRoutes`).toBeUndefined();
    }
  });
});

/** Per creating route, the state of 湖南 it needs for a create to succeed, when the seeded world is not in it. */
const fixtures: Partial<Record<RouteId, (target: ProvinceWorld) => Promise<{ target?: Partial<ProvinceWorld>; caller?: Caller }>>> = {
  // The world's unit has applied already: a unit of its own.
  createSubmission: async (target) => ({ target: { unitId: await created('createUnit', target) } }),
  // The world's submission is under review: a draft of its own.
  createEvidence: async (target) => {
    const unitId = await created('createUnit', target);
    return { target: { submissionId: await created('createSubmission', { ...target, unitId }) } };
  },
  // The world's reviewer is assigned already: another of the pool.
  createAssignment: async (target) => {
    const reviewerId = `reviewer-${randomUUID().slice(0, 8)}`;
    const put = await callApi(await requestOf(routeOf('putReviewer'), { ...target, reviewerId }, {}));
    expect(put.status, put.raw).toBe(200);
    return { target: { reviewerId } };
  },
  // The campaign ranked, the submission scored: the appeal window is open.
  createAppeal: async (target) => {
    await setFields({ pk: `CAMPAIGN#${target.campaignId}`, sk: 'CAMPAIGN' }, { status: 'ranked', appealEndsOn: addDays(world.today, 5) });
    await setFields({ pk: `SUB#${target.submissionId}`, sk: 'SUB' }, { state: 'scored' });
    return { caller: target.callers.unit };
  },
  // The submission in public notice.
  createObjection: async (target) => {
    await setFields({ pk: `CAMPAIGN#${target.campaignId}`, sk: 'CAMPAIGN' }, { noticeEndsOn: addDays(world.today, 5) });
    await setFields({ pk: `SUB#${target.submissionId}`, sk: 'SUB' }, { state: 'public-notice' });
    return {};
  },
  // The world's instructor is spoken for: a new one, for a new unit.
  appointInstructor: async (target) => ({
    target: { instructorId: await created('createInstructor', target), unitId: await created('createUnit', target) },
  }),
};

/** Creates something through its route (as the admin) and returns its id. */
async function created(id: RouteId, target: ProvinceWorld): Promise<string> {
  const answer = await callApi(await requestOf(routeOf(id), target, {}));
  expect(answer.status, `${id}: ${answer.raw}`).toBe(201);
  return answer.body.id as string;
}

/** The same JSON, spelled otherwise: another body byte for byte, which is what the key's fingerprint compares. */
const respelled = (body: unknown) => (typeof body === 'string' ? `${body}\n` : JSON.stringify(body, null, 2));

describe('Idempotency-Key and Location, on every POST that creates', () => {
  const creating = (routes as readonly RouteDef[]).filter((r) => r.method === 'POST' && r.status === 201);

  it('marks every creating POST idempotent', () => {
    expect(creating.filter((r) => !r.idempotent && !(r.id in notReplayable)).map((r) => r.id)).toEqual([]);
  });

  for (const route of creating.filter((r) => !(r.id in notReplayable))) {
    it(`${route.id}: ${route.method} ${route.path} answers a repeated key (plain or quoted) once, refuses it with another body (422) and says where the new resource is`, async () => {
      // Prepare
      const prepared = await fixtures[route.id as RouteId]?.(world.hunan);
      const target = { ...world.hunan, ...prepared?.target };
      const key = randomUUID();
      const request = await requestOf(route, target, { 'idempotency-key': key }, prepared?.caller);
      const before = await snapshotTable(table);

      // Act
      const first = await callApi(request);
      const afterFirst = await snapshotTable(table);
      const again = await callApi(request);
      const quoted = await callApi({ ...request, headers: { ...request.headers, 'idempotency-key': `"${key}"` } });
      const afterReplays = await snapshotTable(table);
      const otherBody = await callApi({ ...request, body: respelled(request.body) });
      const malformed = await unchanged({ ...request, headers: { ...request.headers, 'idempotency-key': `"${key}` } });

      // Assess
      expect(first.status, context(request, first)).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(touched(diffSnapshots(before, afterFirst)).filter((k) => !k.startsWith('IDEMP#')).length).toBeGreaterThan(0);
      for (const replay of [again, quoted]) {
        expect(replay.status, context(request, replay)).toBe(201);
        expect(replay.raw).toBe(first.raw);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.headers.location).toBe(first.headers.location);
      }
      expect(touched(diffSnapshots(afterFirst, afterReplays)), 'a replay writes nothing').toEqual([]);
      expectProblem(otherBody, request, 422, 'idempotency-key-reused');
      expectProblem(malformed, request, 400, 'malformed-request');
      expect(malformed.body.errors).toEqual([expect.objectContaining({ pointer: 'Idempotency-Key' })]);

      const location = first.headers.location;
      expect(location, `${route.id} answers 201 without Location`).toMatch(/^\/v1\//);
      const [path, query] = location!.split('?');
      if (matchRoute('GET', path!)) {
        const read = await callApi({
          method: 'GET',
          path: path!,
          claims: request.claims,
          ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
        });
        expect(read.status, `GET ${location}: ${read.raw?.slice(0, 300)}`).toBe(200);
      }
    });
  }
});
