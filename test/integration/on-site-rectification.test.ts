import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { authority, unitUser } from '../support/callers.ts';
import type { Answer } from '../support/events.ts';
import { callCampaigns, communitySheet, expectProblem, ifMatch, newUnit, openCampaign, pointersOf } from '../support/workflow.ts';

/*
 * Two changes to a campaign's rounds (issue #19), through the campaigns function against the emulators: a campaign
 * that visits only the key units it picks (seed 003: Qinzhou visits key units on site, not all), and a rectification
 * window between the rounds (seed 004: 整改 by a date between the district's review and the city's acceptance review).
 * Everything lives in 荆门市 (420800) — 东宝区 420802, reviewers from 掇刀区 420804 — which no other test uses.
 *
 * Figures, by hand, on the demo framework (six areas weighing 20, 15, 15, 20, 15, 15 = 100; a round's total is the
 * areas' weighted scores plus bonus points):
 * - a complete sheet at every indicator's best and no bonus: 100;
 * - `A1.1` (a check of 4 points) false: A1 earns 16 of its 20 points, 20 × 16/20 = 16, so 100 − 4 = 96;
 * - `A2.2` (a check of 5 points) false: A2 earns 10 of 15, 15 × 10/15 = 10, so 100 − 5 = 95;
 * - `B1` (bonus) 2 points on top of a sheet of 96: 98.
 */

const call = callCampaigns;
const run = Date.now().toString(36);
const today = civilDateAt(new Date());
const jingmen = authority('420800', 'jingmen-ethnic-affairs');
const dongbao = authority('420802', 'dongbao-ethnic-affairs');
const pool = 'jingmen-expert-pool';

const sheetWith = (changes: Record<string, unknown>) => ({ ...communitySheet(), ...changes });
const userOf = (unit: Unit) => unitUser(unit.id, unit.regionCode);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Registers an expert of 掇刀区 (no conflict with a unit of 东宝区) and answers the reviewer's caller. */
async function expert(name: string): Promise<Caller> {
  const id = `jm-${run}-${name}`;
  const answer = await call({
    method: 'PUT',
    path: `/v1/reviewers/${id}`,
    claims: jingmen,
    body: { name: `评审专家 ${name}`, agencyId: pool, regionCode: '420804' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return { sub: id, role: 'reviewer', agencyId: pool, region: '420800' };
}

/** A step the test expects to succeed, answering its body. */
async function ok(answer: Promise<Answer>, status = 200): Promise<any> {
  const done = await answer;
  expect(done.status, JSON.stringify(done.body)).toBe(status);
  return done.body;
}

/** A community of 东宝区 that applied to the campaign, self-assessed, submitted and was endorsed up to the city. */
async function recommended(campaignId: string, name: string): Promise<{ unit: Unit; submission: any }> {
  const unit = await newUnit(jingmen, `荆门市东宝区${name}社区 ${run}`, '420802');
  const draft = await ok(call({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: userOf(unit), body: {} }), 201);
  const assessed = await ok(
    call({
      method: 'PUT',
      path: `/v1/submissions/${draft.id}/self-assessment`,
      claims: userOf(unit),
      headers: ifMatch(draft.version),
      body: { values: communitySheet() },
    }),
  );
  let submission = assessed;
  for (const [caller, action] of [
    [userOf(unit), 'submit'],
    [dongbao, 'endorse'],
    [jingmen, 'endorse'],
  ] as const) {
    submission = await ok(
      call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/transitions`,
        claims: caller,
        headers: ifMatch(submission.version),
        body: { action },
      }),
    );
  }
  expect(submission.state).toBe('recommended');
  return { unit, submission };
}

const assign = (submissionId: string, round: string, reviewer: Caller) =>
  call({
    method: 'POST',
    path: `/v1/submissions/${submissionId}/rounds/${round}/assignments`,
    claims: jingmen,
    body: { reviewerId: reviewer.sub },
  });

const putSheet = (submissionId: string, round: string, reviewer: Caller, values: Record<string, unknown>) =>
  call({ method: 'PUT', path: `/v1/submissions/${submissionId}/rounds/${round}/sheets/mine`, claims: reviewer, body: { values } });

const close = (submissionId: string, round: string) =>
  call({ method: 'POST', path: `/v1/submissions/${submissionId}/rounds/${round}/close`, claims: jingmen });

/** Assigns one reviewer to a round, gives their sheet and closes the round; answers the submission as closed. */
async function reviewRound(submissionId: string, round: string, reviewer: Caller, values: Record<string, unknown>): Promise<any> {
  await ok(assign(submissionId, round, reviewer), 201);
  await ok(putSheet(submissionId, round, reviewer, values), 201);
  return ok(close(submissionId, round));
}

const readCampaign = (id: string) => call({ method: 'GET', path: `/v1/campaigns/${id}`, claims: jingmen });
const readSubmission = (id: string, caller: Caller = jingmen) => call({ method: 'GET', path: `/v1/submissions/${id}`, claims: caller });

describe('Key units on site and rectification between the rounds', () => {
  let documentExpert: Caller;
  let siteExpert: Caller;
  let secondSiteExpert: Caller;

  beforeAll(async () => {
    [documentExpert, siteExpert, secondSiteExpert] = await Promise.all([expert('document'), expert('site'), expert('site-2')]);
  });

  describe('Route: PUT /v1/campaigns/{id}/on-site', () => {
    it('scores the two units not picked on their document round alone, says so, and ranks all three by final', async () => {
      // Given a campaign visiting key units only, with three recommended submissions
      const campaignId = await openCampaign(jingmen, today, `key-${run}`, { onSite: 'key' });
      const [picked, first, second] = await Promise.all([
        recommended(campaignId, '重点'),
        recommended(campaignId, '一般甲'),
        recommended(campaignId, '一般乙'),
      ]);

      // When its authority picks one of them, naming the version it read
      const read = await readCampaign(campaignId);
      const picks = await call({
        method: 'PUT',
        path: `/v1/campaigns/${campaignId}/on-site`,
        claims: jingmen,
        headers: { 'if-match': read.headers.etag! },
        body: { submissionIds: [picked.submission.id] },
      });
      expect(picks.status, JSON.stringify(picks.body)).toBe(200);
      expect(picks.body.onSiteSubmissionIds).toEqual([picked.submission.id]);
      expect(picks.headers.etag).toBe(`"${read.body.version + 1}"`);

      // Then a reviewer for the on-site round of one not picked is refused, with nothing written
      expectProblem(await assign(first.submission.id, 'on-site', siteExpert), 409, 'not-picked-on-site');
      expect((await readSubmission(first.submission.id)).body.version).toBe(first.submission.version);

      // And the picked one goes on site after its document round; the others are scored on it alone
      const pickedAfterDocument = await reviewRound(picked.submission.id, 'document', documentExpert, communitySheet());
      expect(pickedAfterDocument).toMatchObject({ state: 'on-site', openRound: 'on-site', closedRounds: ['document'] });
      const firstScored = await reviewRound(first.submission.id, 'document', documentExpert, sheetWith({ 'A1.1': false, B1: 2 }));
      const secondScored = await reviewRound(second.submission.id, 'document', documentExpert, sheetWith({ 'A2.2': false }));
      for (const [scored, total] of [
        [firstScored, 98],
        [secondScored, 95],
      ] as const) {
        expect(scored.state).toBe('scored');
        expect(scored.closedRounds).toEqual(['document']);
        expect(scored.result.final).toBe(total);
        expect(scored.result.onSite).toBe('not-selected');
        expect(scored.result.rounds).toHaveLength(1);
        expect(scored.result.rounds[0]).toMatchObject({ name: 'document', weight: 1, total });
      }

      // And a pick whose document round has closed no longer changes
      const repick = await call({
        method: 'PUT',
        path: `/v1/campaigns/${campaignId}/on-site`,
        claims: jingmen,
        body: { submissionIds: [picked.submission.id, first.submission.id] },
      });
      expectProblem(repick, 409, 'round-closed');

      // The picked one: 0.4 × 100 + 0.6 × 96 = 40 + 57.6 = 97.6
      const pickedScored = await reviewRound(picked.submission.id, 'on-site', siteExpert, sheetWith({ 'A1.1': false }));
      expect(pickedScored.state).toBe('scored');
      expect(pickedScored.result.final).toBe(97.6);
      expect(pickedScored.result.onSite).toBe('selected');
      expect(pickedScored.result.rounds.map((r: any) => [r.name, r.weight, r.total])).toEqual([
        ['document', 0.4, 100],
        ['on-site', 0.6, 96],
      ]);

      // Ranked by final as they are: 98 (not picked), 97.6 (picked), 95 (not picked)
      await ok(call({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: jingmen }));
      const ranks = await Promise.all(
        [first, picked, second].map(async ({ submission }) => (await readSubmission(submission.id)).body.ranking.rank),
      );
      expect(ranks).toEqual([1, 2, 3]);
    }, 60_000);

    it('refuses a pick of a submission outside the campaign, or of none, with 422 at its index, and writes nothing', async () => {
      const campaignId = await openCampaign(jingmen, today, `kr-${run}`, { onSite: 'key' });
      const otherCampaignId = await openCampaign(jingmen, today, `ko-${run}`, { onSite: 'key' });
      const [mine, theirs] = await Promise.all([recommended(campaignId, '本批'), recommended(otherCampaignId, '他批')]);
      const before = await readCampaign(campaignId);

      const answer = await call({
        method: 'PUT',
        path: `/v1/campaigns/${campaignId}/on-site`,
        claims: jingmen,
        body: { submissionIds: [mine.submission.id, theirs.submission.id, `no-such-submission-${run}`] },
      });

      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/submissionIds/1', '/submissionIds/2']);
      const after = await readCampaign(campaignId);
      expect(after.body).toEqual(before.body);
      expect(after.body).not.toHaveProperty('onSiteSubmissionIds');
    });

    it('refuses picks on a campaign that visits every submission with 409', async () => {
      const campaignId = await openCampaign(jingmen, today, `all-${run}`);
      const { submission } = await recommended(campaignId, '全部');
      const answer = await call({
        method: 'PUT',
        path: `/v1/campaigns/${campaignId}/on-site`,
        claims: jingmen,
        body: { submissionIds: [submission.id] },
      });
      expectProblem(answer, 409, 'conflict');
    });
  });

  describe('Route: POST /v1/submissions/{id}/rectification', () => {
    const dates = {
      documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
      onSiteReview: { from: addDays(today, 41), to: addDays(today, 50) },
    };

    it('refuses a window that does not end between the rounds with 422 at /rectification/dueOn', async () => {
      for (const dueOn of [addDays(today, 30), addDays(today, 41)]) {
        const answer = await call({
          method: 'POST',
          path: '/v1/campaigns',
          claims: jingmen,
          body: {
            name: `荆门市整改期有误 ${run}`,
            kind: 'naming',
            level: 'city',
            frameworkId: 'irrelevant',
            rounds: [
              { name: 'document', weight: 0.4 },
              { name: 'on-site', weight: 0.6 },
            ],
            passMark: 60,
            quota: 3,
            grassrootsShare: 0.5,
            rectification: { dueOn },
            dates: {
              applicationsOpen: today,
              applicationsClose: addDays(today, 20),
              ...dates,
              appealWorkingDays: 5,
              publicNoticeWorkingDays: 5,
            },
          },
        });
        expectProblem(answer, 422, 'validation');
        expect(pointersOf(answer)).toContain('/rectification/dueOn');
      }
    });

    it('shows the on-site reviewer the evidence the unit uploaded in the window, marked, once it declared the rectification done', async () => {
      // Given a campaign with a rectification window, and a submission whose document round has closed into it
      const dueOn = addDays(today, 35);
      const campaignId = await openCampaign(jingmen, today, `rect-${run}`, { rectification: { dueOn }, dates });
      const { unit, submission } = await recommended(campaignId, '整改');
      const waiting = await reviewRound(submission.id, 'document', documentExpert, sheetWith({ 'A1.1': false }));
      expect(waiting.state).toBe('in-rectification');
      expect(waiting).not.toHaveProperty('openRound');
      expect(waiting.rectification).toEqual({ dueOn });

      // The on-site round does not open before the window ends while the unit has not declared
      expectProblem(await assign(submission.id, 'on-site', siteExpert), 409, 'rectification-pending');
      expect((await readSubmission(submission.id)).body.version).toBe(waiting.version);

      // When the unit uploads what it fixed, and declares the rectification done
      const bytes = new TextEncoder().encode(`荆门市东宝区整改台账 ${run}`);
      const declared = await ok(
        call({
          method: 'POST',
          path: `/v1/submissions/${submission.id}/evidence`,
          claims: userOf(unit),
          body: { fileName: '整改台账.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) },
        }),
        201,
      );
      expect(declared.purpose).toBe('rectification');
      const put = await fetch(declared.upload.url, { method: 'PUT', headers: declared.upload.headers, body: bytes });
      expect(put.ok).toBe(true);
      await ok(call({ method: 'POST', path: `/v1/submissions/${submission.id}/evidence/${declared.id}/confirm`, claims: userOf(unit) }));
      const current = (await readSubmission(submission.id, userOf(unit))).body;
      const note = '已补建民族团结进步创建领导小组，并完善了台账资料';
      const done = await ok(
        call({
          method: 'POST',
          path: `/v1/submissions/${submission.id}/rectification`,
          claims: userOf(unit),
          headers: ifMatch(current.version),
          body: { note },
        }),
      );
      expect(done.state).toBe('in-rectification');
      expect(done.rectification).toMatchObject({ dueOn, note, declaredBy: userOf(unit).sub });
      const again = await call({
        method: 'POST',
        path: `/v1/submissions/${submission.id}/rectification`,
        claims: userOf(unit),
        body: { note },
      });
      expectProblem(again, 409, 'already-done');

      // Then the first on-site assignment opens the on-site round
      const assigned = await ok(assign(submission.id, 'on-site', siteExpert), 201);
      expect(assigned.submission).toMatchObject({ state: 'on-site', openRound: 'on-site' });
      await ok(assign(submission.id, 'on-site', secondSiteExpert), 201);

      // And the on-site reviewer sees the declaration and the evidence, marked as the rectification's
      const seen = await readSubmission(submission.id, siteExpert);
      expect(seen.status).toBe(200);
      expect(seen.body.rectification).toMatchObject({ dueOn, note });
      const evidence = await call({ method: 'GET', path: `/v1/submissions/${submission.id}/evidence`, claims: siteExpert });
      expect(evidence.status).toBe(200);
      expect(evidence.body.items).toEqual([
        expect.objectContaining({ id: declared.id, status: 'confirmed', purpose: 'rectification', downloadUrl: expect.any(String) }),
      ]);

      // And the campaign scores it as any two-round submission: 0.4 × 96 + 0.6 × 100 = 38.4 + 60 = 98.4
      await ok(putSheet(submission.id, 'on-site', siteExpert, communitySheet()), 201);
      await ok(putSheet(submission.id, 'on-site', secondSiteExpert, communitySheet()), 201);
      const scored = await ok(close(submission.id, 'on-site'));
      expect(scored.state).toBe('scored');
      expect(scored.result.final).toBe(98.4);
    }, 30_000);
  });
});
