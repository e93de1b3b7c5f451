import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import { callCampaigns, callFrameworks, callUnits, expectProblem, ifMatch, pointersOf } from '../support/workflow.ts';

/*
 * Benchmarks per province and the growth indicator (逐年提升), through the API. A national campaign scores a unit of
 * 荆门市 (湖北, 420802) and one of 衡阳市 (湖南, 430405) against their provinces' own GDP benchmarks; a later Hubei
 * campaign scores the 荆门 unit's growth against its first evaluation. No other test uses these cities.
 */

const call = callCampaigns;
const run = Date.now().toString(36);
const today = civilDateAt(new Date());
const nation = authority('000000', `neac-${run}`);
const hubei = authority('420000', `hubei-ethnic-affairs-${run}`);
const reviewerOf = (id: string): Caller => ({ sub: id, role: 'reviewer', agencyId: `expert-pool-${run}`, region: '420000' });

/**
 * A small framework whose figures are easy to follow: A (60) = check A.1 (4) + benchmark A.2 (6, gdpGrowth);
 * B (40) = ratio B.1 (5, target 0.9) + growth B.2 (5, at least 5 % above the previous value).
 */
const framework = {
  name: '逐年提升测评',
  version: `growth-${run}`,
  areas: [
    {
      id: 'A',
      name: '发展',
      weight: 60,
      indicators: [
        { id: 'A.1', name: '领导小组', kind: 'check', max: 4 },
        { id: 'A.2', name: 'GDP增速', kind: 'benchmark', max: 6, benchmark: 'gdpGrowth' },
      ],
    },
    {
      id: 'B',
      name: '民生',
      weight: 40,
      indicators: [
        { id: 'B.1', name: '知晓率', kind: 'ratio', max: 5, target: 0.9, floor: 0.5 },
        { id: 'B.2', name: '人均投入', kind: 'growth', max: 5, minRise: 0.05 },
      ],
    },
  ],
};

const sheet = (growth: number) => ({ 'A.1': true, 'A.2': 6.2, 'B.1': 0.9, 'B.2': growth });

let named = 0;
function campaignBody(frameworkId: string, level: string, benchmarks: Record<string, unknown>) {
  return {
    name: `基准与逐年提升 ${run}-${(named += 1)}`,
    kind: 'naming',
    level,
    frameworkId,
    rounds: [{ name: 'document', weight: 1 }],
    passMark: 60,
    quota: 5,
    grassrootsShare: 0.5,
    benchmarks,
    dates: {
      applicationsOpen: addDays(today, -10),
      applicationsClose: addDays(today, 20),
      documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
      appealWorkingDays: 5,
      publicNoticeWorkingDays: 5,
    },
  };
}

async function newCampaign(caller: Caller, body: Record<string, unknown>): Promise<string> {
  const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: caller, body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

/** The names of every campaign listed in a region, following cursors. */
async function campaignNames(region: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call({
      method: 'GET',
      path: '/v1/campaigns',
      claims: hubei,
      query: { region, limit: '100', ...(cursor ? { cursor } : {}) },
    });
    expect(page.status).toBe(200);
    names.push(...page.body.items.map((c: { name: string }) => c.name));
    cursor = page.body.cursor;
  } while (cursor);
  return names;
}

async function newUnit(name: string, regionCode: string): Promise<Unit> {
  const answer = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: admin,
    body: { name: `${name} ${run}`, type: 'community', regionCode, zone: false, contacts: [{ name: '张华', email: 'growth@example.cn' }] },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as Unit;
}

/** A unit's self-assessed draft in a campaign. */
async function selfAssessed(campaignId: string, unit: Unit, values: Record<string, unknown>): Promise<any> {
  const user = unitUser(unit.id, unit.regionCode);
  const applied = await call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: user, body: {} });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const assessed = await call({
    method: 'PUT',
    path: `/v1/submissions/${applied.body.id}/self-assessment`,
    claims: user,
    headers: ifMatch(applied.body.version),
    body: { values },
  });
  expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
  return assessed.body;
}

/** Submits a self-assessed draft, has every authority of its chain endorse it (as an admin), and scores it. */
async function scored(runner: Caller, draft: any, unit: Unit, sheets: Record<string, unknown>[]): Promise<any> {
  const move = async (caller: Caller, submission: any, action: string) => {
    const answer = await call({
      method: 'POST',
      path: `/v1/submissions/${submission.id}/transitions`,
      claims: caller,
      headers: ifMatch(submission.version),
      body: { action },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  let current = await move(unitUser(unit.id, unit.regionCode), draft, 'submit');
  const endorsements = current.chain.length;
  for (let i = 0; i < endorsements; i++) current = await move(admin, current, 'endorse');
  expect(current.state).toBe('recommended');
  for (const [i, values] of sheets.entries()) {
    const reviewer = reviewerOf(`growth-${run}-${draft.id.slice(0, 8)}-${i}`);
    const put = await call({
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: runner,
      body: { name: `评审专家 ${i}`, agencyId: reviewer.agencyId, regionCode: '420106' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const assigned = await call({
      method: 'POST',
      path: `/v1/submissions/${draft.id}/rounds/document/assignments`,
      claims: runner,
      body: { reviewerId: reviewer.sub },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const given = await call({
      method: 'PUT',
      path: `/v1/submissions/${draft.id}/rounds/document/sheets/mine`,
      claims: reviewer,
      body: { values },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
  }
  const closed = await call({ method: 'POST', path: `/v1/submissions/${draft.id}/rounds/document/close`, claims: runner });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  expect(closed.body.state).toBe('scored');
  return closed.body;
}

/** A breakdown's indicator lines, as `[id, points, max, baseline]`. */
const lines = (result: any) =>
  result.rounds[0].areas.flatMap((a: any) => a.indicators.map((l: any) => [l.id, l.points, l.max, l.baseline]));

describe('Benchmarks per province, and the growth indicator', () => {
  let frameworkId: string;
  let jingmen: Unit;
  let hengyang: Unit;

  beforeAll(async () => {
    const created = await callFrameworks({ method: 'POST', path: '/v1/frameworks', claims: nation, body: framework });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    frameworkId = created.body.id;
    [jingmen, hengyang] = await Promise.all([newUnit('荆门市东宝区示范社区', '420802'), newUnit('衡阳市珠晖区示范社区', '430405')]);
  });

  describe('Route: POST /v1/campaigns', () => {
    it("refuses a province key outside the campaign's region with 422 at /benchmarks/43, and stores no campaign", async () => {
      const body = campaignBody(frameworkId, 'province', { gdpGrowth: 6.0, 43: { gdpGrowth: 5.9 } });
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: hubei, body });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/benchmarks/43']);
      expect(await campaignNames('420000')).not.toContain(body.name);
    });

    it('refuses a national campaign whose benchmark resolves in two provinces only with 422 at /benchmarks/gdpGrowth', async () => {
      const body = campaignBody(frameworkId, 'national', { 42: { gdpGrowth: 6.5 }, 43: { gdpGrowth: 5.9 } });
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: nation, body });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/benchmarks/gdpGrowth']);
      expect(answer.body.errors[0].detail).toContain('11、12、13');
      expect(await campaignNames('000000')).not.toContain(body.name);
    });
  });

  describe('Scoring', () => {
    let first: any;

    it("scores each unit of a national campaign against its own province's benchmark, self-assessed and reviewed", async () => {
      const campaignId = await newCampaign(
        nation,
        campaignBody(frameworkId, 'national', { gdpGrowth: 6.0, 42: { gdpGrowth: 6.5 }, 43: { gdpGrowth: 5.9 } }),
      );
      const [inHubei, inHunan] = await Promise.all([
        selfAssessed(campaignId, jingmen, sheet(100)),
        selfAssessed(campaignId, hengyang, sheet(100)),
      ]);
      // GDP growth 6.2: below Hubei's 6.5 (A = 60 × 4/10 = 24), above Hunan's 5.9 (A = 60). B.2 has no baseline in a
      // first evaluation: B is scored on B.1 alone, 40 × 5/5 = 40.
      expect(inHubei.selfAssessment.score).toBe(64);
      expect(inHunan.selfAssessment.score).toBe(100);
      expect(lines(inHubei.selfAssessment.result)).toEqual([
        ['A.1', 4, 4, undefined],
        ['A.2', 0, 6, undefined],
        ['B.1', 5, 5, undefined],
        ['B.2', 0, 0, 'none'],
      ]);

      // Two reviewers record B.2 as 100 and 110; the result keeps both values, whose mean is the next baseline.
      const [hubeiScored, hunanScored] = await Promise.all([
        scored(nation, inHubei, jingmen, [sheet(100), sheet(110)]),
        scored(nation, inHunan, hengyang, [sheet(100)]),
      ]);
      first = hubeiScored;
      expect(first.result.final).toBe(64);
      expect(first.result.rounds[0].areas.map((a: any) => a.score)).toEqual([24, 40]);
      expect(hunanScored.result.final).toBe(100);
      expect(lines(hunanScored.result)[1]).toEqual(['A.2', 6, 6, undefined]);
    }, 60_000); // Two submissions through endorsements, reviews and scoring: some 30 requests.

    it("scores growth against the unit's previous evaluation: the mean 105 of its last round, needing 105 × 1.05 = 110.25", async () => {
      expect(first, 'the national campaign scored the 荆门 unit first').toBeDefined();
      const campaignId = await newCampaign(hubei, campaignBody(frameworkId, 'province', { gdpGrowth: 6.0 }));
      // 110 rises over 105 by less than 5 %: B = 40 × 5/10 = 20; GDP 6.2 ≥ 6.0: A = 60. Final 80.
      const draft = await selfAssessed(campaignId, jingmen, sheet(110));
      expect(draft.selfAssessment.score).toBe(80);
      expect(lines(draft.selfAssessment.result)[3]).toEqual(['B.2', 0, 5, 105]);
      // The reviewer's 111 reaches 110.25: B = 40 × 10/10. Final 100.
      const second = await scored(hubei, draft, jingmen, [sheet(111)]);
      expect(second.result.final).toBe(100);
      expect(lines(second.result)[3]).toEqual(['B.2', 5, 5, 105]);
    }, 60_000);

    it('previews a score against a previous value given in the request, and leaves out a growth indicator without one', async () => {
      const preview = (previous?: Record<string, number>) =>
        callFrameworks({
          method: 'POST',
          path: `/v1/frameworks/${frameworkId}/score`,
          claims: hubei,
          body: {
            unitType: 'community',
            benchmarks: { gdpGrowth: 6.5 },
            ...(previous ? { previous } : {}),
            rounds: [{ name: 'self', weight: 1, sheets: [{ reviewerId: 'self', values: sheet(105) }] }],
          },
        });
      const against = await preview({ 'B.2': 100 });
      expect(against.status, JSON.stringify(against.body)).toBe(200);
      // A = 60 × 4/10 = 24; 105 ≥ 100 × 1.05: B = 40. Final 64.
      expect(against.body.final).toBe(64);
      expect(lines(against.body)[3]).toEqual(['B.2', 5, 5, 100]);
      const without = await preview();
      expect(without.status, JSON.stringify(without.body)).toBe(200);
      expect(without.body.final).toBe(64);
      expect(lines(without.body)[3]).toEqual(['B.2', 0, 0, 'none']);
    });
  });
});
