import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/http/caller.ts';
import { routes, type RouteDef, type RouteId } from '../../shared/topology.ts';
import { callApi, routeOfRequest } from '../support/api.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { routeRequests } from '../support/route-requests.ts';
import { diffSnapshots, snapshotTable, type TableSnapshot } from '../support/table-snapshot.ts';
import { jointOrganiser, seedWorld, type ProvinceCallers, type ProvinceWorld, type World } from '../support/world.ts';

/*
 * Tenancy: every route of the topology × every role, aimed at a resource of 湖南 (430000) by callers scoped to 湖北
 * (the province, or one of its counties) → 403 or 404, and never the resource's data: no id, name, phone or email
 * of 湖南's people and records appears in any answer (unless the request itself carried it). Where a route is
 * national by design (frameworks, campaigns, the region directory, calendars) the matrix says so and why; a
 * route without an entry fails. The admin is national: it gets through on the same requests. Public routes
 * show no personal data of anyone.
 */

/** A status, or a status and the problem type that explains it. */
type Expected = number | readonly [number, string];

/** How a route behaves towards a caller of another province. */
interface MatrixEntry {
  /** Why this route answers callers of another province (2xx allowed; still none of the other province's personal data). */
  shared?: string;
  /** What the national admin gets from the same request, run after the whole matrix (state moves in topology order). */
  admin?: Expected;
  /** For routes the admin may not call: a caller of the resource's own province, and what it gets. */
  owner?: { caller: keyof ProvinceCallers; expect: Expected };
  /** Refused like an unknown id, with the status the route gives an unknown id in a body (not 403/404). */
  refusedAsUnknown?: { status: number; unknown: (request: HttpRequest) => HttpRequest };
}

const national = 'national by design';

/** Every non-public route, by id: a route the topology adds without an entry here fails the first test. */
const matrix: Record<Exclude<RouteId, PublicRoute>, MatrixEntry> = {
  createUnit: { admin: 201 },
  listUnits: { admin: 200 },
  getUnit: { admin: 200 },
  updateUnit: { admin: 200 },
  getUnitDossier: { admin: 200 },
  listRegions: { shared: `${national}: the GB/T 2260 directory of regions holds no records of anyone`, admin: 200 },
  getRegion: { shared: `${national}: the GB/T 2260 directory of regions holds no records of anyone`, admin: 200 },
  putAuthority: { admin: 200 },
  getAuthority: { admin: 200 },
  createFramework: { shared: `${national}: a framework belongs to no region; an authority of any region may add a version`, admin: 201 },
  listFrameworks: { shared: `${national}: frameworks are the common scoring rules`, admin: 200 },
  getFramework: { shared: `${national}: frameworks are the common scoring rules`, admin: 200 },
  scoreFramework: { shared: `${national}: a preview of hypothetical sheets, stores and reveals nothing`, admin: 200 },
  createCampaign: { admin: 201 },
  listCampaigns: { shared: `${national}: campaigns are announced to everyone signed in, so that units find them`, admin: 200 },
  getCampaign: { shared: `${national}: campaigns are announced to everyone signed in, so that units find them`, admin: 200 },
  rankCampaign: { admin: [409, 'not-rankable'] },
  finalizeCampaign: { admin: [409, 'not-due'] },
  concludeCampaign: { admin: [409, 'not-due'] },
  refillCampaign: { admin: [409, 'not-in-public-notice'] },
  recordDecision: { admin: 200 },
  // The world's campaign is open: its documents exist from the ranking on.
  getCampaignDocument: { admin: [409, 'not-ranked'] },
  putOnSite: { admin: [409, 'conflict'] },
  createSubmission: { admin: [409, 'already-applied'] },
  listCampaignSubmissions: { shared: "the campaign is national; its submissions are filtered to the caller's region", admin: 200 },
  campaignProgress: { admin: 200 },
  listUnitSubmissions: { admin: 200 },
  getSubmission: { admin: 200 },
  putSelfAssessment: { admin: [409, 'illegal-transition'] },
  transitionSubmission: { admin: [409, 'illegal-transition'] },
  getHistory: { admin: 200 },
  createEvidence: { admin: [409, 'illegal-transition'] },
  confirmEvidence: { admin: 200 },
  listEvidence: { admin: 200 },
  createAssignment: { admin: [409, 'already-assigned'] },
  declineAssignment: { owner: { caller: 'reviewer', expect: 200 } },
  putSheet: { owner: { caller: 'reviewer', expect: [409, 'declined'] } },
  getMySheet: { owner: { caller: 'reviewer', expect: [404, 'not-found'] } },
  listRoundSheets: { admin: [409, 'round-not-closed'] },
  closeRound: { admin: [409, 'sheets-missing'] },
  declareRectification: { admin: [409, 'illegal-transition'] },
  createAppeal: { owner: { caller: 'unit', expect: [409, 'appeal-window-closed'] } },
  decideAppeal: { admin: [404, 'not-found'] },
  reEvaluateSubmission: { admin: [409, 'illegal-transition'] },
  createObjection: { admin: [409, 'not-in-public-notice'] },
  decideObjection: { admin: [404, 'not-found'] },
  putReviewer: { admin: 200 },
  getReviewer: { admin: 200 },
  createConflict: { admin: 201 },
  listMyAssignments: { shared: "the caller's own assignments: none of another province", owner: { caller: 'reviewer', expect: 200 } },
  getMyWork: { shared: "the caller's own open work, keyed by its agency, region or sub: none of another province", admin: 200 },
  putCalendar: { admin: 200 },
  getCalendar: { shared: `${national}: the State Council's working-day calendar`, admin: 200 },
  createFiling: { admin: 201 },
  listFilings: { admin: 200 },
  acknowledgeFiling: { admin: 200 },
  createInstructor: { admin: 201 },
  listInstructors: { admin: 200 },
  getInstructor: { admin: 200 },
  updateInstructor: { admin: 200 },
  adjustInstructor: { admin: 200 },
  createTraining: { admin: 201 },
  listTrainings: { admin: 200 },
  appointInstructor: { admin: [409, 'not-active'] },
  listUnitInstructors: { admin: 200 },
  unitsWithoutInstructors: { admin: 200 },
  trainingReport: { admin: 200 },
  createPlan: { admin: 201 },
  listPlans: { admin: 200 },
  getPlan: { admin: 200 },
  createTask: { admin: 201 },
  listTasks: { admin: 200 },
  importTasks: { admin: 200 },
  getBoard: { admin: 200 },
  getTask: { admin: 200 },
  reportProgress: { admin: 201 },
  reviewTask: { admin: [409, 'illegal-transition'] },
  createTaskEvidence: { admin: 201 },
  confirmTaskEvidence: { admin: 200 },
  coverageReport: { admin: 200 },
  namingReport: { admin: 200 },
  importNamings: {
    // Each row is refused on its own: a unit of another province reads exactly as a unit that does not exist.
    refusedAsUnknown: {
      status: 422,
      unknown: (request) => ({ ...request, body: { rows: [{ ...(request.body as { rows: object[] }).rows[0], unitId: randomUUID() }] } }),
    },
    admin: 201,
  },
  listNamings: { admin: 200 },
  listEligibleNamings: { admin: 200 },
  getNaming: { admin: 200 },
  revokeNaming: { admin: 200 },
  decideRevocationProposal: { admin: [409, 'no-revocation-proposal'] },
  listNamingNotices: { admin: 200 },
  createRecheck: { admin: 201 },
  listRechecks: { admin: 200 },
  recordRecheckOutcome: { admin: 200 },
  recordInspectionFindings: { admin: 200 },
  postMailEvent: { admin: 202 },
  listDeadLetters: { admin: 200 },
  redriveNotices: { admin: 202 },
  listAgendaFailures: { admin: 200 },
  reindexTable: { admin: 200 },
  // The world's submission nominates no individual: nothing to erase, whoever asks.
  erasePersonalData: { admin: [409, 'term-running'] },
  createClient: { admin: 201 },
  getClient: { admin: 200 },
  getCosts: {
    shared: 'finance reads every agency\'s costs (get-costs.ts: "finance and admin see every agency"); an authority only its own',
    admin: 200,
  },
  getForecast: { shared: 'an aggregate of every agency: no agency, person or record in it', admin: 200 },
  // Webhook subscriptions are an authority's own (the admin is not admitted): another agency's reads as one that does not exist.
  createWebhook: {
    shared: "a subscription is made for the caller's own agency only: it names no other, and none of 湖南's appears",
    owner: { caller: 'provinceAuthority', expect: 201 },
  },
  listWebhooks: {
    shared: "the caller's own agency's subscriptions only: none of 湖南's appears",
    owner: { caller: 'provinceAuthority', expect: 200 },
  },
  getWebhook: { owner: { caller: 'provinceAuthority', expect: 200 } },
  updateWebhook: { owner: { caller: 'provinceAuthority', expect: 200 } },
  deleteWebhook: { owner: { caller: 'provinceAuthority', expect: 204 } },
  rotateWebhookSecret: { owner: { caller: 'provinceAuthority', expect: 200 } },
  pingWebhook: { owner: { caller: 'provinceAuthority', expect: 202 } },
  listWebhookDeliveries: { owner: { caller: 'provinceAuthority', expect: 200 } },
  redeliverWebhookDelivery: { owner: { caller: 'provinceAuthority', expect: 202 } },
};

/** The routes without sign-in. */
type PublicRoute = 'health' | 'openapi' | 'docs' | 'docsScript' | 'getProblemType' | 'listRegistry' | 'getRegistryEntry';
const publicRoutes: readonly PublicRoute[] = [
  'health',
  'openapi',
  'docs',
  'docsScript',
  'getProblemType',
  'listRegistry',
  'getRegistryEntry',
];

let world: World;
let table: string;
let before: TableSnapshot;

const foreign = () => world.hunan;

/** The callers of 湖北, one per role (two authorities: the province, and one of its counties), once the world is seeded. */
const hubeiCallers: readonly [string, (w: World) => Caller][] = [
  ['unit of 湖北 (江岸区)', (w) => w.hubei.callers.unit],
  ['authority of 湖北 (the province)', (w) => w.hubei.callers.provinceAuthority],
  ['authority of 江岸区 (a county of 湖北)', (w) => w.hubei.callers.countyAuthority],
  ['reviewer of 湖北', (w) => w.hubei.callers.reviewer],
  ['finance of 湖北', (w) => w.hubei.callers.finance],
];

async function requestFor(route: RouteDef, target: ProvinceWorld, caller: Caller): Promise<HttpRequest> {
  const request = await routeRequests[route.id as RouteId]({ target, world, caller, unique: randomUUID().slice(0, 12) });
  // Guard against a vacuous 404: the request must reach the route under test, not the router's "no such route".
  expect(routeOfRequest(request)?.id, `${request.method} ${request.path}`).toBe(route.id);
  return request;
}

/** What the other province must keep to itself: its people's phones, emails and names, its records' ids and names. */
function expectNoForeignData(answer: Answer, request: HttpRequest, province: ProvinceWorld): void {
  const sent = JSON.stringify(request);
  const { personal, ids, names } = province.secrets;
  // What the caller sent comes back in problem details (`instance`, "No unit <id> …"): that tells it nothing new.
  const leaked = [...personal, ...ids, ...names].filter((secret) => !sent.includes(secret) && (answer.raw ?? '').includes(secret));
  expect(leaked, `${request.method} ${request.path} → ${answer.status} ${answer.raw?.slice(0, 400)}`).toEqual([]);
}

function expectAnswer(answer: Answer, expected: Expected, context: string): void {
  const [status, type] = typeof expected === 'number' ? [expected, undefined] : expected;
  expect(answer.status, `${context} → ${answer.raw?.slice(0, 400)}`).toBe(status);
  if (status >= 400) expect(answer.headers['content-type'], context).toMatch(/^application\/problem\+json/);
  if (type) expect(answer.body.type, context).toMatch(new RegExp(`^https?://[^/]+/problems/${type}$`));
}

beforeAll(async () => {
  table = await useOwnMainTable('tenancy');
  world = await seedWorld('tenancy');
  before = await snapshotTable(table);
}, 60_000);

describe('Tenancy matrix: callers of 湖北 against resources of 湖南', () => {
  it('has an entry for every route of the topology', () => {
    const missing = (routes as readonly RouteDef[])
      .map((r) => r.id)
      .filter((id) => !(id in matrix) && !(publicRoutes as readonly string[]).includes(id));
    expect(missing, 'routes without a tenancy matrix entry: add one to test/security/tenancy.test.ts').toEqual([]);
    const publicInTopology = (routes as readonly RouteDef[])
      .filter((r) => r.auth === 'public')
      .map((r) => r.id)
      .sort();
    expect(publicInTopology).toEqual([...publicRoutes].sort());
  });

  for (const route of (routes as readonly RouteDef[]).filter((r) => r.auth !== 'public')) {
    describe(`${route.id}: ${route.method} ${route.path}`, () => {
      for (const [who, callerOf] of hubeiCallers) {
        it(`keeps 湖南's records from the ${who}: 403 or 404, and none of their data`, async () => {
          const caller = callerOf(world);
          const request = await requestFor(route, foreign(), caller);
          const answer = await callApi(request);
          const context = `${who}: ${request.method} ${request.path}`;
          const { shared, refusedAsUnknown } = matrix[route.id as keyof typeof matrix];
          if (!(route.auth as readonly string[]).includes(caller.role))
            expectAnswer(answer, [403, 'forbidden'], `${context} (role not admitted)`);
          else if (refusedAsUnknown) {
            expect(answer.status, context).toBe(refusedAsUnknown.status);
            const unknown = await callApi(refusedAsUnknown.unknown(request));
            const scrub = (a: Answer) => JSON.stringify(a.body?.errors).replaceAll(/[0-9a-f-]{36}/g, '<id>');
            expect(scrub(answer), `${context}: refused otherwise than an unknown id`).toBe(scrub(unknown));
          } else {
            const allowed = shared ? [200, 201, 202, 204, 403, 404] : [403, 404];
            expect(allowed, `${context} → ${answer.status} ${answer.raw?.slice(0, 400)}`).toContain(answer.status);
          }
          if (answer.status >= 400) expect(answer.headers['content-type'], context).toMatch(/^application\/problem\+json/);
          expectNoForeignData(answer, request, foreign());
        });
      }
    });
  }

  describe('another agency of 湖南: the one that runs the campaign, wrote the plan or answers for the task is not 长沙', () => {
    // 长沙 (430100) covers the unit and the submission in 芙蓉区, but runs neither the campaign nor the plan of 湖南.
    const agencyScoped: RouteId[] = [
      'rankCampaign',
      'finalizeCampaign',
      'concludeCampaign',
      'refillCampaign',
      'recordDecision',
      'putOnSite',
      'campaignProgress',
      'createAssignment',
      'closeRound',
      'decideAppeal',
      'decideObjection',
      'reEvaluateSubmission',
      'createTask',
      'importTasks',
      'reviewTask',
      'reportProgress',
      'createTaskEvidence',
      'confirmTaskEvidence',
      'putAuthority',
      'getCosts',
    ];
    for (const id of agencyScoped) {
      it(`${id}: refuses the authority of 长沙 with 403 or 404`, async () => {
        const route = (routes as readonly RouteDef[]).find((r) => r.id === id)!;
        const request = await requestFor(route, foreign(), foreign().callers.cityAuthority);
        const answer = await callApi(request);
        expect([403, 404], `${request.method} ${request.path} → ${answer.status} ${answer.raw?.slice(0, 300)}`).toContain(answer.status);
      });
    }
  });

  describe("a co-organiser of 湖南's campaign (seed 004), scoped to 湖北, reads what the campaign's authority reads", () => {
    const joint = (): Caller => ({
      sub: 'joint-officer',
      role: 'authority',
      agencyId: jointOrganiser(world.hunan.spec.key),
      region: world.hubei.spec.province,
    });
    const outsider = () => world.hubei.callers.provinceAuthority;
    const ask = async (id: RouteId, caller: Caller) => {
      const route = (routes as readonly RouteDef[]).find((r) => r.id === id)!;
      return callApi(await requestFor(route, foreign(), caller));
    };

    it("lists the campaign's submissions to the co-organiser, and not to another authority of 湖北", async () => {
      const shown = await ask('listCampaignSubmissions', joint());
      expect(shown.status, shown.raw).toBe(200);
      expect(shown.body.items.map((s: { id: string }) => s.id)).toContain(foreign().submissionId);
      const filtered = await ask('listCampaignSubmissions', outsider());
      expect(filtered.status, filtered.raw).toBe(200);
      expect(filtered.body.items.map((s: { id: string }) => s.id)).not.toContain(foreign().submissionId);
    });

    for (const id of ['getSubmission', 'getHistory', 'listEvidence'] as const) {
      it(`${id}: 200 to the co-organiser, 404 to another authority of 湖北`, async () => {
        expectAnswer(await ask(id, joint()), 200, `co-organiser: ${id}`);
        expectAnswer(await ask(id, outsider()), [404, 'not-found'], `outsider: ${id}`);
      });
    }

    it("reaches a round's sheets (sealed while the round is open: 409), where another authority gets 404", async () => {
      expectAnswer(await ask('listRoundSheets', joint()), [409, 'round-not-closed'], 'co-organiser: listRoundSheets');
      expectAnswer(await ask('listRoundSheets', outsider()), [404, 'not-found'], 'outsider: listRoundSheets');
    });

    it("takes none of the organiser's steps: ranking, the decision, assignments are refused", async () => {
      for (const id of ['rankCampaign', 'finalizeCampaign', 'recordDecision', 'createAssignment', 'closeRound'] as const) {
        const answer = await ask(id, joint());
        expect([403, 404], `co-organiser: ${id} → ${answer.status} ${answer.raw?.slice(0, 300)}`).toContain(answer.status);
      }
    });
  });

  describe("webhook subscriptions (issue #21): 湖南's are found by no agency of 湖北", () => {
    const aimed: RouteId[] = [
      'getWebhook',
      'updateWebhook',
      'deleteWebhook',
      'rotateWebhookSecret',
      'pingWebhook',
      'listWebhookDeliveries',
      'redeliverWebhookDelivery',
    ];
    for (const id of aimed) {
      it(`${id}: 404 to the authorities of 湖北 (the province and a county), as for a subscription that does not exist`, async () => {
        const route = (routes as readonly RouteDef[]).find((r) => r.id === id)!;
        for (const caller of [world.hubei.callers.provinceAuthority, world.hubei.callers.countyAuthority]) {
          const request = await requestFor(route, foreign(), caller);
          const answer = await callApi(request);
          expectAnswer(answer, [404, 'not-found'], `${caller.agencyId}: ${request.method} ${request.path}`);
          expectNoForeignData(answer, request, foreign());
        }
      });
    }

    it("lists 湖北's own subscriptions to its province's authority, and none of 湖南's", async () => {
      const answer = await callApi(
        await requestFor(
          (routes as readonly RouteDef[]).find((r) => r.id === 'listWebhooks')!,
          foreign(),
          world.hubei.callers.provinceAuthority,
        ),
      );
      expect(answer.status, answer.raw).toBe(200);
      const ids = answer.body.items.map((w: { id: string }) => w.id);
      expect(ids).toEqual(expect.arrayContaining([world.hubei.webhookId, world.hubei.deletableWebhookId]));
      expect(ids).not.toContain(foreign().webhookId);
      expect(ids).not.toContain(foreign().deletableWebhookId);
      expect(answer.body.items.every((w: { agencyId: string }) => w.agencyId === world.hubei.agencies.province)).toBe(true);
    });
  });

  it("changed nothing of 湖南: every item as it was, save the framework versions that national route adds and 湖北's own subscriptions", async () => {
    const after = await snapshotTable(table);
    const diff = diffSnapshots(before, after);
    // 湖北's authorities may subscribe their own agencies: the subscription, its fan-out items, its agency's count and audit.
    const hubeiAgencies = Object.values(world.hubei.agencies);
    const ofHubeiWebhooks = (key: string) => {
      const item = JSON.parse(after.get(key)!) as { pk: string; agencyId?: string };
      return (
        hubeiAgencies.some((agency) => item.pk === `HOOKS#${agency}`) ||
        (item.pk.startsWith('WEBHOOKEVENT#') && hubeiAgencies.includes(item.agencyId!))
      );
    };
    expect(
      diff.changed.filter((key) => !ofHubeiWebhooks(key)),
      'items changed',
    ).toEqual([]);
    expect(diff.removed, 'items removed').toEqual([]);
    expect(
      diff.added.filter((key) => !/^(FRAMEWORK(VERSION)?|IDEMP)#/.test(key) && !ofHubeiWebhooks(key)),
      'items added',
    ).toEqual([]);
    // The matrix did subscribe 湖北 (its province's and its county's authority), so the allowance above is not idle.
    expect(diff.added.filter(ofHubeiWebhooks).length).toBeGreaterThan(0);
  });
});

describe('The admin is national: the same requests get through (run last, in topology order, as they change state)', () => {
  for (const route of (routes as readonly RouteDef[]).filter((r) => r.auth !== 'public')) {
    const { admin, owner } = matrix[route.id as keyof typeof matrix];
    if (admin !== undefined) {
      it(`${route.id}: the admin gets ${JSON.stringify(admin)}`, async () => {
        const request = await requestFor(route, foreign(), world.admin);
        expectAnswer(await callApi(request), admin, `admin: ${request.method} ${request.path}`);
      });
    } else {
      it(`${route.id}: not the admin's (403); the ${owner!.caller} of 湖南 gets ${JSON.stringify(owner!.expect)}`, async () => {
        expect((route.auth as readonly string[]).includes('admin')).toBe(false);
        const refused = await callApi(await requestFor(route, foreign(), world.admin));
        expectAnswer(refused, [403, 'forbidden'], `admin: ${route.id}`);
        const request = await requestFor(route, foreign(), foreign().callers[owner!.caller]);
        expectAnswer(await callApi(request), owner!.expect, `${owner!.caller}: ${request.method} ${request.path}`);
      });
    }
  }
});

describe("An advanced individual's personal data (issue #19)", () => {
  it('is read by the authorities in scope and the nominating unit; a county or province outside sees none of it', async () => {
    const { hubei, hunan } = world;
    const nominee = hunan.secrets.personal.filter((p) => p.startsWith('被推荐人') || p.startsWith('事迹-'));
    expect(nominee).toHaveLength(2);
    // The unit's dossier shows the nomination as its submission does (a reviewer may not ask for a dossier: 403).
    for (const path of [`/v1/submissions/${hunan.nominationId}`, `/v1/units/${hunan.unitId}/dossier`]) {
      for (const caller of [hunan.callers.provinceAuthority, hunan.callers.unit]) {
        const seen = await callApi({ method: 'GET', path, claims: caller });
        expect(seen.status).toBe(200);
        for (const secret of nominee) expect(seen.raw).toContain(secret);
      }
      for (const caller of [hubei.callers.countyAuthority, hubei.callers.provinceAuthority, hubei.callers.unit, hubei.callers.reviewer]) {
        const refused = await callApi({ method: 'GET', path, claims: caller });
        expect(refused.status).toBe(path.endsWith('/dossier') && caller.role === 'reviewer' ? 403 : 404);
        for (const secret of nominee) expect(refused.raw ?? '').not.toContain(secret);
      }
    }
  });
});

describe('Unit search by part of the name (issue #20) stays in the caller’s region', () => {
  it("finds 湖南's unit for 湖南, and never for a county or the province of 湖北 searching the same text", async () => {
    const { hubei, hunan } = world;
    const q = '民族团结社区';
    const search = (caller: Caller, query: Record<string, string> = {}) =>
      callApi({ method: 'GET', path: '/v1/units', claims: caller, query: { q, limit: '100', ...query } });
    const own = await search(hunan.callers.provinceAuthority);
    expect(own.status, own.raw).toBe(200);
    expect(own.body.items.map((u: { id: string }) => u.id)).toContain(hunan.unitId);
    for (const caller of [hubei.callers.countyAuthority, hubei.callers.provinceAuthority]) {
      const answer = await search(caller);
      expect(answer.status, answer.raw).toBe(200);
      expect(answer.body.items.map((u: { id: string }) => u.id)).toContain(hubei.unitId);
      expect(answer.raw).not.toContain(hunan.unitId);
      expect(answer.raw).not.toContain(hunan.unitName);
      const refused = await search(caller, { region: hunan.spec.province.slice(0, 2) });
      expectAnswer(refused, [403, 'forbidden'], 'search of 湖南 by a caller of 湖北');
      expectNoForeignData(refused, { method: 'GET', path: '/v1/units', claims: caller }, hunan);
    }
  });
});

describe('Public routes expose no personal data', () => {
  /** Every public request worth asking: each route for both provinces, signed in or not, and the registry by region, type and status. */
  const publicRequests = (): HttpRequest[] => {
    const requests: HttpRequest[] = [];
    for (const province of [world.hubei, world.hunan]) {
      for (const id of publicRoutes) {
        const base = routeRequests[id]({ target: province, world, caller: world.admin, unique: 'public' }) as HttpRequest;
        requests.push(base, { ...base, claims: province.callers.unit });
      }
      for (const region of [province.spec.province.slice(0, 2), province.spec.city.slice(0, 4), province.spec.county]) {
        for (const filter of [{}, { type: 'community' }, { status: 'active' }, { status: 'revoked' }, { level: 'province' }] as Record<
          string,
          string
        >[]) {
          requests.push({ method: 'GET', path: '/v1/registry', query: { region, limit: '100', ...filter } });
        }
      }
    }
    return requests;
  };

  it('answers every public request, and no phone, email or contact name of anyone seeded is in any answer', async () => {
    const people = [world.hubei, world.hunan].flatMap((p) => p.secrets.personal);
    let registryEntries = 0;
    for (const request of publicRequests()) {
      const answer = await callApi(request);
      expect(answer.status, `${request.method} ${request.path} ${JSON.stringify(request.query)}`).toBe(200);
      if (request.path === '/v1/registry') registryEntries += answer.body.items.length;
      const leaked = people.filter((secret) => (answer.raw ?? '').includes(secret));
      expect(leaked, `${request.method} ${request.path} ${JSON.stringify(request.query ?? {})}`).toEqual([]);
    }
    // The registry did list the seeded namings, so the absence above is not that of an empty answer.
    expect(registryEntries).toBeGreaterThan(0);
  });

  it('shows a registry entry with only what the public may know', async () => {
    const answer = await callApi(
      routeRequests.getRegistryEntry({ target: world.hunan, world, caller: world.admin, unique: 'public' }) as HttpRequest,
    );
    expect(Object.keys(answer.body).sort()).toEqual([
      'certificateNo',
      'expiresOn',
      'kind',
      'label',
      'level',
      'namedOn',
      'regionCode',
      'status',
      'unitName',
      'unitType',
    ]);
  });
});
