import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as namingsHandler } from '../../functions/namings/handler.ts';
import { handler as registryHandler } from '../../functions/registry/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { authority, unitUser } from '../support/callers.ts';
import { lambdaContext } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import {
  callCampaigns,
  callUnits,
  communitySheet,
  expectProblem,
  ifMatch,
  newUnit,
  openCampaign,
  pointersOf,
  via,
} from '../support/workflow.ts';

/*
 * Commendations (表彰, issue #19; DOMAIN.md rule 3: model collectives are chosen from named units), the decision
 * document of a campaign (issue #20) and joint organisers (seed 004), through the handlers as Lambda calls them (or
 * over HTTP). The table is this file's own: the sweep runs on future dates.
 */

const callNamings = via(namingsHandler, 'namings');
const callRegistry = via(registryHandler, 'registry');
const today = civilDateAt(new Date());
const year = today.slice(0, 4);
const hubei = authority('420000', 'hubei-ethnic-affairs');
const wuhan = authority('420100', 'wuhan-ethnic-affairs');
// Seed 004: the ethnic affairs commission organises with the human resources bureau — here one of 黄石, outside 武汉.
const jointOrganiser = authority('420200', 'huangshi-human-resources');
const unrelated = authority('420200', 'huangshi-ethnic-affairs');
const reviewer: Caller = {
  sub: `commendation-reviewer-${randomUUID().slice(0, 6)}`,
  role: 'reviewer',
  agencyId: 'hubei-expert-pool',
  region: '420000',
};
const decisionNo = `鄂民宗发〔${year}〕12号`;

async function ok(status: number, answer: Promise<{ status: number; body: any; headers: Record<string, string> }>) {
  const settled = await answer;
  expect(settled.status, JSON.stringify(settled.body)).toBe(status);
  return settled;
}

const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

let sequence = Math.floor(Math.random() * 9000) + 1000;
/** Imports a naming of a unit that predates Shifan, as the province; `namedOn` decides whether it is still in force. */
async function imported(unit: Unit, level: 'county' | 'province', namedOn: string): Promise<{ id: string; certificateNo: string }> {
  const certificateNo = `${level === 'province' ? '鄂民示' : '鄂江岸民示'}〔${namedOn.slice(0, 4)}〕${(sequence += 1)}`;
  const answer = await ok(
    201,
    callNamings({
      method: 'POST',
      path: '/v1/namings/import',
      claims: hubei,
      body: { rows: [{ unitId: unit.id, level, certificateNo, namedOn }] },
    }),
  );
  expect(answer.body.refused).toEqual([]);
  return answer.body.created[0];
}

/** A submission self-assessed, submitted, endorsed by the city and the province, scored in its one round. */
async function scored(submissionId: string, unit: Unit): Promise<void> {
  const me = unitUser(unit.id, unit.regionCode);
  const read = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${submissionId}`, claims: me }));
  const assessed = await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${submissionId}/self-assessment`,
      claims: me,
      headers: ifMatch(read.body.version),
      body: { values: communitySheet() },
    }),
  );
  let current = await ok(
    200,
    callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submissionId}/transitions`,
      claims: me,
      headers: ifMatch(assessed.body.version),
      body: { action: 'submit' },
    }),
  );
  for (const endorser of [wuhan, hubei])
    current = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${submissionId}/transitions`,
        claims: endorser,
        headers: ifMatch(current.body.version),
        body: { action: 'endorse' },
      }),
    );
  expect(current.body.state).toBe('recommended');
  await ok(
    201,
    callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submissionId}/rounds/document/assignments`,
      claims: hubei,
      body: { reviewerId: reviewer.sub },
    }),
  );
  await ok(
    201,
    callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${submissionId}/rounds/document/sheets/mine`,
      claims: reviewer,
      body: { values: communitySheet() },
    }),
  );
  await ok(200, callCampaigns({ method: 'POST', path: `/v1/submissions/${submissionId}/rounds/document/close`, claims: hubei }));
}

/** One document round, the shortest windows: a campaign of the province that concludes a few working days from today. */
const oneRound = {
  level: 'province',
  regionCode: '420000',
  rounds: [{ name: 'document', weight: 1 }],
  quota: 5,
  grassrootsShare: 0,
  dates: { onSiteReview: undefined, appealWorkingDays: 1, publicNoticeWorkingDays: 1 },
};

beforeAll(async () => {
  await useOwnMainTable('commendations');
  // The joint organiser is in the authority directory (a campaign names only co-organisers it knows).
  await ok(
    200,
    callUnits({
      method: 'PUT',
      path: `/v1/authorities/${jointOrganiser.agencyId}`,
      claims: jointOrganiser,
      body: {
        name: '黄石市人力资源和社会保障局',
        regionCode: '420200',
        contacts: [{ name: '人社联络员', email: 'hr@huangshi.example.cn' }],
      },
    }),
  );
  await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: hubei,
      body: { name: '省级评审专家', agencyId: 'hubei-expert-pool', regionCode: '420000' },
    }),
  );
});

describe('Route: POST /v1/campaigns — commendation terms and joint organisers', () => {
  it('refuses a commendation campaign without its terms, terms on a naming campaign, and the organiser as co-organiser (422, nothing stored)', async () => {
    for (const [overrides, pointers] of [
      [{ kind: 'commendation' }, ['/commendation']],
      [{ kind: 'naming', commendation: { title: '省级模范集体', minLevel: 'province' } }, ['/commendation']],
      // The organiser itself (0), a repeat (2), and an agency the directory does not know (1: named once, where it first appears).
      [
        { kind: 'naming', coOrganisers: [hubei.agencyId, 'hubei-hr', 'hubei-hr'] },
        ['/coOrganisers/0', '/coOrganisers/1', '/coOrganisers/2'],
      ],
    ] as const) {
      const name = `refused-${randomUUID()}`;
      const refused = await callCampaigns({
        method: 'POST',
        path: '/v1/campaigns',
        claims: hubei,
        body: {
          name,
          frameworkId: 'none-needed',
          passMark: 60,
          benchmarks: {},
          ...oneRound,
          dates: {
            applicationsOpen: today,
            applicationsClose: addDays(today, 1),
            documentReview: { from: addDays(today, 2), to: addDays(today, 3) },
            appealWorkingDays: 1,
            publicNoticeWorkingDays: 1,
          },
          ...overrides,
        },
      });
      expectProblem(refused, 422, 'validation');
      expect(pointersOf(refused).filter((p) => p !== '/frameworkId')).toEqual([...pointers]);
      const listed = await ok(
        200,
        callCampaigns({ method: 'GET', path: '/v1/campaigns', claims: hubei, query: { region: '420000', limit: '100' } }),
      );
      expect(listed.body.items.map((c: { name: string }) => c.name)).not.toContain(name);
    }
  });
});

describe('A commendation campaign of 湖北: model collectives chosen from named units', () => {
  it('commends a unit with a provincial naming in force, refuses the others with nothing written, and records the decision', async () => {
    // Prepare: four units of 武汉 — one holds a provincial naming in force, one a county naming only, one a provincial
    // naming past its term, one a provincial naming revoked.
    const holder = await newUnit(hubei, `武汉市模范集体候选单位 ${randomUUID().slice(0, 6)}`, '420100');
    const countyOnly = await newUnit(hubei, `武汉市县级示范单位 ${randomUUID().slice(0, 6)}`, '420100');
    const lapsed = await newUnit(hubei, `武汉市期满示范单位 ${randomUUID().slice(0, 6)}`, '420100');
    const revokedHolder = await newUnit(hubei, `武汉市被撤销示范单位 ${randomUUID().slice(0, 6)}`, '420100');
    const held = await imported(holder, 'province', addDays(today, -400));
    await imported(countyOnly, 'county', addDays(today, -400));
    await imported(lapsed, 'province', addDays(addYears(today, -5), -1));
    const revoked = await imported(revokedHolder, 'province', addDays(today, -400));
    await ok(
      200,
      callNamings({ method: 'POST', path: `/v1/namings/${revoked.id}/revoke`, claims: hubei, body: { reason: '复检不合格，撤销命名' } }),
    );

    // The eligibility list shows exactly the naming an application is accepted on.
    const eligible = await ok(
      200,
      callNamings({
        method: 'GET',
        path: '/v1/namings/eligible',
        claims: hubei,
        query: { level: 'province', region: '4201', limit: '100' },
      }),
    );
    expect(eligible.body.items.map((n: { unitId: string }) => n.unitId)).toEqual([holder.id]);

    const campaignId = await openCampaign(hubei, today, 'commendation', {
      ...oneRound,
      name: `${year}年湖北省民族团结进步模范集体表彰 ${randomUUID().slice(0, 6)}`,
      kind: 'commendation',
      commendation: { title: '省级模范集体', minLevel: 'province' },
      coOrganisers: [jointOrganiser.agencyId],
    });

    // Act: each unit applies for itself.
    const applied = await ok(
      201,
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/submissions`,
        claims: unitUser(holder.id, holder.regionCode),
        body: {},
      }),
    );
    expect(applied.body.namingId).toBe(held.id);
    for (const unit of [countyOnly, lapsed, revokedHolder]) {
      const refused = await callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/submissions`,
        claims: unitUser(unit.id, unit.regionCode),
        headers: { 'idempotency-key': `refused-${unit.id}` },
        body: {},
      });
      expectProblem(refused, 422, 'validation');
      expect(pointersOf(refused)).toEqual(['/unitId']);
      expect(refused.body.errors[0].detail).toContain('省级及以上');
      const own = await ok(
        200,
        callCampaigns({ method: 'GET', path: `/v1/units/${unit.id}/submissions`, claims: unitUser(unit.id, unit.regionCode) }),
      );
      expect(own.body.items).toEqual([]);
    }
    const all = await ok(
      200,
      callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: hubei, query: { limit: '100' } }),
    );
    expect(all.body.items.map((s: { unitId: string }) => s.unitId)).toEqual([holder.id]);

    // The co-organiser (黄石's human resources bureau) reads what the organiser reads; 黄石's ethnic affairs does not.
    const jointly = await ok(
      200,
      callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: jointOrganiser, query: { limit: '100' } }),
    );
    expect(jointly.body.items.map((s: { id: string }) => s.id)).toEqual([applied.body.id]);
    await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${applied.body.id}`, claims: jointOrganiser }));
    await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${applied.body.id}/history`, claims: jointOrganiser }));
    const outside = await ok(
      200,
      callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: unrelated, query: { limit: '100' } }),
    );
    expect(outside.body.items).toEqual([]);
    expectProblem(await callCampaigns({ method: 'GET', path: `/v1/submissions/${applied.body.id}`, claims: unrelated }), 404, 'not-found');

    await scored(applied.body.id, holder);
    // Ranking stays with the organiser.
    expectProblem(
      await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: jointOrganiser }),
      403,
      'forbidden',
    );
    const ranked = await ok(200, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: hubei }));
    expect(ranked.body.status).toBe('ranked');

    // The decision document, recorded by the organiser before the conclusion.
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: jointOrganiser,
        body: { number: decisionNo, date: today },
      }),
      403,
      'forbidden',
    );
    const decided = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: hubei,
        headers: ifMatch(ranked.body.version),
        body: { number: decisionNo, date: today },
      }),
    );
    expect(decided.body).toMatchObject({
      status: 'ranked',
      decision: { number: decisionNo, date: today },
      coOrganisers: [jointOrganiser.agencyId],
    });
    expect(decided.headers.etag).toBe(`"${ranked.body.version + 1}"`);

    // The sweep: results final after the appeal window (the decision kept the campaign on its agenda), then the conclusion.
    await runSweep(addDays(decided.body.appealEndsOn, 1));
    const noticed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(noticed.body.status).toBe('public-notice');
    const concludedOn = addDays(noticed.body.noticeEndsOn, 1);
    await runSweep(concludedOn);
    const concluded = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(concluded.body.status).toBe('concluded');

    // Assess: the submission is named on the naming it stood on, which records the commendation, dated by the decision.
    const submission = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${applied.body.id}`, claims: hubei }));
    expect(submission.body).toMatchObject({ state: 'named', namingId: held.id });
    const naming = await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${held.id}`, claims: hubei }));
    const commendation = { title: '省级模范集体', level: 'province', campaignId, on: today, decisionNo };
    expect(naming.body.commendations).toEqual([commendation]);
    const entry = await ok(200, callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(held.certificateNo)}` }));
    expect(entry.body.commendations).toEqual([{ title: '省级模范集体', on: today, decisionNo }]);
    expect(JSON.stringify(entry.body)).not.toContain(campaignId);

    // A repeated conclusion adds nothing: the same sweep again, and the route.
    await runSweep(concludedOn);
    expectProblem(await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/conclude`, claims: hubei }), 409);
    const again = await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${held.id}`, claims: hubei }));
    expect(again.body.commendations).toEqual([commendation]);
    expect(again.body.version).toBe(naming.body.version);

    // A concluded campaign's decision is final.
    const late = await callCampaigns({
      method: 'POST',
      path: `/v1/campaigns/${campaignId}/decision`,
      claims: hubei,
      body: { number: `鄂民宗发〔${year}〕13号`, date: today },
    });
    expectProblem(late, 409, 'already-decided');
    const unchanged = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(unchanged.body).toMatchObject({ version: concluded.body.version, decision: { number: decisionNo, date: today } });
  }, 180_000);
});

describe('Route: POST /v1/campaigns/{id}/decision — a naming campaign', () => {
  it('names on the decision date: the namings carry the decision, their term counts from it; a date after today is refused', async () => {
    const decidedOn = addDays(today, -3);
    const unit = await newUnit(hubei, `武汉市命名决定测试社区 ${randomUUID().slice(0, 6)}`, '420100');
    const campaignId = await openCampaign(hubei, today, 'decision', {
      ...oneRound,
      name: `湖北省示范单位命名（决定文号）${randomUUID().slice(0, 6)}`,
    });
    const applied = await ok(
      201,
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/submissions`,
        claims: unitUser(unit.id, unit.regionCode),
        body: {},
      }),
    );
    await scored(applied.body.id, unit);

    const future = await callCampaigns({
      method: 'POST',
      path: `/v1/campaigns/${campaignId}/decision`,
      claims: hubei,
      body: { number: decisionNo, date: addDays(today, 1) },
    });
    expectProblem(future, 422, 'validation');
    expect(pointersOf(future)).toEqual(['/date']);
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: hubei,
        body: { number: '', date: today },
      }),
      422,
      'validation',
    );
    // Recorded while open, then replaced before the conclusion (If-Match on a stale version → 412).
    const first = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: hubei,
        body: { number: '鄂民宗发〔草〕1号', date: today },
      }),
    );
    expectProblem(
      await callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: hubei,
        headers: ifMatch(first.body.version - 1),
        body: { number: decisionNo, date: decidedOn },
      }),
      412,
    );
    const ranked = await ok(200, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: hubei }));
    await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/decision`,
        claims: hubei,
        headers: ifMatch(ranked.body.version),
        body: { number: decisionNo, date: decidedOn },
      }),
    );

    await runSweep(addDays(ranked.body.appealEndsOn, 1));
    const noticed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    await runSweep(addDays(noticed.body.noticeEndsOn, 1));
    const submission = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${applied.body.id}`, claims: hubei }));
    expect(submission.body.state).toBe('named');
    const naming = await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${submission.body.namingId}`, claims: hubei }));
    expect(naming.body).toMatchObject({
      namedOn: decidedOn,
      expiresOn: addYears(decidedOn, 5),
      decision: { number: decisionNo, date: decidedOn },
      campaignId,
    });
    expect(naming.body.certificateNo).toContain(`〔${decidedOn.slice(0, 4)}〕`);
  }, 180_000);
});
