import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import type { Answer } from '../support/events.ts';
import { callCampaigns, callUnits, communitySheet, expectProblem, ifMatch, newUnit, openCampaign } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { day } from '../support/dates.ts';

/*
 * A campaign's progress (评选进度) in 黄石市 (420200): seven communities of 黄石港区 (420202) in every early state,
 * three experts of 西塞山区 (420203) assigned to the document round, some sheets given, one assignment declined and
 * one submission rejected in review. Every figure is counted by hand below. The table is this file's own.
 *
 *   submission  state       document round
 *   s1          in-review   r1 gave its sheet, r2 owes its sheet
 *   s2          in-review   r1 and r2 gave theirs
 *   s3          in-review   r1 owes its sheet, r3 declined (unavailable)
 *   s4          rejected    r2 was assigned and gave none: rejected, it owes none
 *   s5          submitted   (not endorsed yet)
 *   s6          draft
 *   s7          withdrawn
 */

const call = callCampaigns;
const run = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const huangshi = authority('420200', 'huangshi-ethnic-affairs');
const huangshigang = authority('420202', 'huangshigang-ethnic-affairs');
const partner: Caller = { sub: 'huangshi-hr-officer', role: 'authority', agencyId: 'huangshi-hr', region: '420000' };
const pool = 'huangshi-expert-pool';
const userOf = (unit: Unit) => unitUser(unit.id, unit.regionCode);

/** A step the test expects to succeed, answering its body. */
async function ok(answer: Promise<Answer>, status = 200): Promise<any> {
  const done = await answer;
  expect(done.status, JSON.stringify(done.body)).toBe(status);
  return done.body;
}

async function expert(key: string, name: string): Promise<Caller> {
  const id = `hs-${run}-${key}`;
  await ok(
    call({
      method: 'PUT',
      path: `/v1/reviewers/${id}`,
      claims: huangshi,
      body: { name: `评审专家${name}`, agencyId: pool, regionCode: '420203' },
    }),
  );
  return { sub: id, role: 'reviewer', agencyId: pool, region: '420200' };
}

/** A community of 黄石港区 that applied, moved by these steps (unit and authorities in turn). */
async function applied(campaignId: string, name: string, steps: readonly (readonly [Caller | 'unit', string])[]): Promise<any> {
  const unit = await newUnit(huangshi, `黄石港区${name}社区 ${run}`, '420202');
  const draft = await ok(call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: userOf(unit), body: {} }), 201);
  let submission = await ok(
    call({
      method: 'PUT',
      path: `/v1/submissions/${draft.id}/self-assessment`,
      claims: userOf(unit),
      headers: ifMatch(draft.version),
      body: { values: communitySheet() },
    }),
  );
  for (const [by, action] of steps) {
    submission = await ok(
      call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: by === 'unit' ? userOf(unit) : by,
        headers: ifMatch(submission.version),
        body: { action, ...(action === 'reject' ? { reason: '材料不实' } : {}) },
      }),
    );
  }
  return submission;
}

const recommend = [
  ['unit', 'submit'],
  [huangshigang, 'endorse'],
  [huangshi, 'endorse'],
] as const;

const assign = (submissionId: string, reviewer: Caller) =>
  ok(
    call({
      method: 'POST',
      path: `/v1/submissions/${submissionId}/rounds/document/assignments`,
      claims: huangshi,
      body: { reviewerId: reviewer.sub },
    }),
    201,
  );

const giveSheet = (submissionId: string, reviewer: Caller) =>
  ok(
    call({
      method: 'PUT',
      path: `/v1/submissions/${submissionId}/rounds/document/sheets/mine`,
      claims: reviewer,
      body: { values: communitySheet() },
    }),
    201,
  );

const progress = (campaignId: string, caller: Caller = huangshi) =>
  call({ method: 'GET', path: `/v1/campaigns/${campaignId}/progress`, claims: caller });

let campaignId: string;
let r1: Caller;
let r2: Caller;
let r3: Caller;
/** The submission whose document sheet r1 still owes. */
let owedByR1: string;

beforeAll(async () => {
  await useOwnMainTable('campaign-progress');
  // A campaign names only co-organisers the directory knows.
  await ok(
    callUnits({
      method: 'PUT',
      path: `/v1/authorities/${partner.agencyId}`,
      claims: admin,
      body: { name: '黄石市人力资源和社会保障局', regionCode: '420200', contacts: [{ name: '人社联络员', email: `hr-${run}@example.cn` }] },
    }),
  );
  campaignId = await openCampaign(huangshi, today, run, { coOrganisers: [partner.agencyId] });
  [r1, r2, r3] = await Promise.all([expert('a', '甲'), expert('b', '乙'), expert('c', '丙')]);

  const [s1, s2, s3, s4] = [
    await applied(campaignId, '一', recommend),
    await applied(campaignId, '二', recommend),
    await applied(campaignId, '三', recommend),
    await applied(campaignId, '四', recommend),
  ];
  await applied(campaignId, '五', [['unit', 'submit']]);
  await applied(campaignId, '六', []);
  await applied(campaignId, '七', [['unit', 'withdraw']]);

  for (const [s, reviewers] of [
    [s1, [r1, r2]],
    [s2, [r1, r2]],
    [s3, [r1, r3]],
    [s4, [r2]],
  ] as const)
    for (const reviewer of reviewers) await assign(s.id, reviewer);
  owedByR1 = s3.id;
  await giveSheet(s1.id, r1);
  await giveSheet(s2.id, r1);
  await giveSheet(s2.id, r2);
  await ok(
    call({
      method: 'POST',
      path: `/v1/submissions/${s3.id}/rounds/document/assignments/mine/decline`,
      claims: r3,
      body: { reason: 'unavailable' },
    }),
  );
  const s4Now = await ok(call({ method: 'GET', path: `/v1/submissions/${s4.id}`, claims: huangshi }));
  await ok(
    call({
      method: 'POST',
      path: `/v1/submissions/${s4.id}/transitions`,
      claims: huangshi,
      headers: ifMatch(s4Now.version),
      body: { action: 'reject', reason: '材料不实' },
    }),
  );
}, 180_000);

describe('GET /v1/campaigns/{id}/progress', () => {
  it('counts the submissions by state, by hand', async () => {
    const body = await ok(progress(campaignId));
    expect(body.campaignId).toBe(campaignId);
    expect(body.today).toBe(today);
    expect(body.submissions.total).toBe(7);
    const nonZero = Object.fromEntries(Object.entries(body.submissions.byState).filter(([, n]) => n !== 0));
    expect(nonZero).toEqual({ draft: 1, submitted: 1, 'in-review': 3, rejected: 1, withdrawn: 1 });
    expect(Object.keys(body.submissions.byState)).toContain('named');
  });

  it('counts per round and reviewer the sheets assigned, submitted and outstanding, by hand', async () => {
    const body = await ok(progress(campaignId));
    const reviewer = (who: Caller, name: string, counts: [number, number, number, number]) => ({
      reviewerId: who.sub,
      name: `评审专家${name}`,
      assigned: counts[0],
      submitted: counts[1],
      outstanding: counts[2],
      declined: counts[3],
    });
    expect(body.rounds).toEqual([
      {
        round: 'document',
        assigned: 6,
        submitted: 3,
        outstanding: 2,
        declined: 1,
        reviewers: [
          // r1: s1 and s2 given, s3 owed
          reviewer(r1, '甲', [3, 2, 1, 0]),
          // r2: s2 given, s1 owed, s4 rejected (owed no longer)
          reviewer(r2, '乙', [3, 1, 1, 0]),
          // r3: declined s3
          reviewer(r3, '丙', [0, 0, 0, 1]),
        ].sort((a, b) => a.reviewerId.localeCompare(b.reviewerId)),
      },
      { round: 'on-site', assigned: 0, submitted: 0, outstanding: 0, declined: 0, reviewers: [] },
    ]);
  });

  it('moves a sheet from outstanding to submitted when the reviewer gives it', async () => {
    const before = await ok(progress(campaignId));
    const mine = before.rounds[0].reviewers.find((r: { reviewerId: string }) => r.reviewerId === r1.sub);
    expect(mine).toMatchObject({ submitted: 2, outstanding: 1 });
    await giveSheet(owedByR1, r1);
    const after = await ok(progress(campaignId));
    expect(after.rounds[0]).toMatchObject({ assigned: 6, submitted: 4, outstanding: 1, declined: 1 });
    expect(after.rounds[0].reviewers.find((r: { reviewerId: string }) => r.reviewerId === r1.sub)).toMatchObject({
      assigned: 3,
      submitted: 3,
      outstanding: 0,
    });
  });

  it('counts the calendar days to the next deadline: applications close in 20 days', async () => {
    const body = await ok(progress(campaignId));
    expect(body.nextDeadline).toEqual({ name: 'applicationsClose', label: '申报截止', date: day(today, 20), days: 20 });
  });

  it('shows the progress to the co-organiser and the admin; another authority or a unit is refused', async () => {
    expect((await progress(campaignId, partner)).status).toBe(200);
    expect((await progress(campaignId, admin)).status).toBe(200);
    expectProblem(await progress(campaignId, huangshigang), 403, 'forbidden');
    expectProblem(await progress(campaignId, authority('420000', 'hubei-ethnic-affairs')), 403, 'forbidden');
    expectProblem(await progress(campaignId, unitUser('someone', '420202')), 403, 'forbidden');
    expectProblem(await progress(randomUUID()), 404, 'not-found');
  });
});
