import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { handler as namingsFn } from '../../functions/namings/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { createNaming } from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/clients.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { callApi } from '../support/api.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import { lambdaContext, type Answer } from '../support/events.ts';
import { drainQueue } from '../support/notices-queue.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import {
  callCampaigns,
  callFrameworks,
  callUnits,
  communitySheet,
  expectProblem,
  ifMatch,
  newUnit,
  pointersOf,
  via,
} from '../support/workflow.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';

/*
 * Annual-evaluation outcomes (issue #19) in 宜昌市 (420500): a city evaluation with the bands passed 90, rectify 75,
 * 30 days to rectify. Five named communities are scored on one document round (weight 1) of the demo framework,
 * whose areas each weigh exactly their indicators' points, so a unit's final is the points it earns of 100:
 *   甲 loses A1.4 and A2.2 (5 + 5)                          → 90: passed (at the pass band)
 *   乙 and 丙 lose A1.1, A1.4, A2.2, A5.2 (4 + 5 + 5 + 5) and A1.2 at D (6) → 75: rectify (at the rectify band)
 *   丁 as 乙, and A3.1 at D too (8)                          → 67: failed, holds no naming: nothing proposed
 *   戊 full marks but a veto (V1)                            → vetoed: failed; its city naming's revocation is proposed
 * 乙 is re-evaluated as passed; 丙 (named too) lets its deadline pass — reminded 14 days before, then overdue — and,
 * re-evaluated as failed, has its naming's revocation proposed, which 宜昌 keeps; 宜昌 revokes 戊's naming on the proposal. The table and the notices queue are this file's own: the sweep runs on future dates.
 */

const callNamings = via(namingsFn, 'namings');
const today = civilDateAt(new Date());
const year = Number(today.slice(0, 4));
const run = randomUUID().slice(0, 6);
const yichang = authority('420500', `yichang-evaluation-${run}`);
const xiling = authority('420502', `xiling-evaluation-${run}`);
const jingzhou = authority('421000', `jingzhou-evaluation-${run}`);
const reviewer: Caller = { sub: `yichang-reviewer-${run}`, role: 'reviewer', agencyId: 'yichang-expert-pool', region: '420503' };
const issuerEmail = `issuer-${run}@yichang.example.cn`;
const bands = { passed: 90, rectify: 75, rectifyDays: 30 };
let sqs: SQSClient;
let queueUrl: string;

const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));
const drain = () => drainQueue(sqs, queueUrl);

async function ok(status: number, answer: Promise<Answer>): Promise<Answer> {
  const settled = await answer;
  expect(settled.status, JSON.stringify(settled.body)).toBe(status);
  return settled;
}

/** The full sheet with some checks failed and some levels at D (none earned). */
function sheet(failedChecks: string[], levelsAtD: string[], veto = false): Record<string, unknown> {
  const values: Record<string, unknown> = { ...communitySheet(), V1: veto };
  for (const id of failedChecks) values[id] = false;
  for (const id of levelsAtD) values[id] = 'D';
  return values;
}

const rectifySheet = () => sheet(['A1.1', 'A1.4', 'A2.2', 'A5.2'], ['A1.2']);

/** The body of an annual evaluation of 宜昌, with a test's changes. */
function evaluationBody(frameworkId: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `${year}年宜昌市民族团结进步示范单位年度测评 ${run}`,
    kind: 'annual-evaluation',
    level: 'city',
    frameworkId,
    rounds: [{ name: 'document', weight: 1 }],
    passMark: 60,
    quota: 1,
    grassrootsShare: 0.5,
    benchmarks: { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 },
    bands,
    dates: {
      applicationsOpen: addDays(today, -10),
      applicationsClose: addDays(today, 20),
      documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
      appealWorkingDays: 1,
      publicNoticeWorkingDays: 1,
    },
    ...changes,
  };
}

async function campaignNames(): Promise<string[]> {
  const listed = await ok(200, callCampaigns({ method: 'GET', path: '/v1/campaigns', claims: yichang, query: { region: '420500' } }));
  return listed.body.items.map((c: { name: string }) => c.name);
}

/** A unit applies, is endorsed by 宜昌, and is scored on the document round with `values`. */
async function scored(campaignId: string, unit: Unit, values: Record<string, unknown>): Promise<string> {
  const me = unitUser(unit.id, unit.regionCode);
  const created = await ok(201, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} }));
  const id = created.body.id as string;
  const assessed = await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${id}/self-assessment`,
      claims: me,
      headers: ifMatch(created.body.version),
      body: { values: communitySheet() },
    }),
  );
  let current = await ok(
    200,
    callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${id}/transitions`,
      claims: me,
      headers: ifMatch(assessed.body.version),
      body: { action: 'submit' },
    }),
  );
  for (const endorser of unit.regionCode === '420500' ? [yichang] : [xiling, yichang])
    current = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${id}/transitions`,
        claims: endorser,
        headers: ifMatch(current.body.version),
        body: { action: 'endorse' },
      }),
    );
  await ok(
    201,
    callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${id}/rounds/document/assignments`,
      claims: yichang,
      body: { reviewerId: reviewer.sub },
    }),
  );
  await ok(
    201,
    callCampaigns({ method: 'PUT', path: `/v1/submissions/${id}/rounds/document/sheets/mine`, claims: reviewer, body: { values } }),
  );
  await ok(200, callCampaigns({ method: 'POST', path: `/v1/submissions/${id}/rounds/document/close`, claims: yichang }));
  return id;
}

const read = async (id: string) => (await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${id}`, claims: yichang }))).body;

beforeAll(async () => {
  await useOwnMainTable('evaluation-outcomes');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `evaluation-${run}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
  // The directory: 宜昌, the issuer of the namings, hears of a proposed revocation.
  await ok(
    200,
    callUnits({
      method: 'PUT',
      path: `/v1/authorities/${yichang.agencyId}`,
      claims: yichang,
      body: { name: '宜昌市民族宗教事务委员会', regionCode: '420500', contacts: [{ name: '王芳', email: issuerEmail }] },
    }),
  );
  await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: yichang,
      body: { name: '市级评审专家', agencyId: 'yichang-expert-pool', regionCode: '420503' },
    }),
  );
});

describe('POST /v1/campaigns — the bands of an annual evaluation', () => {
  let frameworkId: string;
  beforeAll(async () => {
    const framework = await ok(
      201,
      callFrameworks({
        method: 'POST',
        path: '/v1/frameworks',
        claims: yichang,
        body: { ...demoFramework, version: `evaluation-${run}-bands` },
      }),
    );
    frameworkId = framework.body.id;
  });

  it('refuses an annual evaluation without bands with 422 at /bands, and stores nothing', async () => {
    const body = evaluationBody(frameworkId, { name: `无档次 ${run}` });
    delete body.bands;
    const refused = await callCampaigns({ method: 'POST', path: '/v1/campaigns', claims: yichang, body });
    expectProblem(refused, 422);
    expect(pointersOf(refused)).toEqual(['/bands']);
    expect(await campaignNames()).not.toContain(`无档次 ${run}`);
  });

  it('refuses a rectify band above the pass band with 422 at /bands/rectify, saying so in Chinese first, and stores nothing', async () => {
    const name = `整改档过高 ${run}`;
    const refused = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: yichang,
      body: evaluationBody(frameworkId, { name, bands: { passed: 80, rectify: 85 } }),
    });
    expectProblem(refused, 422);
    expect(pointersOf(refused)).toEqual(['/bands/rectify']);
    expect(refused.body.errors[0].detail).toMatch(/整改档（85）须低于合格档（80）/);
    const english = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: yichang,
      headers: { 'accept-language': 'en' },
      body: evaluationBody(frameworkId, { name, bands: { passed: 80, rectify: 80 } }),
    });
    expectProblem(english, 422);
    expect(english.body.errors[0].detail).toMatch(/a rectify band above the pass band/);
    expect(await campaignNames()).not.toContain(name);
  });

  it('refuses bands on a naming campaign with 422 at /bands, and rectifyDays outside 1–365 at /bands/rectifyDays', async () => {
    const naming = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: yichang,
      body: evaluationBody(frameworkId, { name: `命名带档次 ${run}`, kind: 'naming' }),
    });
    expectProblem(naming, 422);
    expect(pointersOf(naming)).toEqual(['/bands']);
    const days = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: yichang,
      body: evaluationBody(frameworkId, { name: `整改期过长 ${run}`, bands: { ...bands, rectifyDays: 366 } }),
    });
    expectProblem(days, 422);
    expect(pointersOf(days)).toEqual(['/bands/rectifyDays']);
    const names = await campaignNames();
    expect(names).not.toContain(`命名带档次 ${run}`);
    expect(names).not.toContain(`整改期过长 ${run}`);
  });

  it('stores the bands with 90 days to rectify when none are named', async () => {
    const created = await ok(
      201,
      callCampaigns({
        method: 'POST',
        path: '/v1/campaigns',
        claims: yichang,
        body: evaluationBody(frameworkId, { name: `默认整改期 ${run}`, bands: { passed: 85, rectify: 70 } }),
      }),
    );
    expect(created.body.bands).toEqual({ passed: 85, rectify: 70, rectifyDays: 90 });
  });
});

describe('An annual evaluation concludes with an outcome for every unit it scored', () => {
  it('passes 甲, has 乙 and 丙 rectify, fails 丁 and 戊 — proposing to revoke 戊’s naming — and tells each unit once', async () => {
    // Prepare: five communities, 戊 named by 宜昌 four years ago.
    const framework = await ok(
      201,
      callFrameworks({ method: 'POST', path: '/v1/frameworks', claims: yichang, body: { ...demoFramework, version: `evaluation-${run}` } }),
    );
    const campaign = await ok(
      201,
      callCampaigns({ method: 'POST', path: '/v1/campaigns', claims: yichang, body: evaluationBody(framework.body.id) }),
    );
    const campaignId = campaign.body.id as string;
    expect(campaign.body.bands).toEqual(bands);
    const [jia, yi, bing, ding, wu] = await Promise.all(
      ['甲', '乙', '丙', '丁', '戊'].map((n) =>
        newUnit(yichang, `宜昌市西陵区${n}社区 ${run}`, '420502', `${n.codePointAt(0)}-${run}@example.cn`),
      ),
    );
    const issuer = { agencyId: yichang.agencyId, level: 'city' as const, regionCode: '420500' };
    const actor = { sub: 'test', role: 'authority', agencyId: yichang.agencyId, requestId: `evaluation-${run}` };
    const nameUnit = (unit: Unit) =>
      createNaming(
        mainStore(),
        unit,
        { level: 'city', namedOn: addDays(today, -4 * 365), issuedBy: yichang.agencyId, issuer },
        actor,
        today,
        new Date().toISOString(),
      );
    const wuNaming = await nameUnit(wu!);
    const bingNaming = await nameUnit(bing!);

    const ids = {
      jia: await scored(campaignId, jia!, sheet(['A1.4', 'A2.2'], [])),
      yi: await scored(campaignId, yi!, rectifySheet()),
      bing: await scored(campaignId, bing!, rectifySheet()),
      ding: await scored(campaignId, ding!, sheet(['A1.1', 'A1.4', 'A2.2', 'A5.2'], ['A1.2', 'A3.1'])),
      wu: await scored(campaignId, wu!, sheet([], [], true)),
    };
    expect((await read(ids.jia)).result.final).toBe(90);
    expect((await read(ids.yi)).result.final).toBe(75);
    expect((await read(ids.ding)).result.final).toBe(67);
    expect((await read(ids.wu)).state).toBe('vetoed');

    // Act: ranked (a quota of 1 excludes no one from an evaluation), final after the appeal window, concluded after
    // the public notice — by the daily sweep.
    const ranked = await ok(200, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: yichang }));
    for (const id of [ids.jia, ids.yi, ids.ding]) expect((await read(id)).ranking.selected, id).toBe(true);
    await drain();
    await runSweep(addDays(ranked.body.appealEndsOn, 1));
    const noticed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: yichang }));
    expect(noticed.body.status).toBe('public-notice');
    for (const id of [ids.jia, ids.yi, ids.bing, ids.ding]) expect((await read(id)).state, id).toBe('public-notice');
    const concludedOn = addDays(noticed.body.noticeEndsOn, 1);
    await drain();
    await runSweep(concludedOn);

    // Assess: the outcomes, with hand-computed figures.
    const concluded = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: yichang }));
    expect(concluded.body.status).toBe('concluded');
    const rectifyBy = addDays(concludedOn, 30);
    expect(await read(ids.jia)).toMatchObject({ state: 'passed', evaluation: { outcome: 'passed', final: 90, concludedOn } });
    expect(await read(ids.yi)).toMatchObject({ state: 'rectifying', evaluation: { outcome: 'rectify', final: 75, rectifyBy } });
    expect(await read(ids.bing)).toMatchObject({ state: 'rectifying', evaluation: { outcome: 'rectify', rectifyBy } });
    const dingRead = await read(ids.ding);
    expect(dingRead).toMatchObject({ state: 'failed', evaluation: { outcome: 'failed', final: 67 } });
    expect(dingRead.evaluation.proposal).toBeUndefined();
    expect(dingRead.namingId).toBeUndefined();
    expect(await read(ids.wu)).toMatchObject({
      state: 'failed',
      evaluation: { outcome: 'failed', vetoed: true, proposal: { namingId: wuNaming.id, certificateNo: wuNaming.certificateNo } },
    });
    const proposed = await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${wuNaming.id}`, claims: yichang }));
    expect(proposed.body).toMatchObject({
      status: 'active',
      revocationProposal: { submissionId: ids.wu, campaignId, proposedOn: concludedOn, proposedBy: yichang.agencyId },
    });
    // The workbench (GET /v1/me/work, issue #20): 乙 its rectification, due by its last day; 宜昌 the proposal on 戊's naming.
    const workOf = async (caller: Caller) =>
      Object.fromEntries(
        (
          (await callApi({ method: 'GET', path: '/v1/me/work', claims: caller })).body.kinds as { kind: string; items: { id: string }[] }[]
        ).map((k) => [k.kind, k.items]),
      );
    expect(await workOf(unitUser(yi!.id, yi!.regionCode))).toEqual({
      rectification: [expect.objectContaining({ id: ids.yi, since: concludedOn, due: rectifyBy })],
    });
    expect((await workOf(yichang))['revocation-proposal']).toEqual([expect.objectContaining({ id: wuNaming.id, since: concludedOn })]);
    // Each unit hears its outcome once, Chinese first; the issuer hears of the proposal.
    const notices = await drain();
    const byId = new Map(notices.map((n) => [n.id, n]));
    expect(notices.map((n) => n.id).sort()).toEqual(
      [
        `submission#${ids.jia}#evaluation#passed`,
        `submission#${ids.yi}#evaluation#rectify`,
        `submission#${ids.bing}#evaluation#rectify`,
        `submission#${ids.ding}#evaluation#failed`,
        `submission#${ids.wu}#evaluation#failed`,
        `naming#${wuNaming.id}#revocation-proposal#${ids.wu}`,
      ].sort(),
    );
    const yiNotice = byId.get(`submission#${ids.yi}#evaluation#rectify`) as NoticeMessage;
    expect(yiNotice.to).toEqual(yi!.contacts.map((c) => c.email));
    expect(yiNotice.subject).toMatch(/^【测评结果】.*限期整改$/);
    expect(yiNotice.text).toMatch(new RegExp(`^${yi!.name}：\\n.*综合得分 75 分.*${rectifyBy} 前`));
    expect(byId.get(`naming#${wuNaming.id}#revocation-proposal#${ids.wu}`)!.to).toEqual([issuerEmail]);
    // Sweeping the same day again sends nothing twice and changes nothing.
    await runSweep(concludedOn);
    expect(await drain()).toEqual([]);
    expect((await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: yichang }))).body.version).toBe(
      concluded.body.version,
    );

    // 乙 is re-evaluated: only while it rectifies, only by the campaign's authority, with a valid body.
    const yiBefore = await read(ids.yi);
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${ids.jia}/re-evaluation`,
        claims: yichang,
        body: { outcome: 'failed', note: '复评' },
      }),
      409,
      'illegal-transition',
    );
    const badBody = await callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${ids.yi}/re-evaluation`,
      claims: yichang,
      body: { outcome: 'rectify', note: '再整改' },
    });
    expectProblem(badBody, 422);
    expect(pointersOf(badBody)).toEqual(['/outcome']);
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${ids.yi}/re-evaluation`,
        claims: xiling,
        body: { outcome: 'passed', note: '整改到位' },
      }),
      403,
    );
    expect((await read(ids.yi)).version).toBe(yiBefore.version);
    const reEvaluated = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${ids.yi}/re-evaluation`,
        claims: yichang,
        headers: ifMatch(yiBefore.version),
        body: { outcome: 'passed', note: '整改到位，复评合格' },
      }),
    );
    expect(reEvaluated.body).toMatchObject({
      state: 'passed',
      version: yiBefore.version + 1,
      evaluation: {
        outcome: 'rectify',
        rectifyBy,
        closedOn: today,
        reEvaluation: { outcome: 'passed', on: today, note: '整改到位，复评合格' },
      },
    });
    expect(reEvaluated.headers.etag).toBe(`"${yiBefore.version + 1}"`);
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${ids.yi}/re-evaluation`,
        claims: yichang,
        body: { outcome: 'failed', note: '再次复评' },
      }),
      409,
      'illegal-transition',
    );
    expect((await drain()).map((n) => n.id)).toEqual([`submission#${ids.yi}#re-evaluation#passed`]);
    const history = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${ids.yi}/history`, claims: yichang }));
    expect(history.body.items.map((e: { action: string }) => e.action)).toContain('re-evaluate');

    // 丙 lets its deadline pass: reminded 14 days before it, then told the day after that it is overdue; 乙 hears nothing more.
    await runSweep(addDays(rectifyBy, -14));
    expect((await drain()).map((n) => n.id)).toEqual([`submission#${ids.bing}#rectification#14`]);
    await runSweep(addDays(rectifyBy, 1));
    const overdue = await drain();
    expect(overdue.map((n) => n.id)).toEqual([`submission#${ids.bing}#rectification#overdue`]);
    expect(overdue[0]!.subject).toBe(`【整改逾期】${bing!.name}`);
    await runSweep(addDays(rectifyBy, 2));
    expect(await drain()).toEqual([]);
    expect((await read(ids.bing)).state).toBe('rectifying');

    // 丙 is re-evaluated late, as failed: revoking its naming is proposed; 宜昌 keeps it, and the proposal is cleared.
    const bingFailed = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${ids.bing}/re-evaluation`,
        claims: yichang,
        body: { outcome: 'failed', note: '逾期未完成整改' },
      }),
    );
    expect(bingFailed.body).toMatchObject({
      state: 'failed',
      evaluation: {
        outcome: 'rectify',
        reEvaluation: { outcome: 'failed' },
        proposal: { namingId: bingNaming.id, certificateNo: bingNaming.certificateNo },
      },
    });
    expect((await drain()).map((n) => n.id).sort()).toEqual(
      [`submission#${ids.bing}#re-evaluation#failed`, `naming#${bingNaming.id}#revocation-proposal#${ids.bing}`].sort(),
    );
    const kept = await ok(
      200,
      callNamings({
        method: 'POST',
        path: `/v1/namings/${bingNaming.id}/revocation-proposal/decision`,
        claims: yichang,
        body: { decision: 'keep', reason: '整改虽逾期但已完成，保留命名' },
      }),
    );
    expect(kept.body).toMatchObject({ status: 'active' });
    expect(kept.body.revocationProposal).toBeUndefined();
    expect((await read(ids.bing)).evaluation.proposal).toMatchObject({ decision: 'keep', decidedOn: today });

    // 宜昌 decides on 戊: not another city, not a county below it; a body it cannot read → 422; then revoke.
    const decisionPath = `/v1/namings/${wuNaming.id}/revocation-proposal/decision`;
    expectProblem(
      await callNamings({ method: 'POST', path: decisionPath, claims: jingzhou, body: { decision: 'revoke', reason: '测评不合格' } }),
      404,
    );
    expectProblem(
      await callNamings({ method: 'POST', path: decisionPath, claims: xiling, body: { decision: 'revoke', reason: '测评不合格' } }),
      403,
    );
    const vague = await callNamings({ method: 'POST', path: decisionPath, claims: yichang, body: { decision: 'maybe', reason: '再议' } });
    expectProblem(vague, 422);
    expect(pointersOf(vague)).toEqual(['/decision']);
    expect((await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${wuNaming.id}`, claims: yichang }))).body.version).toBe(
      proposed.body.version,
    );
    const revoked = await ok(
      200,
      callNamings({
        method: 'POST',
        path: decisionPath,
        claims: yichang,
        headers: ifMatch(proposed.body.version),
        body: { decision: 'revoke', reason: '年度测评不合格（一票否决）' },
      }),
    );
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedOn: today, revokeReason: '年度测评不合格（一票否决）' });
    expect(revoked.body.revocationProposal).toBeUndefined();
    // Both proposals decided (丙's kept, 戊's revoked): none left on 宜昌's workbench.
    expect((await workOf(yichang))['revocation-proposal']).toBeUndefined();
    expect((await read(ids.wu)).evaluation.proposal).toEqual({
      namingId: wuNaming.id,
      certificateNo: wuNaming.certificateNo,
      decision: 'revoke',
      decidedOn: today,
      decidedBy: yichang.sub,
    });
    expect((await drain()).map((n) => n.id)).toEqual([`naming#${wuNaming.id}#revoked#${today}`]);
    expectProblem(
      await callNamings({ method: 'POST', path: decisionPath, claims: yichang, body: { decision: 'keep', reason: '再议' } }),
      409,
      'no-revocation-proposal',
    );
    expect((await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${wuNaming.id}`, claims: admin }))).body.status).toBe('revoked');
  }, 180_000);
});
