import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InitializeMiddleware } from '@smithy/types';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { createCampaign, saveCampaign } from '../../shared/data/campaigns.ts';
import { createFramework } from '../../shared/data/frameworks.ts';
import type { Store } from '../../shared/data/store.ts';
import { createSubmission, saveSubmission } from '../../shared/data/submissions.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { createUnit, updateUnit } from '../../shared/data/units.ts';
import type { Actor } from '../../shared/data/audit.ts';
import type { Campaign, CampaignStatus } from '../../shared/domain/campaigns.ts';
import type { SubmissionState } from '../../shared/domain/submissions.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit, UnitType } from '../../shared/domain/units.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { authority } from '../support/callers.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { callCampaigns, callUnits, expectProblem, unitBody } from '../support/workflow.ts';

/*
 * Issue #16: a list's filter is served by a key (the `filter` index), so a filtered page reads at most about twice
 * what it returns, however many items of other values share its region. Each list is seeded with many items of other
 * values and a few of the filtered one, some moved into or out of it by a later write; every Query the handler makes
 * is counted by the items DynamoDB evaluated (ScannedCount), which a FilterExpression would not lower. The file has
 * a main table of its own (长沙市, 430100, and 株洲市, 430200).
 */

const now = new Date().toISOString();
const today = civilDateAt(new Date());
const changsha = authority('430100', 'changsha-ethnic-affairs');
const furong = authority('430102', 'furong-ethnic-affairs');
const actor: Actor = { sub: 'keyed-filters', role: 'authority', agencyId: changsha.agencyId, requestId: 'keyed-filters-seed' };

/** Items DynamoDB evaluated in each Query since the last `reads()`. */
const scanned: number[] = [];

function readCounter(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === 'QueryCommand') scanned.push((result.output as { ScannedCount?: number }).ScannedCount ?? 0);
    return result;
  };
}

/** How many items the Queries since the last call read, and starts counting anew. */
function reads(): number {
  return scanned.splice(0).reduce((sum, n) => sum + n, 0);
}

/** Every item of a list, following cursors `limit` at a time, and how many items its Queries read. */
async function listAll(
  call: (request: HttpRequest) => Promise<Answer>,
  request: HttpRequest,
  limit = 100,
): Promise<{ ids: string[]; read: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  reads();
  do {
    const answer = await call({ ...request, query: { ...request.query, limit: String(limit), ...(cursor ? { cursor } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids.push(...answer.body.items.map((item: { id: string }) => item.id));
    cursor = answer.body.cursor;
  } while (cursor);
  return { ids, read: reads() };
}

/** The cursor of a list's first page of one item. */
async function firstCursor(call: (request: HttpRequest) => Promise<Answer>, request: HttpRequest): Promise<string> {
  const answer = await call({ ...request, query: { ...request.query, limit: '1' } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.cursor).toEqual(expect.any(String));
  return answer.body.cursor as string;
}

const sorted = (ids: readonly string[]) => [...ids].sort();

async function seedUnit(store: Store, type: UnitType, regionCode: string): Promise<Unit> {
  return createUnit(
    store,
    { ...unitBody(`长沙市筛选测试单位 ${randomUUID().slice(0, 6)}`, regionCode, 'changsha@example.cn'), type },
    actor,
    now,
  );
}

async function retypeUnit(store: Store, unit: Unit, type: UnitType): Promise<Unit> {
  return updateUnit(store, unit, { ...unit, type, version: unit.version + 1, updatedAt: now }, actor, now);
}

async function seedCampaign(store: Store, frameworkId: string, regionCode: string): Promise<Campaign> {
  return createCampaign(
    store,
    {
      name: `长沙市示范单位命名（筛选 ${randomUUID().slice(0, 6)}）`,
      kind: 'naming',
      level: 'city',
      regionCode,
      frameworkId,
      rounds: [{ name: 'document', weight: 1 }],
      passMark: 60,
      quota: 3,
      grassrootsShare: 0.5,
      benchmarks: {},
      dates: {
        applicationsOpen: addDays(today, -10),
        applicationsClose: addDays(today, 20),
        documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 5,
      },
    },
    actor,
    now,
  );
}

async function moveCampaign(store: Store, campaign: Campaign, status: CampaignStatus): Promise<Campaign> {
  return saveCampaign(store, campaign, { ...campaign, status }, { actor, action: 'keyed-filters', at: now });
}

async function seedSubmission(store: Store, campaign: Campaign, regionCode: string): Promise<Submission> {
  const unit: Unit = {
    id: randomUUID(),
    ...unitBody(`长沙市筛选测试社区 ${randomUUID().slice(0, 6)}`, regionCode, 'changsha@example.cn'),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createSubmission(store, campaign, unit, actor, now);
}

async function moveSubmission(store: Store, submission: Submission, state: SubmissionState): Promise<Submission> {
  return saveSubmission(store, submission, { ...submission, state }, { actor, action: 'keyed-filters', at: now });
}

/** Runs `make` for each of `n`, one at a time (the seeds share counters and a framework item). */
async function times<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let i = 0; i < n; i++) made.push(await make(i));
  return made;
}

describe('Keyed filters (issue #16)', () => {
  const expected = { schools: [] as string[], ranked: [] as string[], submitted: [] as string[], submittedInFurong: [] as string[] };
  let campaignId: string;

  beforeAll(async () => {
    await useOwnMainTable('keyed-filters');
    getClients().dynamo.middlewareStack.add(readCounter(), { step: 'initialize', name: 'keyedFiltersReadCounter' });
    const store = mainStore();

    // Units in 长沙市: 36 communities and 4 schools; one school becomes a community and one community a school.
    const communities = await times(36, (i) => seedUnit(store, 'community', i % 2 ? '430102' : '430103'));
    const schools = await times(4, () => seedUnit(store, 'school', '430102'));
    await seedUnit(store, 'school', '430202');
    await retypeUnit(store, schools[0]!, 'community');
    const retyped = await retypeUnit(store, communities[0]!, 'school');
    expected.schools = [...schools.slice(1).map((u) => u.id), retyped.id];

    // Campaigns in 湖南省: 30 open; 3 ranked, of which one has moved on to its public notice.
    const framework = await createFramework(store, { ...demoFramework, version: `keyed-filters-${randomUUID().slice(0, 6)}` }, actor, now);
    const campaigns = await times(30, (i) => seedCampaign(store, framework.id, i % 2 ? '430100' : '430200'));
    const ranked = await Promise.all(campaigns.slice(0, 3).map((c) => moveCampaign(store, c, 'ranked')));
    await moveCampaign(store, ranked[0]!, 'public-notice');
    expected.ranked = ranked.slice(1).map((c) => c.id);

    // One campaign's submissions: 30 drafts; 5 submitted, of which one has been recommended since.
    const campaign = campaigns[29]!;
    campaignId = campaign.id;
    const drafts = await times(30, (i) => seedSubmission(store, campaign, i % 3 ? '430102' : '430103'));
    const submitted = await Promise.all(drafts.slice(0, 5).map((s) => moveSubmission(store, s, 'submitted')));
    await moveSubmission(store, submitted[0]!, 'recommended');
    expected.submitted = submitted.slice(1).map((s) => s.id);
    expected.submittedInFurong = submitted
      .slice(1)
      .filter((s) => s.regionCode === '430102')
      .map((s) => s.id);
  });

  describe('Route: GET /v1/units?type=', () => {
    const list: HttpRequest = { method: 'GET', path: '/v1/units', claims: changsha, query: { region: '4301' } };
    const schools: HttpRequest = { ...list, query: { region: '4301', type: 'school' } };

    it('returns the units of the type, those retyped included, reading at most twice as many', async () => {
      // Act
      const all = await listAll(callUnits, list);
      const filtered = await listAll(callUnits, schools);
      const paged = await listAll(callUnits, schools, 2);

      // Assess: the region holds ten times more, which a filter over it would read
      expect(all.ids.length).toBeGreaterThanOrEqual(10 * expected.schools.length);
      expect(sorted(filtered.ids)).toEqual(sorted(expected.schools));
      expect(filtered.read).toBeGreaterThanOrEqual(filtered.ids.length);
      expect(filtered.read).toBeLessThanOrEqual(2 * filtered.ids.length);
      expect(sorted(paged.ids)).toEqual(sorted(expected.schools));
      expect(paged.read).toBeLessThanOrEqual(2 * paged.ids.length);
    });

    it('refuses (400) a cursor of the unfiltered list on the filtered one, and of one type on another list', async () => {
      // Prepare
      const unfiltered = await firstCursor(callUnits, list);
      const ofSchools = await firstCursor(callUnits, schools);

      // Act
      const answers = await Promise.all([
        callUnits({ ...schools, query: { ...schools.query, cursor: unfiltered } }),
        callUnits({ ...list, query: { ...list.query, cursor: ofSchools } }),
        callUnits({ ...list, query: { region: '4301', type: 'community', cursor: ofSchools } }),
      ]);

      // Assess
      for (const answer of answers) expectProblem(answer, 400, 'malformed-request');
    });
  });

  describe('Route: GET /v1/campaigns?status=', () => {
    const list: HttpRequest = { method: 'GET', path: '/v1/campaigns', claims: changsha, query: { region: '430000' } };
    const ranked: HttpRequest = { ...list, query: { region: '430000', status: 'ranked' } };

    it('returns the campaigns in the status, not those moved on, reading at most twice as many', async () => {
      // Act
      const all = await listAll(callCampaigns, list);
      const filtered = await listAll(callCampaigns, ranked);
      const paged = await listAll(callCampaigns, ranked, 1);

      // Assess
      expect(all.ids.length).toBeGreaterThanOrEqual(10 * expected.ranked.length);
      expect(sorted(filtered.ids)).toEqual(sorted(expected.ranked));
      expect(filtered.read).toBeGreaterThanOrEqual(filtered.ids.length);
      expect(filtered.read).toBeLessThanOrEqual(2 * filtered.ids.length);
      expect(sorted(paged.ids)).toEqual(sorted(expected.ranked));
      expect(paged.read).toBeLessThanOrEqual(2 * paged.ids.length);
    });

    it('refuses (400) a cursor of the unfiltered list on the filtered one, and of one status on another list', async () => {
      // Prepare
      const unfiltered = await firstCursor(callCampaigns, list);
      const ofRanked = await firstCursor(callCampaigns, ranked);

      // Act
      const answers = await Promise.all([
        callCampaigns({ ...ranked, query: { ...ranked.query, cursor: unfiltered } }),
        callCampaigns({ ...list, query: { ...list.query, cursor: ofRanked } }),
        callCampaigns({ ...list, query: { region: '430000', status: 'open', cursor: ofRanked } }),
      ]);

      // Assess
      for (const answer of answers) expectProblem(answer, 400, 'malformed-request');
    });
  });

  describe('Route: GET /v1/campaigns/{id}/submissions?state=', () => {
    const list = (): HttpRequest => ({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: changsha });
    const submitted = (): HttpRequest => ({ ...list(), query: { state: 'submitted' } });

    it('returns the submissions in the state, not those moved on, reading at most twice as many', async () => {
      // Act
      const all = await listAll(callCampaigns, list());
      const filtered = await listAll(callCampaigns, submitted());
      const paged = await listAll(callCampaigns, submitted(), 2);

      // Assess
      expect(all.ids.length).toBeGreaterThanOrEqual(5 * expected.submitted.length);
      expect(sorted(filtered.ids)).toEqual(sorted(expected.submitted));
      expect(filtered.read).toBeGreaterThanOrEqual(filtered.ids.length);
      expect(filtered.read).toBeLessThanOrEqual(2 * filtered.ids.length);
      expect(sorted(paged.ids)).toEqual(sorted(expected.submitted));
      expect(paged.read).toBeLessThanOrEqual(2 * paged.ids.length);
    });

    it('gives another authority those in the state within its region, reading no more', async () => {
      // Act
      const filtered = await listAll(callCampaigns, { ...submitted(), claims: furong });

      // Assess
      expect(expected.submittedInFurong.length).toBeGreaterThan(0);
      expect(sorted(filtered.ids)).toEqual(sorted(expected.submittedInFurong));
      expect(filtered.read).toBeGreaterThanOrEqual(filtered.ids.length);
      expect(filtered.read).toBeLessThanOrEqual(2 * filtered.ids.length);
    });

    it('refuses (400) a cursor of the unfiltered list on the filtered one, and of one state on another list', async () => {
      // Prepare
      const unfiltered = await firstCursor(callCampaigns, list());
      const ofSubmitted = await firstCursor(callCampaigns, submitted());

      // Act
      const answers = await Promise.all([
        callCampaigns({ ...submitted(), query: { state: 'submitted', cursor: unfiltered } }),
        callCampaigns({ ...list(), query: { cursor: ofSubmitted } }),
        callCampaigns({ ...list(), query: { state: 'draft', cursor: ofSubmitted } }),
      ]);

      // Assess
      for (const answer of answers) expectProblem(answer, 400, 'malformed-request');
    });
  });
});
