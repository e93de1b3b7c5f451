import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { Answer } from '../support/events.ts';
import { callCampaigns, callFrameworks, callUnits, expectProblem, ifMatch, pointersOf } from '../support/workflow.ts';
import { authority, unitUser } from '../support/callers.ts';

/*
 * The campaigns function on bad input, under concurrency and across scopes, called as Lambda calls it against the
 * emulators. Everything lives in 襄阳市 (420600) — 襄城区 420602, 樊城区 420606, 襄州区 420607 — which no other test
 * uses. Each refusal is checked for what it did not write as much as for what it answered.
 */

const call = callCampaigns;

const run = Date.now().toString(36);
const today = civilDateAt(new Date());
const xiangyang = authority('420600', 'xiangyang-ethnic-affairs');
const xiangcheng = authority('420602', 'xiangcheng-ethnic-affairs');
const fancheng = authority('420606', 'fancheng-ethnic-affairs');
const countyAgency: Record<string, string> = { 420602: xiangcheng.agencyId, 420606: fancheng.agencyId, 420607: 'xiangzhou-ethnic-affairs' };
const benchmarks = { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 };
const pdf = 'application/pdf';

const reviewerCaller = (id: string): Caller => ({ sub: id, role: 'reviewer', agencyId: 'xiangyang-expert-pool', region: '420600' });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A complete, valid sheet of the demo framework for a community: no veto, both bonuses. */
function communitySheet(): Record<string, unknown> {
  const values: Record<string, unknown> = { V1: false, B1: 2, B2: 1 };
  demoFramework.areas
    .flatMap((a) => a.indicators)
    .forEach((ind, i) => {
      values[ind.id] = ind.kind === 'check' ? true : ind.kind === 'level' ? ['A', 'B', 'C'][i % 3] : ind.kind === 'ratio' ? 0.8 : 0.07;
    });
  return values;
}

/** Applications open on `open`, close 20 days later; then a document and an on-site window of 10 days each. */
function datesFrom(open: string) {
  return {
    applicationsOpen: open,
    applicationsClose: addDays(open, 20),
    documentReview: { from: addDays(open, 21), to: addDays(open, 30) },
    onSiteReview: { from: addDays(open, 31), to: addDays(open, 40) },
    appealWorkingDays: 5,
    publicNoticeWorkingDays: 5,
  };
}

let named = 0;
function campaignBody(frameworkId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: `襄阳市民族团结进步示范单位命名 ${run}-${(named += 1)}`,
    kind: 'naming',
    level: 'city',
    frameworkId,
    rounds: [
      { name: 'document', weight: 0.4 },
      { name: 'on-site', weight: 0.6 },
    ],
    passMark: 60,
    quota: 3,
    grassrootsShare: 0.5,
    benchmarks,
    dates: datesFrom(addDays(today, -10)),
    ...overrides,
  };
}

async function newFramework(): Promise<string> {
  const answer = await callFrameworks({
    method: 'POST',
    path: '/v1/frameworks',
    claims: xiangyang,
    body: { ...demoFramework, version: `campaigns-${run}-${(named += 1)}` },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

async function newCampaign(body: Record<string, unknown>, caller: Caller = xiangyang): Promise<string> {
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
      claims: xiangyang,
      query: { region, limit: '100', ...(cursor ? { cursor } : {}) },
    });
    expect(page.status).toBe(200);
    names.push(...page.body.items.map((c: { name: string }) => c.name));
    cursor = page.body.cursor;
  } while (cursor);
  return names;
}

let unitCount = 0;
async function newUnit(regionCode = '420602'): Promise<Unit> {
  const answer = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: xiangyang,
    body: {
      name: `襄阳市申报测试社区 ${run}-${(unitCount += 1)}`,
      type: 'community',
      regionCode,
      zone: false,
      authorityId: countyAgency[regionCode],
      contacts: [{ name: '王芳', email: 'xiangyang@example.cn' }],
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as Unit;
}

const userOf = (unit: Unit) => unitUser(unit.id, unit.regionCode);

async function putReviewer(id: string, fields: { agencyId?: string; regionCode?: string } = {}): Promise<Caller> {
  const answer = await call({
    method: 'PUT',
    path: `/v1/reviewers/${id}`,
    claims: xiangyang,
    body: { name: `评审专家 ${id}`, agencyId: 'xiangyang-expert-pool', regionCode: '420607', ...fields },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return reviewerCaller(id);
}

/** What a refused request must leave as it was: the submission's version and state, and the length of its history. */
async function snapshot(id: string): Promise<{ version: number; state: string; history: number }> {
  const read = await call({ method: 'GET', path: `/v1/submissions/${id}`, claims: xiangyang });
  const history = await call({ method: 'GET', path: `/v1/submissions/${id}/history`, claims: xiangyang, query: { limit: '100' } });
  expect(read.status).toBe(200);
  expect(history.status).toBe(200);
  return { version: read.body.version, state: read.body.state, history: history.body.items.length };
}

describe('Function: campaigns', () => {
  let frameworkId: string;
  let campaignId: string;
  let pool: Caller[];

  // Stages of a submission to the open city campaign, each built on the one before; every test takes fresh ones.
  async function draft(unit?: Unit): Promise<{ unit: Unit; submission: any }> {
    const applicant = unit ?? (await newUnit());
    const answer = await call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: userOf(applicant), body: {} });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { unit: applicant, submission: answer.body };
  }

  async function transition(caller: Caller, submission: { id: string; version: number }, action: string, reason?: string): Promise<any> {
    const answer = await call({
      method: 'POST',
      path: `/v1/submissions/${submission.id}/transitions`,
      claims: caller,
      headers: ifMatch(submission.version),
      body: { action, ...(reason ? { reason } : {}) },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  }

  async function submitted(): Promise<{ unit: Unit; submission: any }> {
    const { unit, submission } = await draft();
    const assessed = await call({
      method: 'PUT',
      path: `/v1/submissions/${submission.id}/self-assessment`,
      claims: userOf(unit),
      headers: ifMatch(submission.version),
      body: { values: communitySheet() },
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    return { unit, submission: await transition(userOf(unit), assessed.body, 'submit') };
  }

  async function recommended(): Promise<{ unit: Unit; submission: any }> {
    const { unit, submission } = await submitted();
    const byCounty = await transition(xiangcheng, submission, 'endorse');
    const byCity = await transition(xiangyang, byCounty, 'endorse');
    expect(byCity.state).toBe('recommended');
    return { unit, submission: byCity };
  }

  async function assign(submissionId: string, round: string, reviewer: Caller): Promise<Answer> {
    return call({
      method: 'POST',
      path: `/v1/submissions/${submissionId}/rounds/${round}/assignments`,
      claims: xiangyang,
      body: { reviewerId: reviewer.sub },
    });
  }

  async function putSheet(
    submissionId: string,
    round: string,
    reviewer: Caller,
    values: Record<string, unknown> = communitySheet(),
  ): Promise<Answer> {
    return call({ method: 'PUT', path: `/v1/submissions/${submissionId}/rounds/${round}/sheets/mine`, claims: reviewer, body: { values } });
  }

  /** A recommended submission whose document round has these reviewers assigned (so it is in review). */
  async function inReview(reviewers: Caller[]): Promise<{ unit: Unit; submission: any }> {
    const { unit, submission } = await recommended();
    for (const r of reviewers) expect((await assign(submission.id, 'document', r)).status).toBe(201);
    return { unit, submission };
  }

  /** A submission scored through both rounds, one reviewer each, in a campaign not yet ranked. */
  async function scored(): Promise<{ unit: Unit; submission: any }> {
    const { unit, submission } = await inReview([pool[0]!]);
    let latest = submission;
    for (const round of ['document', 'on-site']) {
      if (round !== 'document') expect((await assign(submission.id, round, pool[0]!)).status).toBe(201);
      expect((await putSheet(submission.id, round, pool[0]!)).status).toBe(201);
      const closed = await call({ method: 'POST', path: `/v1/submissions/${submission.id}/rounds/${round}/close`, claims: xiangyang });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      latest = closed.body;
    }
    expect(latest.state).toBe('scored');
    return { unit, submission: latest };
  }

  beforeAll(async () => {
    frameworkId = await newFramework();
    campaignId = await newCampaign(campaignBody(frameworkId));
    pool = await Promise.all([1, 2, 3].map((n) => putReviewer(`xy-${run}-pool-${n}`)));
  });

  describe('Route: POST /v1/campaigns', () => {
    it('refuses dates out of order with 422 pointing at each, and neither stores the campaign nor marks the framework in use', async () => {
      const fresh = await newFramework();
      const body = campaignBody(fresh, {
        dates: {
          applicationsOpen: addDays(today, 10),
          applicationsClose: addDays(today, 5),
          documentReview: { from: addDays(today, 5), to: addDays(today, 4) },
          onSiteReview: { from: addDays(today, 20), to: addDays(today, 19) },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 5,
        },
      });
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: xiangyang, body });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual([
        '/dates/applicationsClose',
        '/dates/documentReview/from',
        '/dates/documentReview/to',
        '/dates/onSiteReview/to',
      ]);
      expect(await campaignNames('420600')).not.toContain(body.name);
      expect((await callFrameworks({ method: 'GET', path: `/v1/frameworks/${fresh}`, claims: xiangyang })).body.inUse).toBe(false);
    });

    it('refuses a framework that does not exist with 422 at /frameworkId', async () => {
      const body = campaignBody(`no-such-framework-${run}`);
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: xiangyang, body });
      expectProblem(answer, 422, 'validation');
      expect(answer.body.errors).toEqual([{ pointer: '/frameworkId', detail: expect.stringContaining('没有测评体系') }]);
      expect(await campaignNames('420600')).not.toContain(body.name);
    });

    it('refuses a level that does not match the region with 422 at /level', async () => {
      const body = campaignBody(frameworkId, { level: 'province' });
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: xiangyang, body });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/level']);
      expect(await campaignNames('420600')).not.toContain(body.name);
    });

    it('refuses an authority opening a campaign in a region other than its own with 403', async () => {
      const body = campaignBody(frameworkId, { regionCode: '420600' });
      const answer = await call({ method: 'POST', path: '/v1/campaigns', claims: xiangcheng, body });
      expectProblem(answer, 403, 'forbidden');
      expect(await campaignNames('420600')).not.toContain(body.name);
    });

    it('marks the framework in use once a campaign is created with it', async () => {
      const fresh = await newFramework();
      expect((await callFrameworks({ method: 'GET', path: `/v1/frameworks/${fresh}`, claims: xiangyang })).body.inUse).toBe(false);
      await newCampaign(campaignBody(fresh));
      const read = await callFrameworks({ method: 'GET', path: `/v1/frameworks/${fresh}`, claims: xiangyang });
      expect(read.status).toBe(200);
      expect(read.body.inUse).toBe(true);
    });
  });

  describe('Route: POST /v1/campaigns/{id}/submissions', () => {
    /** The submissions a unit has, as the unit sees them. */
    const submissionsOf = async (unit: Unit) =>
      (await call({ method: 'GET', path: `/v1/units/${unit.id}/submissions`, claims: userOf(unit) })).body.items as unknown[];

    it('refuses an application before applications open with 409, and stores none', async () => {
      const future = await newCampaign(campaignBody(frameworkId, { dates: datesFrom(addDays(today, 5)) }));
      const unit = await newUnit();
      const answer = await call({ method: 'POST', path: `/v1/campaigns/${future}/submissions`, claims: userOf(unit), body: {} });
      expectProblem(answer, 409, 'applications-not-open');
      expect(await submissionsOf(unit)).toEqual([]);
    });

    it('refuses an application after applications closed with 409, and stores none', async () => {
      const past = await newCampaign(campaignBody(frameworkId, { dates: datesFrom(addDays(today, -60)) }));
      const unit = await newUnit();
      const answer = await call({ method: 'POST', path: `/v1/campaigns/${past}/submissions`, claims: userOf(unit), body: {} });
      expectProblem(answer, 409, 'applications-closed');
      expect(await submissionsOf(unit)).toEqual([]);
    });

    it('refuses a second application of the same unit with 409, keeping the first only', async () => {
      const { unit, submission } = await draft();
      const answer = await call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: userOf(unit), body: {} });
      expectProblem(answer, 409, 'already-applied');
      expect((await submissionsOf(unit)).map((s: any) => s.id)).toEqual([submission.id]);
    });

    it('accepts one of two applications of the same unit made at once and refuses the other with 409', async () => {
      const unit = await newUnit();
      const answers = await Promise.all(
        [1, 2].map(() => call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: userOf(unit), body: {} })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expectProblem(answers.find((a) => a.status === 409)!, 409, 'already-applied');
      expect(await submissionsOf(unit)).toHaveLength(1);
    });

    it("refuses a unit outside the campaign's region with 422 at /unitId", async () => {
      const county = await newCampaign(campaignBody(frameworkId, { level: 'county', regionCode: '420602' }), xiangcheng);
      const unit = await newUnit('420606');
      const answer = await call({ method: 'POST', path: `/v1/campaigns/${county}/submissions`, claims: userOf(unit), body: {} });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/unitId']);
      expect(await submissionsOf(unit)).toEqual([]);
    });

    it('refuses a unit user applying for another unit with 403', async () => {
      const [mine, theirs] = await Promise.all([newUnit(), newUnit()]);
      const answer = await call({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/submissions`,
        claims: userOf(mine),
        body: { unitId: theirs.id },
      });
      expectProblem(answer, 403, 'forbidden');
      expect(await submissionsOf(theirs)).toEqual([]);
    });
  });

  describe('Route: PUT /v1/submissions/{id}/self-assessment', () => {
    it('refuses a value of the wrong kind with 422 at /values/<indicator>, and keeps the draft as it was', async () => {
      const { unit, submission } = await draft();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'PUT',
        path: `/v1/submissions/${submission.id}/self-assessment`,
        claims: userOf(unit),
        headers: ifMatch(submission.version),
        body: { values: { ...communitySheet(), 'A1.1': 'A', 'A1.2': 0.5 } },
      });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/values/A1.1', '/values/A1.2']);
      expect(await snapshot(submission.id)).toEqual(before);
      const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: userOf(unit) });
      expect(read.body.selfAssessment).toBeUndefined();
    });

    it('shows the self-assessed score, as the score preview computes it, and no result', async () => {
      const { unit, submission } = await draft();
      const values = communitySheet();
      const answer = await call({
        method: 'PUT',
        path: `/v1/submissions/${submission.id}/self-assessment`,
        claims: userOf(unit),
        headers: ifMatch(submission.version),
        body: { values },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const preview = await callFrameworks({
        method: 'POST',
        path: `/v1/frameworks/${frameworkId}/score`,
        claims: userOf(unit),
        body: { unitType: 'community', benchmarks, rounds: [{ name: 'self', weight: 1, sheets: [{ reviewerId: 'self', values }] }] },
      });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      for (const caller of [userOf(unit), xiangyang]) {
        const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: caller });
        expect(read.status).toBe(200);
        expect(read.body.selfAssessment.score).toBe(preview.body.final);
        expect(read.body).not.toHaveProperty('result');
      }
    });
  });

  describe('Route: POST /v1/submissions/{id}/transitions', () => {
    it('refuses a move without If-Match with 428, and moves nothing', async () => {
      const { unit, submission } = await submitted();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: userOf(unit),
        body: { action: 'withdraw' },
      });
      expectProblem(answer, 428, 'if-match-required');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses a move on a stale version with 412, and moves nothing', async () => {
      const { submission } = await submitted();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: xiangcheng,
        headers: ifMatch(submission.version - 1),
        body: { action: 'endorse' },
      });
      expectProblem(answer, 412, 'stale-version');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses an illegal move (endorsing a draft) with 409 illegal-transition', async () => {
      const { submission } = await draft();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: xiangcheng,
        headers: ifMatch(submission.version),
        body: { action: 'endorse' },
      });
      expectProblem(answer, 409, 'illegal-transition');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses to submit without a self-assessment with 422', async () => {
      const { unit, submission } = await draft();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: userOf(unit),
        headers: ifMatch(submission.version),
        body: { action: 'submit' },
      });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/self-assessment']);
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses to return a submission without a reason with 422 at /reason', async () => {
      const { submission } = await submitted();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: xiangcheng,
        headers: ifMatch(submission.version),
        body: { action: 'return' },
      });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/reason']);
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses the city endorsing before the county with 403', async () => {
      const { submission } = await submitted();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: xiangyang,
        headers: ifMatch(submission.version),
        body: { action: 'endorse' },
      });
      expectProblem(answer, 403, 'forbidden');
      expect(answer.body.detail).toContain('420602');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('answers the authority of another county as if the submission did not exist (404), and moves nothing', async () => {
      const { submission } = await submitted();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: fancheng,
        headers: ifMatch(submission.version),
        body: { action: 'endorse' },
      });
      expectProblem(answer, 404, 'not-found');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('lets one of two authorities endorsing at once win; the other gets 412 and the history holds one endorsement', async () => {
      const { submission } = await submitted();
      const officers = [xiangcheng, { ...xiangcheng, sub: 'test-authority-420602-second-officer' }];
      const answers = await Promise.all(
        officers.map((claims) =>
          call({
            method: 'POST',
            path: `/v1/submissions/${submission.id}/transitions`,
            claims,
            headers: ifMatch(submission.version),
            body: { action: 'endorse' },
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 412]);
      expectProblem(answers.find((a) => a.status === 412)!, 412, 'stale-version');
      const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: xiangyang });
      expect(read.body).toMatchObject({ version: submission.version + 1, state: 'submitted' });
      expect(read.body.endorsements).toHaveLength(1);
      const history = await call({
        method: 'GET',
        path: `/v1/submissions/${submission.id}/history`,
        claims: xiangyang,
        query: { limit: '100' },
      });
      expect(history.body.items.filter((e: { action: string }) => e.action === 'endorse')).toHaveLength(1);
    });
  });

  describe('Route: POST /v1/submissions/{id}/rounds/{round}/assignments', () => {
    it.each([
      ['own-unit', (unit: Unit) => ({ agencyId: unit.id })],
      ['supervising-authority', () => ({ agencyId: xiangcheng.agencyId })],
      ['same-county', () => ({ regionCode: '420602' })],
      ['declared', () => ({})],
    ] as const)('refuses a reviewer in conflict (%s) with 409 naming the conflict, and assigns nothing', async (reason, fields) => {
      const { unit, submission } = await recommended();
      const reviewer = await putReviewer(`xy-${run}-${reason}`, fields(unit));
      if (reason === 'declared') {
        const declared = await call({
          method: 'POST',
          path: `/v1/reviewers/${reviewer.sub}/conflicts`,
          claims: xiangyang,
          body: { unitId: unit.id, note: '曾为该单位提供咨询' },
        });
        expect(declared.status, JSON.stringify(declared.body)).toBe(201);
      }
      const before = await snapshot(submission.id);
      const answer = await assign(submission.id, 'document', reviewer);
      expectProblem(answer, 409, 'conflict-of-interest');
      expect(answer.body.detail).toContain(`(${reason})`);
      expect(await snapshot(submission.id)).toEqual({ ...before, state: 'recommended' });
      const mine = await call({ method: 'GET', path: '/v1/reviewers/me/assignments', claims: reviewer });
      expect(mine.body.items).toEqual([]);
    });

    it('assigns two more reviewers the authority assigns at once to a round in review, though it named no version', async () => {
      const { submission } = await inReview([pool[2]!]);
      const answers = await Promise.all([pool[0]!, pool[1]!].map((r) => assign(submission.id, 'document', r)));
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers.map((a) => a.body)),
      ).toEqual([201, 201]);
    });

    it('remembers a conflict a reviewer gives when declining, and refuses to assign them to the unit again', async () => {
      const reviewer = await putReviewer(`xy-${run}-decliner`);
      const { unit, submission } = await inReview([reviewer]);
      const declined = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/rounds/document/assignments/mine/decline`,
        claims: reviewer,
        body: { reason: 'conflict', note: '与该单位负责人系亲属' },
      });
      expect(declined.status, JSON.stringify(declined.body)).toBe(200);
      expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'conflict' });
      const entry = await call({ method: 'GET', path: `/v1/reviewers/${reviewer.sub}`, claims: xiangyang });
      expect(entry.body.conflicts).toEqual([unit.id]);
      expectProblem(await assign(submission.id, 'on-site', reviewer), 409, 'conflict-of-interest');
    });
  });

  describe('Route: PUT /v1/submissions/{id}/rounds/{round}/sheets/mine', () => {
    it('refuses a sheet for a round the reviewer is not assigned to with 403, and stores nothing', async () => {
      const { submission } = await inReview([pool[0]!]);
      const before = await snapshot(submission.id);
      expectProblem(await putSheet(submission.id, 'on-site', pool[0]!), 403, 'forbidden');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('answers a reviewer assigned to no round of the submission as if it did not exist (404), and stores nothing', async () => {
      const { submission } = await inReview([pool[0]!]);
      const before = await snapshot(submission.id);
      expectProblem(await putSheet(submission.id, 'document', pool[1]!), 404, 'not-found');
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses an invalid sheet with 422 pointing at each value, and stores nothing', async () => {
      const { submission } = await inReview([pool[0]!]);
      const before = await snapshot(submission.id);
      const { 'A2.2': _missing, ...values } = communitySheet();
      const answer = await putSheet(submission.id, 'document', pool[0]!, { ...values, 'A1.2': 'E', V1: 'no' });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/values/A1.2', '/values/A2.2', '/values/V1']);
      expect(await snapshot(submission.id)).toEqual(before);
      expectProblem(
        await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets/mine`, claims: pool[0]! }),
        404,
      );
    });

    it('refuses a second sheet from the same reviewer with 409, keeping the first', async () => {
      const { submission } = await inReview([pool[0]!]);
      const first = communitySheet();
      expect((await putSheet(submission.id, 'document', pool[0]!, first)).status).toBe(201);
      const before = await snapshot(submission.id);
      expectProblem(await putSheet(submission.id, 'document', pool[0]!, { ...first, 'A1.2': 'D' }), 409, 'sheet-exists');
      expect(await snapshot(submission.id)).toEqual(before);
      const mine = await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets/mine`, claims: pool[0]! });
      expect(mine.body.values).toEqual(first);
    });
    it('stores one of two sheets the same reviewer sends at once and refuses the other with 409', async () => {
      const { submission } = await inReview([pool[0]!]);
      const answers = await Promise.all(
        [communitySheet(), { ...communitySheet(), 'A1.2': 'D' }].map((values) => putSheet(submission.id, 'document', pool[0]!, values)),
      );
      expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([201, 409]);
      expectProblem(answers.find((a) => a.status === 409)!, 409, 'sheet-exists');
      const history = await call({
        method: 'GET',
        path: `/v1/submissions/${submission.id}/history`,
        claims: xiangyang,
        query: { limit: '100' },
      });
      expect(history.body.items.filter((e: { action: string }) => e.action === 'submitSheet')).toHaveLength(1);
    });

    it('stores the sheets of two reviewers who send them at once, though neither named a version', async () => {
      const { submission } = await inReview([pool[0]!, pool[1]!]);
      const answers = await Promise.all([pool[0]!, pool[1]!].map((r) => putSheet(submission.id, 'document', r)));
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers.map((a) => a.body)),
      ).toEqual([201, 201]);
      const close = await call({ method: 'POST', path: `/v1/submissions/${submission.id}/rounds/document/close`, claims: xiangyang });
      expect(close.status, JSON.stringify(close.body)).toBe(200);
    });
  });

  describe('Sheets before the round closes', () => {
    it('shows a reviewer its own sheet only', async () => {
      const { submission } = await inReview([pool[0]!, pool[1]!]);
      const values = communitySheet();
      expect((await putSheet(submission.id, 'document', pool[0]!, values)).status).toBe(201);
      const own = await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets/mine`, claims: pool[0]! });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ reviewerId: pool[0]!.sub, round: 'document', values });
      expectProblem(
        await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets/mine`, claims: pool[1]! }),
        404,
      );
      expectProblem(await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets`, claims: pool[0]! }), 403);
    });

    it('shows the unit no sheet and no result', async () => {
      const { unit, submission } = await inReview([pool[0]!, pool[1]!]);
      expect((await putSheet(submission.id, 'document', pool[0]!)).status).toBe(201);
      expectProblem(
        await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets`, claims: userOf(unit) }),
        409,
        'round-not-closed',
      );
      const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: userOf(unit) });
      expect(read.status).toBe(200);
      expect(read.body).not.toHaveProperty('result');
    });
  });

  describe('Route: POST /v1/submissions/{id}/rounds/{round}/close', () => {
    it('refuses to close a round while an assigned sheet is missing with 409, and closes nothing', async () => {
      const { submission } = await inReview([pool[0]!, pool[1]!]);
      expect((await putSheet(submission.id, 'document', pool[0]!)).status).toBe(201);
      const before = await snapshot(submission.id);
      const answer = await call({ method: 'POST', path: `/v1/submissions/${submission.id}/rounds/document/close`, claims: xiangyang });
      expectProblem(answer, 409, 'sheets-missing');
      expect(answer.body.detail).toContain(pool[1]!.sub);
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('keeps the result of the last round from the unit until the campaign is ranked', async () => {
      const { unit, submission } = await scored();
      const byAuthority = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: xiangyang });
      expect(byAuthority.body.result.final).toEqual(expect.any(Number));
      const byUnit = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: userOf(unit) });
      expect(byUnit.body).not.toHaveProperty('result');
      expectProblem(
        await call({ method: 'GET', path: `/v1/submissions/${submission.id}/rounds/document/sheets`, claims: userOf(unit) }),
        409,
        'not-ranked',
      );
    });
  });

  describe('Route: /v1/submissions/{id}/evidence', () => {
    const declare = (id: string, unit: Unit, body: Record<string, unknown>) =>
      call({
        method: 'POST',
        path: `/v1/submissions/${id}/evidence`,
        claims: userOf(unit),
        body: { fileName: '台账资料.pdf', contentType: pdf, size: 1024, sha256: 'a'.repeat(64), ...body },
      });
    const listed = async (id: string, unit: Unit) =>
      (await call({ method: 'GET', path: `/v1/submissions/${id}/evidence`, claims: userOf(unit) })).body.items as any[];
    const confirm = (id: string, unit: Unit, evidenceId: string) =>
      call({ method: 'POST', path: `/v1/submissions/${id}/evidence/${evidenceId}/confirm`, claims: userOf(unit) });
    const upload = (created: Answer, bytes: Uint8Array) =>
      fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: bytes });

    it('refuses a file of the wrong type with 422 at /contentType, and records nothing', async () => {
      const { unit, submission } = await draft();
      const before = await snapshot(submission.id);
      const answer = await declare(submission.id, unit, { fileName: '台账.txt', contentType: 'text/plain' });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/contentType']);
      expect(await listed(submission.id, unit)).toEqual([]);
      expect(await snapshot(submission.id)).toEqual(before);
    });

    it('refuses a file over 50 MB with 422 at /size, and records nothing', async () => {
      const { unit, submission } = await draft();
      const before = await snapshot(submission.id);
      const answer = await declare(submission.id, unit, { size: 50 * 1024 * 1024 + 1 });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/size']);
      expect(await listed(submission.id, unit)).toEqual([]);
      expect(await snapshot(submission.id)).toEqual(before);
    });

    // fauxqs takes a body that does not match its signed checksum (S3 would refuse the PUT): here confirm hashes it.
    it('refuses to confirm an upload whose SHA-256 does not match with 422, and keeps the evidence pending without a download', async () => {
      const { unit, submission } = await draft();
      const bytes = new TextEncoder().encode(`%PDF-1.4 襄阳 ${run} uploaded`);
      const declared = new TextEncoder().encode(`%PDF-1.4 襄阳 ${run} declared`);
      expect(declared.length).toBe(bytes.length);
      const created = await declare(submission.id, unit, { size: bytes.length, sha256: sha256(declared) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await upload(created, bytes)).status).toBe(200);
      const before = await snapshot(submission.id);
      const answer = await confirm(submission.id, unit, created.body.id);
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/sha256']);
      expect(await snapshot(submission.id)).toEqual(before);
      const items = await listed(submission.id, unit);
      expect(items).toEqual([expect.objectContaining({ id: created.body.id, status: 'pending' })]);
      expect(items[0]).not.toHaveProperty('downloadUrl');
    });

    it('confirms a matching upload and lists a download URL that serves the same bytes', async () => {
      const { unit, submission } = await draft();
      const bytes = new TextEncoder().encode(`%PDF-1.4 襄阳 ${run} 台账资料`);
      const created = await declare(submission.id, unit, { size: bytes.length, sha256: sha256(bytes) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.upload.headers).toEqual({
        'content-type': pdf,
        'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64'),
      });
      expect((await upload(created, bytes)).status).toBe(200);
      const confirmed = await confirm(submission.id, unit, created.body.id);
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.status).toBe('confirmed');
      const [item] = await listed(submission.id, unit);
      expect(item).toMatchObject({ id: created.body.id, status: 'confirmed', downloadUrl: expect.any(String) });
      const download = await fetch(item.downloadUrl);
      expect(download.status).toBe(200);
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    });

    it('records two files the unit declares at once, though it named no version', async () => {
      const { unit, submission } = await draft();
      const answers = await Promise.all(['台账一.pdf', '台账二.pdf'].map((fileName) => declare(submission.id, unit, { fileName })));
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers.map((a) => a.body)),
      ).toEqual([201, 201]);
      expect(await listed(submission.id, unit)).toHaveLength(2);
    });

    it('refuses to confirm before anything was uploaded with 409', async () => {
      const { unit, submission } = await draft();
      const created = await declare(submission.id, unit, {});
      expect(created.status).toBe(201);
      const before = await snapshot(submission.id);
      expectProblem(await confirm(submission.id, unit, created.body.id), 409, 'not-uploaded');
      expect(await snapshot(submission.id)).toEqual(before);
      expect((await listed(submission.id, unit))[0].status).toBe('pending');
    });
  });

  describe('Route: POST /v1/submissions/{id}/appeals', () => {
    it('refuses an appeal before the campaign is ranked with 409 appeal-window-closed, and records nothing', async () => {
      const { unit, submission } = await scored();
      const before = await snapshot(submission.id);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/appeals`,
        claims: userOf(unit),
        body: { reason: '现场评审打分偏低', round: 'on-site' },
      });
      expectProblem(answer, 409, 'appeal-window-closed');
      expect(await snapshot(submission.id)).toEqual(before);
      const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: xiangyang });
      expect(read.body).not.toHaveProperty('appeal');
    });
  });

  describe('Route: POST /v1/submissions/{id}/objections', () => {
    it('refuses an objection to a submission not in public notice: 409 to who may see it, 404 to a bystander; records nothing', async () => {
      const { submission } = await submitted();
      const bystander = await newUnit('420606');
      const before = await snapshot(submission.id);
      // Only what is in public notice is public: a bystander is not told the submission exists.
      const hidden = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/objections`,
        claims: userOf(bystander),
        body: { reason: '该单位申报材料不实' },
      });
      expectProblem(hidden, 404);
      const answer = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/objections`,
        claims: xiangyang,
        body: { reason: '该单位申报材料不实' },
      });
      expectProblem(answer, 409, 'not-in-public-notice');
      expect(await snapshot(submission.id)).toEqual(before);
      const read = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: xiangyang });
      expect(read.body.openObjections).toBe(0);
    });
  });

  describe('Visibility', () => {
    it('hides a submission from the user of another unit (404)', async () => {
      const { submission } = await draft();
      const other = await newUnit();
      expectProblem(await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: userOf(other) }), 404, 'not-found');
      expectProblem(
        await call({ method: 'GET', path: `/v1/submissions/${submission.id}/evidence`, claims: userOf(other) }),
        404,
        'not-found',
      );
    });

    it('hides a submission from a reviewer not assigned to it (404), and shows an assigned one no result', async () => {
      const { submission } = await inReview([pool[0]!]);
      expectProblem(await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: pool[2]! }), 404, 'not-found');
      const assigned = await call({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: pool[0]! });
      expect(assigned.status).toBe(200);
      expect(assigned.body).not.toHaveProperty('result');
    });

    it('does not tell the unit who reviewed it, not even in its history', async () => {
      const { unit, submission } = await scored();
      const history = await call({
        method: 'GET',
        path: `/v1/submissions/${submission.id}/history`,
        claims: userOf(unit),
        query: { limit: '100' },
      });
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['assign', 'submitSheet', 'closeRound']),
      );
      expect(JSON.stringify(history.body)).not.toContain(pool[0]!.sub);
    });

    it('does not show the unit its score in its history before the campaign is ranked', async () => {
      const { unit, submission } = await scored();
      const history = await call({
        method: 'GET',
        path: `/v1/submissions/${submission.id}/history`,
        claims: userOf(unit),
        query: { limit: '100' },
      });
      expect(history.status).toBe(200);
      const closes = history.body.items.filter((e: { action: string }) => e.action === 'closeRound');
      expect(closes).toHaveLength(2);
      for (const entry of closes) expect(entry.after?.detail ?? {}).not.toHaveProperty('final');
    });

    it("lists a campaign's submissions to a county authority for its own county only", async () => {
      const [inXiangcheng, inFancheng] = await Promise.all([draft(), newUnit('420606').then((u) => draft(u))]);
      const list = async (caller: Caller) => {
        const answer = await call({
          method: 'GET',
          path: `/v1/campaigns/${campaignId}/submissions`,
          claims: caller,
          query: { limit: '100' },
        });
        expect(answer.status).toBe(200);
        return answer.body.items as { id: string; regionCode: string }[];
      };
      const fanchengSees = await list(fancheng);
      expect(fanchengSees.map((s) => s.id)).toContain(inFancheng.submission.id);
      expect(fanchengSees.every((s) => s.regionCode === '420606')).toBe(true);
      const xiangchengSees = await list(xiangcheng);
      expect(xiangchengSees.map((s) => s.id)).toContain(inXiangcheng.submission.id);
      expect(xiangchengSees.every((s) => s.regionCode === '420602')).toBe(true);
    });
  });
});
