import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as adminHandler } from '../../functions/admin/handler.ts';
import { handler as namingsHandler } from '../../functions/namings/handler.ts';
import { handler as registryHandler } from '../../functions/registry/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { fullSheet } from '../../infra/local/demo-campaign.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { UnitCreate } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import type { Answer } from '../support/events.ts';
import { lambdaContext } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { callCampaigns, callUnits, expectProblem, ifMatch, openCampaign, pointersOf, via } from '../support/workflow.ts';

/*
 * The honours of issue #19 through the handlers: a campaign names units (示范单位), zones (示范区), education bases
 * (教育基地) or advanced individuals (先进个人), each in a series of its own and with its own registry label. An
 * individual's personal data stays with the nomination: the registry shows the name and the work unit only, a
 * county outside the scope sees nothing, and an admin erases it on request once the honour's term is over. The table
 * is this file's own: the series of 武汉市 are ours alone.
 */

const callAdmin = via(adminHandler, 'admin');
const callNamings = via(namingsHandler, 'namings');
const callRegistry = via(registryHandler, 'registry');
const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

const today = civilDateAt(new Date());
const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const jiangan = authority('420102', 'jiangan-ethnic-affairs');
const hongshan = authority('420111', 'hongshan-ethnic-affairs');
const huangshiCounty = authority('420202', 'huangshigang-ethnic-affairs');
const benchmarks = { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 };

async function ok(status: number, answer: Promise<Answer>): Promise<Answer> {
  const settled = await answer;
  expect(settled.status, JSON.stringify(settled.body)).toBe(status);
  return settled;
}

async function unit(body: Partial<UnitCreate> & { name: string; regionCode: string }) {
  const created = await ok(
    201,
    callUnits({
      method: 'POST',
      path: '/v1/units',
      claims: wuhan,
      body: { type: 'community', zone: false, contacts: [{ name: '李明', email: `h-${randomUUID().slice(0, 8)}@example.cn` }], ...body },
    }),
  );
  return created.body as { id: string; name: string; type: UnitCreate['type']; regionCode: string };
}

/** A one-round city campaign of 武汉市 naming `honour`, with the shortest windows. */
const honourCampaign = (honour: string, title: string) =>
  openCampaign(wuhan, today, `honour-${honour}`, {
    name: `武汉市民族团结进步${title}命名`,
    honour,
    rounds: [{ name: 'document', weight: 1 }],
    quota: 5,
    grassrootsShare: 0,
    dates: { onSiteReview: undefined, appealWorkingDays: 1, publicNoticeWorkingDays: 1 },
  });

const apply = (campaignId: string, claims: Caller, body: Record<string, unknown>) =>
  callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims, body });

/** Takes a submission from draft to scored: self-assessment, submit, endorsements up the chain, one reviewer's sheet. */
async function toScored(submission: Answer, applicant: Caller, chain: Caller[], reviewer: Caller, values: Record<string, unknown>) {
  const id = submission.body.id as string;
  const assessed = await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${id}/self-assessment`,
      claims: applicant,
      headers: ifMatch(submission.body.version),
      body: { values },
    }),
  );
  let current = await ok(
    200,
    callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${id}/transitions`,
      claims: applicant,
      headers: ifMatch(assessed.body.version),
      body: { action: 'submit' },
    }),
  );
  for (const endorser of chain)
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
      claims: wuhan,
      body: { reviewerId: reviewer.sub },
    }),
  );
  await ok(
    201,
    callCampaigns({ method: 'PUT', path: `/v1/submissions/${id}/rounds/document/sheets/mine`, claims: reviewer, body: { values } }),
  );
  const closed = await ok(200, callCampaigns({ method: 'POST', path: `/v1/submissions/${id}/rounds/document/close`, claims: wuhan }));
  expect(closed.body.state).toBe('scored');
}

/** Ranks a campaign and lets the sweep run it to its end; answers the submissions' namings by submission id. */
async function conclude(campaignId: string): Promise<string> {
  const ranked = await ok(200, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: wuhan }));
  await runSweep(addDays(ranked.body.appealEndsOn, 1));
  const noticed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: wuhan }));
  expect(noticed.body.status).toBe('public-notice');
  const namingDay = addDays(noticed.body.noticeEndsOn, 1);
  await runSweep(namingDay);
  expect((await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: wuhan }))).body.status).toBe(
    'concluded',
  );
  return namingDay;
}

async function namingOf(submissionId: string) {
  const submission = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${submissionId}`, claims: wuhan }));
  expect(submission.body.state).toBe('named');
  return (await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${submission.body.namingId}`, claims: wuhan }))).body;
}

const registryEntry = async (certificateNo: string) =>
  (await ok(200, callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(certificateNo)}` }))).body;

async function registerReviewer(): Promise<Caller> {
  const reviewer: Caller = {
    sub: `honours-reviewer-${randomUUID().slice(0, 6)}`,
    role: 'reviewer',
    agencyId: 'wuhan-expert-pool',
    region: '420100',
  };
  await ok(
    200,
    callCampaigns({
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: wuhan,
      body: { name: '市级评审专家', agencyId: 'wuhan-expert-pool', regionCode: '420100' },
    }),
  );
  return reviewer;
}

const year = (date: string) => date.slice(0, 4);

beforeAll(async () => {
  await useOwnMainTable('honours');
});

describe('Honour kinds (issue #19): zones, education bases, units — each its own series and registry label', () => {
  it('a zone campaign takes a district as a whole (zone: true) and names it 示范区 in the 区 series; a base campaign names 教育基地', async () => {
    const reviewer = await registerReviewer();
    const district = await unit({
      name: `武汉市洪山区人民政府-${randomUUID().slice(0, 4)}`,
      type: 'organ',
      regionCode: '420111',
      zone: true,
    });
    const school = await unit({ name: `武汉市江岸区民族团结教育馆-${randomUUID().slice(0, 4)}`, type: 'school', regionCode: '420102' });
    const community = await unit({ name: `武汉市江岸区百步亭社区-${randomUUID().slice(0, 4)}`, regionCode: '420102' });

    const zoneCampaign = await honourCampaign('zone', '示范区');
    const baseCampaign = await honourCampaign('base', '教育基地');
    expect((await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${zoneCampaign}`, claims: wuhan }))).body.honour).toBe(
      'zone',
    );

    // A community is not a zone; a zone applies only as a zone: 422 at /unitId, nothing written.
    const notZone = await apply(zoneCampaign, wuhan, { unitId: community.id });
    expectProblem(notZone, 422, 'validation');
    expect(pointersOf(notZone)).toEqual(['/unitId']);
    expectProblem(await apply(baseCampaign, wuhan, { unitId: district.id }), 422, 'validation');
    // A nominee belongs to a campaign naming individuals only.
    const stray = await apply(baseCampaign, wuhan, {
      unitId: school.id,
      nominee: { name: '王五', gender: 'male', ethnicity: '汉族', workUnit: '某单位', position: '馆长', deeds: '长期从事民族团结教育' },
    });
    expect(pointersOf(stray)).toEqual(['/nominee']);
    const listed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${zoneCampaign}/submissions`, claims: wuhan }));
    expect(listed.body.items).toEqual([]);

    const zoneApplication = await ok(201, apply(zoneCampaign, unitUser(district.id, '420111'), {}));
    expect(zoneApplication.body).toMatchObject({ honour: 'zone', unitId: district.id });
    await toScored(
      zoneApplication,
      unitUser(district.id, '420111'),
      [hongshan, wuhan],
      reviewer,
      fullSheet(demoFramework, 'zone', benchmarks),
    );
    // A 示范区 is scored on the framework's zone variant: its A4 (development) weighs 25 there, not the default.
    const zoneScored = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${zoneApplication.body.id}`, claims: wuhan }));
    const zoneAreas = zoneScored.body.result.rounds[0].areas as { id: string; weight: number }[];
    expect(Object.fromEntries(zoneAreas.map((a) => [a.id, a.weight]))).toEqual(demoFramework.variants!.zone!.weights);
    expect(demoFramework.areas.find((a) => a.id === 'A4')!.weight).not.toBe(25);
    const baseApplication = await ok(201, apply(baseCampaign, unitUser(school.id, '420102'), {}));
    await toScored(
      baseApplication,
      unitUser(school.id, '420102'),
      [jiangan, wuhan],
      reviewer,
      fullSheet(demoFramework, 'school', benchmarks),
    );

    const zoneDay = await conclude(zoneCampaign);
    const baseDay = await conclude(baseCampaign);
    const zoneNaming = await namingOf(zoneApplication.body.id);
    const baseNaming = await namingOf(baseApplication.body.id);
    // Each kind counts its own series of the issuer's prefix (鄂武汉民示): the first of each is 0001.
    expect(zoneNaming).toMatchObject({ kind: 'zone', unitId: district.id, certificateNo: `鄂武汉民示区〔${year(zoneDay)}〕0001` });
    expect(baseNaming).toMatchObject({ kind: 'base', unitId: school.id, certificateNo: `鄂武汉民示基〔${year(baseDay)}〕0001` });
    expect(await registryEntry(zoneNaming.certificateNo)).toMatchObject({
      kind: 'zone',
      label: '民族团结进步示范区',
      unitName: district.name,
    });
    expect(await registryEntry(baseNaming.certificateNo)).toMatchObject({
      kind: 'base',
      label: '民族团结进步教育基地',
      unitName: school.name,
    });
    // The registry filters by kind from its key: the base is listed under base, not under unit.
    const bases = await ok(200, callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '4201', kind: 'base' } }));
    expect(bases.body.items.map((e: { certificateNo: string }) => e.certificateNo)).toEqual([baseNaming.certificateNo]);
    const units = await ok(200, callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '4201', kind: 'unit' } }));
    expect(units.body.items).toEqual([]);
  }, 180_000);
});

describe('Advanced individuals (issue #19): nominated with personal data that stays with the nomination', () => {
  const deeds = '二十年如一日调解邻里纠纷，组织各族居民开展“石榴籽”互助活动，帮扶少数民族困难家庭 36 户。';
  const nominee = (name: string, workUnit: string) => ({
    name,
    gender: 'female',
    ethnicity: '土家族',
    workUnit,
    position: '社区党委书记',
    deeds,
  });

  it('names each nominee 先进个人 in the 个 series; the registry shows the name and work unit only; outside the scope nothing', async () => {
    const reviewer = await registerReviewer();
    const community = await unit({ name: `武汉市江岸区花桥社区-${randomUUID().slice(0, 4)}`, regionCode: '420102' });
    const campaignId = await honourCampaign('individual', '先进个人');
    const me = unitUser(community.id, '420102');
    const workUnit = community.name;

    // Without a nominee, or one without a work unit or with an unknown ethnicity: 422 at the field, nothing written.
    expect(pointersOf(await apply(campaignId, me, {}))).toEqual(['/nominee']);
    const { workUnit: _w, ...noWorkUnit } = nominee('周敏', workUnit);
    expect(pointersOf(await apply(campaignId, me, { nominee: noWorkUnit }))).toEqual(['/nominee/workUnit']);
    expect(pointersOf(await apply(campaignId, me, { nominee: { ...nominee('周敏', workUnit), ethnicity: '火星族' } }))).toEqual([
      '/nominee/ethnicity',
    ]);
    expect(
      (await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: wuhan }))).body.items,
    ).toEqual([]);

    // A unit nominates several people, each once: the same person written with full-width letters is the same person.
    const first = await ok(201, apply(campaignId, me, { nominee: nominee('周敏', workUnit) }));
    const second = await ok(201, apply(campaignId, me, { nominee: nominee('马丽', workUnit) }));
    expectProblem(await apply(campaignId, me, { nominee: nominee('周 敏', ` ${workUnit}`) }), 409, 'already-applied');
    // An authority nominates through the unit.
    const third = await ok(201, apply(campaignId, wuhan, { unitId: community.id, nominee: nominee('陈静', workUnit) }));
    expect(first.body).toMatchObject({ honour: 'individual', nominee: nominee('周敏', workUnit) });

    // Who sees the personal data: the unit, the authorities in scope, the reviewer assigned; a county outside sees nothing.
    const outside = await callCampaigns({ method: 'GET', path: `/v1/submissions/${first.body.id}`, claims: huangshiCounty });
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body)).not.toContain('周敏');
    const outsideList = await callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims: huangshiCounty });
    expect(JSON.stringify(outsideList.body)).not.toContain(deeds);
    expect(await callCampaigns({ method: 'GET', path: `/v1/submissions/${first.body.id}`, claims: reviewer })).toMatchObject({
      status: 404,
    });

    const sheet = fullSheet(demoFramework, 'community', benchmarks);
    await toScored(first, me, [jiangan, wuhan], reviewer, sheet);
    const seen = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${first.body.id}`, claims: reviewer }));
    expect(seen.body.nominee).toMatchObject({ deeds, ethnicity: '土家族' });
    await toScored(third, wuhan, [jiangan, wuhan], reviewer, sheet);
    // The second nominee is withdrawn before review.
    const withdrawn = await ok(
      200,
      callCampaigns({
        method: 'POST',
        path: `/v1/submissions/${second.body.id}/transitions`,
        claims: me,
        headers: ifMatch(second.body.version),
        body: { action: 'withdraw' },
      }),
    );
    expect(withdrawn.body.state).toBe('withdrawn');

    const namingDay = await conclude(campaignId);
    const named = [await namingOf(first.body.id), await namingOf(third.body.id)];
    expect(named.map((n) => n.kind)).toEqual(['individual', 'individual']);
    // Two people of one unit are two honours: neither supersedes the other.
    expect(named.map((n) => n.status)).toEqual(['active', 'active']);
    expect(named.map((n) => n.certificateNo).sort()).toEqual([
      `鄂武汉民示个〔${year(namingDay)}〕0001`,
      `鄂武汉民示个〔${year(namingDay)}〕0002`,
    ]);
    expect(named[0]!.person).toEqual({ name: '周敏', workUnit });
    const entry = await registryEntry(named[0]!.certificateNo);
    expect(entry).toMatchObject({ kind: 'individual', label: '民族团结进步先进个人', person: { name: '周敏', workUnit } });
    for (const secret of [deeds, '土家族', 'female', '社区党委书记']) expect(JSON.stringify(entry)).not.toContain(secret);
    const page = await ok(200, callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '420102', kind: 'individual' } }));
    expect(page.body.items).toHaveLength(2);
    for (const secret of [deeds, '土家族', 'female']) expect(JSON.stringify(page.body)).not.toContain(secret);

    // Erasure: refused while the honour is in force; the withdrawn nominee's data goes at once, audited, once.
    expectProblem(
      await callAdmin({
        method: 'POST',
        path: `/v1/admin/submissions/${first.body.id}/erasure`,
        claims: admin,
        body: { reason: '本人申请' },
      }),
      409,
      'term-running',
    );
    const erased = await ok(
      200,
      callAdmin({
        method: 'POST',
        path: `/v1/admin/submissions/${second.body.id}/erasure`,
        claims: admin,
        body: { reason: '本人申请删除' },
      }),
    );
    expect(erased.body).toEqual({
      submissionId: second.body.id,
      name: '马丽',
      workUnit,
      erased: { on: expect.any(String), by: admin.sub, reason: '本人申请删除' },
    });
    const after = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${second.body.id}`, claims: wuhan }));
    expect(after.body.nominee).toEqual({ name: '马丽', workUnit, erased: erased.body.erased });
    expect(JSON.stringify(after.body)).not.toContain(deeds);
    const again = await ok(
      200,
      callAdmin({ method: 'POST', path: `/v1/admin/submissions/${second.body.id}/erasure`, claims: admin, body: { reason: '重复申请' } }),
    );
    expect(again.body.erased).toEqual(erased.body.erased);
    const history = await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${second.body.id}/history`, claims: wuhan }));
    expect(history.body.items.filter((h: { action: string }) => h.action === 'erasePersonalData')).toHaveLength(1);
    // A submission that nominates nobody holds nothing to erase.
    const plain = await unit({ name: `武汉市江岸区对照社区-${randomUUID().slice(0, 4)}`, regionCode: '420102' });
    const unitCampaign = await honourCampaign('unit', '示范单位');
    const plainApplication = await ok(201, apply(unitCampaign, unitUser(plain.id, '420102'), {}));
    expectProblem(
      await callAdmin({
        method: 'POST',
        path: `/v1/admin/submissions/${plainApplication.body.id}/erasure`,
        claims: admin,
        body: { reason: '测试' },
      }),
      409,
      'term-running',
    );
  }, 240_000);
});
