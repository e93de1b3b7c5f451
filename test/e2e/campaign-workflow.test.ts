import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevKeys, signToken, type DevKeys, type TokenClaims } from '../../infra/local/dev-issuer.ts';
import { createHttpHost } from '../../infra/local/http-host.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { rank } from '../../shared/domain/ranking.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import { lambdaContext } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { expectDocumented } from '../support/documented.ts';
import type { HttpRequest } from '../support/events.ts';

/*
 * A whole campaign over HTTP, through the local host's HTTP layer (dev-issuer JWTs, the same handlers the cloud
 * runs) on this run's emulators: 宜昌市 (420500) names demonstration units. 7 units apply, 5 reviewers score each of
 * two rounds, a conflict is refused, a veto sinks one unit, the grassroots share changes who is selected, an appeal
 * is upheld and re-scored, then the appeal window and the public notice end (the daily sweep, on those dates) and
 * the selected are named. The table is this file's own: the sweep runs on dates in the future.
 */

let server: Server;
let api: string;
let keys: DevKeys;
let keyDir: string;
const today = civilDateAt(new Date());

interface Answer {
  status: number;
  body: any;
  etag?: string;
}

async function call(
  claims: TokenClaims,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await signToken(keys, claims)}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answered = Object.fromEntries(response.headers);
  const parsed = text && /json/.test(answered['content-type'] ?? '') ? JSON.parse(text) : undefined;
  expectDocumented(
    { method: method as HttpRequest['method'], path },
    { status: response.status, headers: answered, body: parsed, raw: text },
  );
  return { status: response.status, body: parsed, etag: response.headers.get('etag') ?? undefined };
}

/** Calls and insists on a status, showing the problem when it differs. */
async function ok(
  expected: number,
  claims: TokenClaims,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Answer> {
  const answer = await call(claims, method, path, body, headers);
  if (answer.status !== expected)
    throw new Error(`${method} ${path} → ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body)}`);
  return answer;
}

const city: TokenClaims = { sub: 'yichang-official', role: 'authority', agencyId: 'yichang-ethnic-affairs', region: '420500' };
const countyOf = (region: string): TokenClaims => ({
  sub: `official-${region}`,
  role: 'authority',
  agencyId: `ethnic-affairs-${region}`,
  region,
});
const unitToken = (id: string, region: string): TokenClaims => ({ sub: `user-${id}`, role: 'unit', agencyId: id, region });
const reviewerToken = (id: string): TokenClaims => ({ sub: id, role: 'reviewer', agencyId: 'expert-pool', region: '420100' });
const anyone: TokenClaims = { sub: 'a-resident', role: 'unit', agencyId: 'another-unit', region: '420102' };

/*
 * The framework: A1 (weight 60) = check A1.1 (max 10) + level A1.2 (max 10: A 1, B 0.6, C 0.2); A2 (weight 40) =
 * ratio A2.1 (max 10, target 0.9, floor 0.5); veto V1; bonus B1 (max 5) capped at 3.
 */
const framework = {
  name: '宜昌市民族团结进步示范单位测评指标（端到端）',
  version: `e2e-${Date.now()}`,
  areas: [
    {
      id: 'A1',
      name: '以政治引领民族团结',
      weight: 60,
      indicators: [
        { id: 'A1.1', name: '成立领导小组', kind: 'check', max: 10 },
        { id: 'A1.2', name: '工作机制', kind: 'level', max: 10, levels: { A: 1, B: 0.6, C: 0.2 } },
      ],
    },
    {
      id: 'A2',
      name: '促进共同富裕',
      weight: 40,
      indicators: [{ id: 'A2.1', name: '政策知晓率', kind: 'ratio', max: 10, target: 0.9, floor: 0.5 }],
    },
  ],
  vetoes: [{ id: 'V1', name: '近三年发生重大涉民族因素事件' }],
  bonuses: [{ id: 'B1', name: '经验做法被推广', max: 5 }],
  bonusCap: 3,
};

type Values = Record<string, boolean | string | number>;
const sheet = (a11: boolean, a12: string, a21: number, b1: number, v1 = false): Values => ({
  'A1.1': a11,
  'A1.2': a12,
  'A2.1': a21,
  B1: b1,
  V1: v1,
});

/*
 * Seven units. Hand-computed totals (A1 = 60 × (A1.1 + A1.2) / 20, A2 = 40 × A2.1 points / 10, bonus capped at 3):
 *   C1 (city level): document T/A/0.8/5 → 60 + 30 + 3 = 93; on site A2.1 is 0.9, 0.8, 0.8, 0.7, 0.5 → points 10, 7.5,
 *       7.5, 5, 0 → less the lowest and the highest, (7.5 + 7.5 + 5) / 3 = 6.6667 → A2 26.67 → 89.67;
 *       final 0.4 × 93 + 0.6 × 89.6667 = 91.00
 *   C2 (city level): T/B/0.9/2 → 48 + 40 + 2 = 90 in both rounds → 90
 *   C3 (city level): T/B/0.9/0 → 88
 *   G1 (西陵区): T/B/0.8/2 → 48 + 30 + 2 = 80
 *   G2 (伍家岗区): T/B/0.7/2 → 48 + 20 + 2 = 70
 *   G3 (点军区): T/A/0.9/0 but 3 of 5 document reviewers mark the veto → vetoed
 *   G4 (夷陵区): T/C/0.6/0 → 60 × 12/20 + 40 × 2.5/10 = 36 + 10 = 46 → below the pass mark (60); after its appeal the
 *       on-site round is scored again T/A/0.9/0 → 100, final 0.4 × 46 + 0.6 × 100 = 78.40
 * Quota 3, grassroots share 0.5 → ⌈1.5⌉ = 2 seats for county-level units.
 */
interface Plan {
  key: string;
  name: string;
  region: string;
  document: (r: number) => Values;
  onSite: (r: number) => Values;
}
const plans: Plan[] = [
  {
    key: 'C1',
    name: '宜昌市民族宗教事务服务中心',
    region: '420500',
    document: () => sheet(true, 'A', 0.8, 5),
    onSite: (r) => sheet(true, 'A', [0.9, 0.8, 0.8, 0.7, 0.5][r]!, 5),
  },
  { key: 'C2', name: '宜昌市第一中学', region: '420500', document: () => sheet(true, 'B', 0.9, 2), onSite: () => sheet(true, 'B', 0.9, 2) },
  { key: 'C3', name: '宜昌市中心医院', region: '420500', document: () => sheet(true, 'B', 0.9, 0), onSite: () => sheet(true, 'B', 0.9, 0) },
  { key: 'G1', name: '西陵区学院街道', region: '420502', document: () => sheet(true, 'B', 0.8, 2), onSite: () => sheet(true, 'B', 0.8, 2) },
  {
    key: 'G2',
    name: '伍家岗区大公桥社区',
    region: '420503',
    document: () => sheet(true, 'B', 0.7, 2),
    onSite: () => sheet(true, 'B', 0.7, 2),
  },
  {
    key: 'G3',
    name: '点军区土城乡',
    region: '420504',
    document: (r) => sheet(true, 'A', 0.9, 0, r < 3),
    onSite: () => sheet(true, 'A', 0.9, 0),
  },
  {
    key: 'G4',
    name: '夷陵区小溪塔街道',
    region: '420506',
    document: () => sheet(true, 'C', 0.6, 0),
    onSite: () => sheet(true, 'C', 0.6, 0),
  },
];

const documentReviewers = ['doc-1', 'doc-2', 'doc-3', 'doc-4', 'doc-5'];
const onSiteReviewers = ['site-1', 'site-2', 'site-3', 'site-4', 'site-5'];

beforeAll(async () => {
  await useOwnMainTable('campaign-e2e');
  keyDir = mkdtempSync(join(tmpdir(), 'shifan-campaign-e2e-'));
  keys = await loadDevKeys(join(keyDir, 'dev-issuer.json'));
  server = createHttpHost(keys);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(keyDir, { recursive: true, force: true });
});

describe('End to end: a campaign from creation to namings', () => {
  const units = new Map<string, { id: string; submissionId: string; region: string }>();
  let campaignId: string;

  it('creates the framework, the campaign, the reviewer pool and the units', async () => {
    const created = await ok(201, city, 'POST', '/v1/frameworks', framework);
    const campaign = await ok(201, city, 'POST', '/v1/campaigns', {
      name: '2026年宜昌市民族团结进步示范单位命名',
      kind: 'naming',
      level: 'city',
      frameworkId: created.body.id,
      rounds: [
        { name: 'document', weight: 0.4 },
        { name: 'on-site', weight: 0.6 },
      ],
      passMark: 60,
      quota: 3,
      grassrootsShare: 0.5,
      benchmarks: {},
      dates: {
        applicationsOpen: addDays(today, -10),
        applicationsClose: addDays(today, 20),
        documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
        onSiteReview: { from: addDays(today, 31), to: addDays(today, 45) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 7,
      },
    });
    campaignId = campaign.body.id;
    expect(campaign.body).toMatchObject({ status: 'open', regionCode: '420500', authorityId: 'yichang-ethnic-affairs' });
    for (const id of [...documentReviewers, ...onSiteReviewers]) {
      await ok(200, city, 'PUT', `/v1/reviewers/${id}`, { name: `专家${id}`, agencyId: `university-${id}`, regionCode: '420505' });
    }
    for (const plan of plans) {
      const unit = await ok(201, city, 'POST', '/v1/units', {
        name: plan.name,
        type: plan.key.startsWith('C') ? 'organ' : 'community',
        regionCode: plan.region,
        zone: false,
        authorityId: plan.region === '420500' ? 'yichang-ethnic-affairs' : `ethnic-affairs-${plan.region}`,
        contacts: [{ name: '联系人', email: `${plan.key.toLowerCase()}@example.cn`, phone: '13800000000' }],
      });
      units.set(plan.key, { id: unit.body.id, submissionId: '', region: plan.region });
    }
  });

  it('takes each application with its self-assessment up the chain: county, then city', async () => {
    for (const plan of plans) {
      const unit = units.get(plan.key)!;
      const me = unitToken(unit.id, plan.region);
      const created = await ok(201, me, 'POST', `/v1/campaigns/${campaignId}/submissions`, {});
      unit.submissionId = created.body.id;
      const assessed = await ok(
        200,
        me,
        'PUT',
        `/v1/submissions/${unit.submissionId}/self-assessment`,
        { values: plan.document(4) },
        { 'if-match': created.etag! },
      );
      expect(assessed.body.selfAssessment.score).toBeGreaterThan(0);
      let current = await ok(
        200,
        me,
        'POST',
        `/v1/submissions/${unit.submissionId}/transitions`,
        { action: 'submit' },
        { 'if-match': assessed.etag! },
      );
      expect(current.body.state).toBe('submitted');
      if (plan.region !== '420500') {
        // The city cannot endorse before the county has.
        expect(
          (
            await call(
              city,
              'POST',
              `/v1/submissions/${unit.submissionId}/transitions`,
              { action: 'endorse' },
              { 'if-match': current.etag! },
            )
          ).status,
        ).toBe(403);
        current = await ok(
          200,
          countyOf(plan.region),
          'POST',
          `/v1/submissions/${unit.submissionId}/transitions`,
          { action: 'endorse' },
          { 'if-match': current.etag! },
        );
        expect(current.body.state).toBe('submitted');
      }
      current = await ok(
        200,
        city,
        'POST',
        `/v1/submissions/${unit.submissionId}/transitions`,
        { action: 'endorse' },
        { 'if-match': current.etag! },
      );
      expect(current.body.state).toBe('recommended');
    }
    const listed = await ok(200, city, 'GET', `/v1/campaigns/${campaignId}/submissions?state=recommended`);
    expect(listed.body.items).toHaveLength(7);
  });

  it('refuses a reviewer with a conflict of interest, naming it', async () => {
    await ok(200, city, 'PUT', '/v1/reviewers/yiling-official', {
      name: '夷陵区干部',
      agencyId: 'ethnic-affairs-420506',
      regionCode: '420500',
    });
    const refused = await call(city, 'POST', `/v1/submissions/${units.get('G4')!.submissionId}/rounds/document/assignments`, {
      reviewerId: 'yiling-official',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/conflict-of-interest/);
    expect(refused.body.detail).toMatch(/主管部门/);
  });

  async function scoreRound(
    round: 'document' | 'on-site',
    reviewers: readonly string[],
    valuesOf: (plan: Plan, r: number) => Values,
    only?: readonly string[],
  ) {
    for (const plan of plans.filter((p) => !only || only.includes(p.key))) {
      const { submissionId } = units.get(plan.key)!;
      for (const id of reviewers) {
        const assigned = await call(city, 'POST', `/v1/submissions/${submissionId}/rounds/${round}/assignments`, { reviewerId: id });
        expect([201, 409]).toContain(assigned.status); // 409: assigned before an appeal reopened the round
      }
      for (const [r, id] of reviewers.entries())
        await ok(201, reviewerToken(id), 'PUT', `/v1/submissions/${submissionId}/rounds/${round}/sheets/mine`, {
          values: valuesOf(plan, r),
        });
      // Sealed until the round closes: the unit sees no result, a reviewer only its own sheet.
      expect((await call(reviewerToken(reviewers[0]!), 'GET', `/v1/submissions/${submissionId}/rounds/${round}/sheets`)).status).toBe(403);
      await ok(200, city, 'POST', `/v1/submissions/${submissionId}/rounds/${round}/close`);
    }
  }

  it('scores two rounds with five reviewers each; the last round stores the breakdown and vetoes G3', async () => {
    await scoreRound('document', documentReviewers, (plan, r) => plan.document(r));
    const g3 = await ok(200, city, 'GET', `/v1/submissions/${units.get('G3')!.submissionId}`);
    expect(g3.body.state).toBe('on-site');
    await scoreRound('on-site', onSiteReviewers, (plan, r) => plan.onSite(r));
    const states = await Promise.all(
      plans.map(async (p) => [p.key, (await ok(200, city, 'GET', `/v1/submissions/${units.get(p.key)!.submissionId}`)).body] as const),
    );
    const byKey = Object.fromEntries(states);
    expect(byKey.G3.state).toBe('vetoed');
    expect(byKey.G3.result.vetoes).toEqual(['V1']);
    expect(byKey.G3.result.rounds[0].vetoes).toEqual([{ id: 'V1', marks: 3, sheets: 5 }]);
    expect(Object.fromEntries(states.filter(([k]) => k !== 'G3').map(([k, s]) => [k, s.result.final]))).toEqual({
      C1: 91,
      C2: 90,
      C3: 88,
      G1: 80,
      G2: 70,
      G4: 46,
    });
    // C1's on-site round, line by line: the ratio's trimmed mean drops site-5 (0 points) and site-1 (10 points).
    const c1 = byKey.C1.result.rounds[1];
    expect(c1).toMatchObject({ name: 'on-site', weight: 0.6, base: 86.67, bonus: 3, total: 89.67 });
    expect(c1.areas[1]).toMatchObject({ id: 'A2', score: 26.67 });
    expect(c1.areas[1].indicators[0]).toMatchObject({ id: 'A2.1', points: 6.67, dropped: ['site-5', 'site-1'] });
    expect(byKey.C1.result.rounds[0].total).toBe(93);
    // Not yet ranked: the unit sees its state, not its result.
    const c1Id = units.get('C1')!;
    const seenByUnit = await ok(200, unitToken(c1Id.id, '420500'), 'GET', `/v1/submissions/${c1Id.submissionId}`);
    expect(seenByUnit.body.result).toBeUndefined();
  });

  let appealEndsOn: string;

  it('ranks with the grassroots share: two county-level units take seats that open ranking would give the city units', async () => {
    const ranked = await ok(200, city, 'POST', `/v1/campaigns/${campaignId}/rank`);
    expect(ranked.body.status).toBe('ranked');
    appealEndsOn = ranked.body.appealEndsOn;
    expect(appealEndsOn > today).toBe(true);
    const selected = async () =>
      Object.fromEntries(
        await Promise.all(
          plans.map(async (p) => {
            const s = (await ok(200, city, 'GET', `/v1/submissions/${units.get(p.key)!.submissionId}`)).body;
            return [p.key, s.ranking.selected ? s.ranking.seat : s.ranking.reason];
          }),
        ),
      );
    expect(await selected()).toEqual({
      C1: 'open',
      C2: 'quota-filled',
      C3: 'quota-filled',
      G1: 'grassroots',
      G2: 'grassroots',
      G3: 'vetoed',
      G4: 'below-pass-mark',
    });
    // Without the share the three city units would have been chosen.
    const open = rank(
      [
        { id: 'C1', final: 91, vetoed: false, lastRoundTotal: 89.67, submittedAt: '1', grassroots: false },
        { id: 'C2', final: 90, vetoed: false, lastRoundTotal: 90, submittedAt: '1', grassroots: false },
        { id: 'C3', final: 88, vetoed: false, lastRoundTotal: 88, submittedAt: '1', grassroots: false },
        { id: 'G1', final: 80, vetoed: false, lastRoundTotal: 80, submittedAt: '1', grassroots: true },
        { id: 'G2', final: 70, vetoed: false, lastRoundTotal: 70, submittedAt: '1', grassroots: true },
      ],
      60,
      3,
      0,
    );
    expect(open.filter((e) => e.selected).map((e) => e.id)).toEqual(['C1', 'C2', 'C3']);
    // Ranked: the unit now sees its breakdown.
    const g4 = units.get('G4')!;
    const seen = await ok(200, unitToken(g4.id, g4.region), 'GET', `/v1/submissions/${g4.submissionId}`);
    expect(seen.body.result.final).toBe(46);
  });

  it("upholds G4's appeal: the on-site round is reopened, scored again and the campaign re-ranked", async () => {
    const g4 = units.get('G4')!;
    const me = unitToken(g4.id, g4.region);
    // Evidence for the appeal goes to S3 through a presigned URL and is checked on confirmation.
    const bytes = Buffer.from('%PDF-1.4 夷陵区小溪塔街道 复核材料');
    const evidence = await ok(201, me, 'POST', `/v1/submissions/${g4.submissionId}/evidence`, {
      fileName: '复核材料.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const upload = await fetch(evidence.body.upload.url, { method: 'PUT', headers: evidence.body.upload.headers, body: bytes });
    expect(upload.status).toBe(200);
    await ok(200, me, 'POST', `/v1/submissions/${g4.submissionId}/evidence/${evidence.body.id}/confirm`);
    const appeal = await ok(201, me, 'POST', `/v1/submissions/${g4.submissionId}/appeals`, {
      reason: '现场评审未查看我街道整改后的台账资料',
      round: 'on-site',
      evidenceIds: [evidence.body.id],
    });
    expect((await call(me, 'POST', `/v1/submissions/${g4.submissionId}/appeals`, { reason: '再次申诉', round: 'on-site' })).status).toBe(
      409,
    );
    const upheld = await ok(200, city, 'POST', `/v1/submissions/${g4.submissionId}/appeals/${appeal.body.appeal.id}/decision`, {
      decision: 'uphold',
      reason: '现场评审遗漏整改材料，重新评分',
    });
    expect(upheld.body.submission).toMatchObject({ state: 'on-site', openRound: 'on-site' });
    // While G4 is re-scored the campaign cannot be ranked again.
    expect((await call(city, 'POST', `/v1/campaigns/${campaignId}/rank`)).status).toBe(409);
    await scoreRound('on-site', onSiteReviewers, () => sheet(true, 'A', 0.9, 0), ['G4']);
    const rescored = await ok(200, city, 'GET', `/v1/submissions/${g4.submissionId}`);
    expect(rescored.body.result.final).toBe(78.4);
    await ok(200, city, 'POST', `/v1/campaigns/${campaignId}/rank`);
    const after = await ok(200, city, 'GET', `/v1/campaigns/${campaignId}`);
    expect(after.body.appealEndsOn).toBe(appealEndsOn);
    const g2 = (await ok(200, city, 'GET', `/v1/submissions/${units.get('G2')!.submissionId}`)).body;
    expect((await ok(200, city, 'GET', `/v1/submissions/${g4.submissionId}`)).body.ranking).toMatchObject({
      selected: true,
      seat: 'grassroots',
    });
    expect(g2.ranking).toMatchObject({ selected: false, reason: 'quota-filled' });
    const history = await ok(200, me, 'GET', `/v1/submissions/${g4.submissionId}/history?limit=100`);
    const actions = history.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['createSubmission', 'selfAssess', 'submit', 'endorse', 'closeRound', 'rank', 'appeal', 'upholdAppeal']),
    );
    expect(actions.filter((a: string) => a === 'rank')).toHaveLength(2);
  });

  it('finalizes when the appeal window has ended, takes an objection during the public notice, fills the freed seat (递补), then names the selected', async () => {
    const g1 = units.get('G1')!;
    // By hand before the window ends: refused.
    expect((await call(city, 'POST', `/v1/campaigns/${campaignId}/finalize`)).status).toBe(409);
    expect(
      (await call(unitToken(g1.id, g1.region), 'POST', `/v1/submissions/${g1.submissionId}/appeals`, { reason: '申诉', round: 'document' }))
        .status,
    ).toBe(201);
    await ok(
      200,
      city,
      'POST',
      `/v1/submissions/${g1.submissionId}/appeals/${(await ok(200, city, 'GET', `/v1/submissions/${g1.submissionId}`)).body.appeal.id}/decision`,
      { decision: 'dismiss', reason: '评分无误' },
    );

    await sweep({ schedule: 'agenda-sweep', date: addDays(appealEndsOn, 1) }, lambdaContext('agenda-sweep'));
    const noticed = await ok(200, city, 'GET', `/v1/campaigns/${campaignId}`);
    expect(noticed.body).toMatchObject({ status: 'public-notice', finalOn: addDays(appealEndsOn, 1) });
    const stateOf = async (key: string) => (await ok(200, city, 'GET', `/v1/submissions/${units.get(key)!.submissionId}`)).body.state;
    expect(Object.fromEntries(await Promise.all(plans.map(async (p) => [p.key, await stateOf(p.key)])))).toEqual({
      C1: 'public-notice',
      C2: 'not-selected',
      C3: 'not-selected',
      G1: 'public-notice',
      G2: 'not-selected',
      G3: 'vetoed',
      G4: 'public-notice',
    });

    // The window is over: no appeal is taken any more.
    const g2 = units.get('G2')!;
    const late = await call(unitToken(g2.id, g2.region), 'POST', `/v1/submissions/${g2.submissionId}/appeals`, {
      reason: '逾期申诉',
      round: 'document',
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/appeal-window-closed/);

    // No seat is free yet: nothing to refill.
    const early = await call(city, 'POST', `/v1/campaigns/${campaignId}/refill`);
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/no-freed-seat/);

    // Anyone signed in may object; an upheld objection means G1 is not selected.
    const objection = await ok(201, anyone, 'POST', `/v1/submissions/${g1.submissionId}/objections`, {
      reason: '该街道申报材料中的活动照片与实际不符',
    });
    await ok(200, city, 'POST', `/v1/submissions/${g1.submissionId}/objections/${objection.body.id}/decision`, {
      decision: 'uphold',
      reason: '经核实，材料不实',
    });
    expect(await stateOf('G1')).toBe('not-selected');

    // The freed seat goes to the best submission left out only by the quota, with a public notice of its own.
    const rankings = await Promise.all(
      plans.map(async (p) => ({ key: p.key, ...(await ok(200, city, 'GET', `/v1/submissions/${units.get(p.key)!.submissionId}`)).body })),
    );
    const nextInLine = rankings.filter((s) => s.ranking?.reason === 'quota-filled').sort((a, b) => a.ranking.rank - b.ranking.rank)[0]!;
    const refilled = await ok(200, city, 'POST', `/v1/campaigns/${campaignId}/refill`);
    expect(refilled.body.submission).toMatchObject({ id: nextInLine.id, state: 'public-notice', refill: { on: today } });
    expect(await stateOf(nextInLine.key)).toBe('public-notice');
    const again = await call(city, 'POST', `/v1/campaigns/${campaignId}/refill`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/no-freed-seat/);
    const refillHistory = await ok(200, city, 'GET', `/v1/submissions/${nextInLine.id}/history?limit=100`);
    expect(refillHistory.body.items.map((e: { action: string }) => e.action)).toContain('refill');

    await sweep({ schedule: 'agenda-sweep', date: addDays(noticed.body.noticeEndsOn, 1) }, lambdaContext('agenda-sweep'));
    const concluded = await ok(200, city, 'GET', `/v1/campaigns/${campaignId}`);
    expect(concluded.body.status).toBe('concluded');
    for (const key of ['C1', 'G4', nextInLine.key]) {
      const s = (await ok(200, city, 'GET', `/v1/submissions/${units.get(key)!.submissionId}`)).body;
      expect(s.state).toBe('named');
      const naming = await ok(200, city, 'GET', `/v1/namings/${s.namingId}`);
      expect(naming.body).toMatchObject({
        unitId: units.get(key)!.id,
        level: 'city',
        campaignId,
        namedOn: addDays(noticed.body.noticeEndsOn, 1),
        status: 'active',
      });
      // 宜昌's own series (鄂 + 宜昌 + 民示), not the province's.
      expect(naming.body.certificateNo).toMatch(/^鄂宜昌民示〔\d{4}〕\d{4}$/);
    }
    // Sweeping the same day again changes nothing.
    await sweep({ schedule: 'agenda-sweep', date: addDays(noticed.body.noticeEndsOn, 1) }, lambdaContext('agenda-sweep'));
    expect((await ok(200, city, 'GET', `/v1/campaigns/${campaignId}`)).body.version).toBe(concluded.body.version);
    // After the public notice, no seat is refilled.
    const late2 = await call(city, 'POST', `/v1/campaigns/${campaignId}/refill`);
    expect(late2.status).toBe(409);
    expect(late2.body.type).toMatch(/not-in-public-notice/);
  });
});
