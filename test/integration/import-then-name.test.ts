import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as namingsHandler } from '../../functions/namings/handler.ts';
import { handler as registryHandler } from '../../functions/registry/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { createNaming } from '../../shared/data/namings.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
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
import { mainStore } from '../../shared/clients.ts';

/*
 * The scenario of issue #16 through the handlers as Lambda calls them: Hubei (420000) imports 鄂民示〔Y〕0001–0004,
 * then a provincial naming campaign of the same year concludes and names its selected units 0005, 0006 — where before
 * it stalled in public notice, failing every day on 0001. The table is this file's own: the province's series of this
 * year is ours alone, and the sweep runs on future dates.
 */

const callNamings = via(namingsHandler, 'namings');
const callRegistry = via(registryHandler, 'registry');
const today = civilDateAt(new Date());
const year = Number(today.slice(0, 4));
const hubei = authority('420000', 'hubei-ethnic-affairs');
const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const nationalCommission = authority('000000', 'national-ethnic-affairs-commission');
const reviewerOf = (id: string): Caller => ({ sub: id, role: 'reviewer', agencyId: 'hubei-expert-pool', region: '420000' });
const no = (seq: number, y = year) => `鄂民示〔${y}〕${String(seq).padStart(4, '0')}`;

async function ok(status: number, answer: Promise<{ status: number; body: any; headers: Record<string, string> }>) {
  const settled = await answer;
  expect(settled.status, JSON.stringify(settled.body)).toBe(status);
  return settled;
}

const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

beforeAll(async () => {
  await useOwnMainTable('import-then-name');
});

describe('Issue #16: a province imports its numbers, then names through a campaign', () => {
  it('names the selected 鄂民示〔Y〕0005, 0006 after 0001–0004 were imported, and the campaign concludes', async () => {
    // Four units named before Shifan, imported with their numbers.
    const holders: Unit[] = [];
    for (const n of [1, 2, 3, 4]) holders.push(await newUnit(hubei, `武汉市江岸区已命名社区${n}`, '420102'));
    const namedOn = `${year}-01-15` <= today ? `${year}-01-15` : today;
    const imported = await ok(
      201,
      callNamings({
        method: 'POST',
        path: '/v1/namings/import',
        claims: hubei,
        body: { rows: holders.map((u, i) => ({ unitId: u.id, level: 'province', certificateNo: no(i + 1), namedOn })) },
      }),
    );
    expect(imported.body.refused).toEqual([]);
    expect(imported.body.created.map((c: { certificateNo: string }) => c.certificateNo)).toEqual([no(1), no(2), no(3), no(4)]);

    // A provincial campaign: three units of 武汉市 apply, are endorsed by the city and the province, scored and ranked.
    const campaignId = await openCampaign(hubei, today, 'series', {
      name: `${year}年湖北省民族团结进步示范单位命名（证书序列）`,
      level: 'province',
      regionCode: '420000',
      quota: 2,
      grassrootsShare: 0,
      // The shortest windows, so the campaign concludes in the year of the imports.
      dates: { appealWorkingDays: 1, publicNoticeWorkingDays: 1 },
    });
    const campaign = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(campaign.body).toMatchObject({ status: 'open', level: 'province', regionCode: '420000', authorityId: hubei.agencyId });
    const reviewer = reviewerOf(`hubei-reviewer-${randomUUID().slice(0, 6)}`);
    await ok(
      200,
      callCampaigns({
        method: 'PUT',
        path: `/v1/reviewers/${reviewer.sub}`,
        claims: hubei,
        body: { name: '省级评审专家', agencyId: 'hubei-expert-pool', regionCode: '420000' },
      }),
    );

    const applicants: { unit: Unit; submissionId: string }[] = [];
    for (const n of [1, 2, 3]) {
      const unit = await newUnit(hubei, `武汉市申报单位${n}`, '420100');
      const me = unitUser(unit.id, unit.regionCode);
      const created = await ok(
        201,
        callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} }),
      );
      const assessed = await ok(
        200,
        callCampaigns({
          method: 'PUT',
          path: `/v1/submissions/${created.body.id}/self-assessment`,
          claims: me,
          headers: ifMatch(created.body.version),
          body: { values: communitySheet() },
        }),
      );
      let current = await ok(
        200,
        callCampaigns({
          method: 'POST',
          path: `/v1/submissions/${created.body.id}/transitions`,
          claims: me,
          headers: ifMatch(assessed.body.version),
          body: { action: 'submit' },
        }),
      );
      for (const endorser of [wuhan, hubei]) {
        current = await ok(
          200,
          callCampaigns({
            method: 'POST',
            path: `/v1/submissions/${created.body.id}/transitions`,
            claims: endorser,
            headers: ifMatch(current.body.version),
            body: { action: 'endorse' },
          }),
        );
      }
      expect(current.body.state).toBe('recommended');
      for (const round of ['document', 'on-site']) {
        await ok(
          201,
          callCampaigns({
            method: 'POST',
            path: `/v1/submissions/${created.body.id}/rounds/${round}/assignments`,
            claims: hubei,
            body: { reviewerId: reviewer.sub },
          }),
        );
        await ok(
          201,
          callCampaigns({
            method: 'PUT',
            path: `/v1/submissions/${created.body.id}/rounds/${round}/sheets/mine`,
            claims: reviewer,
            body: { values: communitySheet() },
          }),
        );
        await ok(200, callCampaigns({ method: 'POST', path: `/v1/submissions/${created.body.id}/rounds/${round}/close`, claims: hubei }));
      }
      applicants.push({ unit, submissionId: created.body.id });
    }
    const ranked = await ok(200, callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: hubei }));
    expect(ranked.body.status).toBe('ranked');
    const rankingOf = async (id: string) =>
      (await ok(200, callCampaigns({ method: 'GET', path: `/v1/submissions/${id}`, claims: hubei }))).body;
    const selected = (
      await Promise.all(applicants.map(async (a) => ({ ...a, ranking: (await rankingOf(a.submissionId)).ranking })))
    ).filter((a) => a.ranking.selected);
    expect(selected).toHaveLength(2);

    // The daily sweep: after the appeal window the results are final; after the public notice the selected are named.
    await runSweep(addDays(ranked.body.appealEndsOn, 1));
    const noticed = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(noticed.body.status).toBe('public-notice');
    const namingDay = addDays(noticed.body.noticeEndsOn, 1);
    await runSweep(namingDay);
    const concluded = await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }));
    expect(concluded.body.status).toBe('concluded');

    const numbers: string[] = [];
    for (const { unit, submissionId } of selected) {
      const submission = await rankingOf(submissionId);
      expect(submission.state).toBe('named');
      const naming = await ok(200, callNamings({ method: 'GET', path: `/v1/namings/${submission.namingId}`, claims: hubei }));
      expect(naming.body).toMatchObject({
        unitId: unit.id,
        level: 'province',
        campaignId,
        namedOn: namingDay,
        status: 'active',
        issuedBy: hubei.agencyId,
      });
      numbers.push(naming.body.certificateNo);
      const entry = await ok(200, callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(naming.body.certificateNo)}` }));
      expect(entry.body).toMatchObject({ certificateNo: naming.body.certificateNo, unitName: unit.name, level: 'province' });
    }
    // Named in the imports' year (the windows are a working day each): the series goes on after the imported 0004.
    // Run in the last days of December the naming falls in the next year, whose series starts afresh.
    const namingYear = Number(namingDay.slice(0, 4));
    expect(numbers.sort()).toEqual(namingYear === year ? [no(5), no(6)] : [no(1, namingYear), no(2, namingYear)]);
    // The imported numbers still name the units they were imported for.
    for (const [i, unit] of holders.entries()) {
      expect((await ok(200, callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(no(i + 1))}` }))).body.unitName).toBe(
        unit.name,
      );
    }
    // Sweeping the same day again changes nothing.
    await runSweep(namingDay);
    expect((await ok(200, callCampaigns({ method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: hubei }))).body.version).toBe(
      concluded.body.version,
    );
  }, 120_000);
});

describe('Route: PUT /v1/authorities/{agencyId} — the certificate prefix', () => {
  const contacts = [{ name: '李明', email: 'directory@example.cn' }];
  const actor = { sub: 't', role: 'authority', agencyId: wuhan.agencyId, requestId: 't' };

  it('makes a city naming use the prefix its directory entry names: 鄂武汉民示 by default, 汉民示〔Y〕0001 once set', async () => {
    const unit = await newUnit(wuhan, '武汉市江汉区证书前缀社区', '420103');
    const other = await newUnit(wuhan, '武汉市江汉区证书前缀社区二', '420103');
    const issuer = { agencyId: wuhan.agencyId, level: 'city' as const, regionCode: '420100' };
    const name = (u: Unit) =>
      createNaming(
        mainStore(),
        u,
        { level: 'city', namedOn: today, issuedBy: wuhan.agencyId, issuer },
        actor,
        today,
        new Date().toISOString(),
      );

    const before = await name(unit);
    expect(before.certificateNo).toBe(`鄂武汉民示〔${year}〕0001`);

    const put = await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${wuhan.agencyId}`,
        claims: wuhan,
        body: { name: '武汉市民族宗教事务委员会', regionCode: '420100', contacts, certificatePrefix: '汉民示' },
      }),
    );
    expect(put.body).toMatchObject({ agencyId: wuhan.agencyId, certificatePrefix: '汉民示' });
    const read = await ok(200, callUnits({ method: 'GET', path: `/v1/authorities/${wuhan.agencyId}`, claims: wuhan }));
    expect(read.body.certificatePrefix).toBe('汉民示');

    const after = await name(other);
    expect(after.certificateNo).toBe(`汉民示〔${year}〕0001`);
    const entry = await ok(200, callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(after.certificateNo)}` }));
    expect(entry.body).toMatchObject({ unitName: other.name, level: 'city' });
  });

  it('refuses a national prefix other than 国民示 with 422 at /certificatePrefix, and stores nothing', async () => {
    const body = { name: '国家民族事务委员会', regionCode: '000000', contacts };
    const refused = await callUnits({
      method: 'PUT',
      path: `/v1/authorities/${nationalCommission.agencyId}`,
      claims: nationalCommission,
      body: { ...body, certificatePrefix: '中民示' },
    });
    expectProblem(refused, 422, 'validation');
    expect(pointersOf(refused)).toEqual(['/certificatePrefix']);
    expect(
      (await callUnits({ method: 'GET', path: `/v1/authorities/${nationalCommission.agencyId}`, claims: nationalCommission })).status,
    ).toBe(404);
    // 国民示 itself, or none, is accepted.
    const accepted = await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${nationalCommission.agencyId}`,
        claims: nationalCommission,
        body: { ...body, certificatePrefix: '国民示' },
      }),
    );
    expect(accepted.body.certificatePrefix).toBe('国民示');
  });

  it('refuses a prefix another authority holds (409 prefix-taken), the national series to a province, and frees a prefix given up', async () => {
    const xianning = authority('421200', `xianning-prefix-${randomUUID().slice(0, 6)}`);
    const suizhou = authority('421300', `suizhou-prefix-${randomUUID().slice(0, 6)}`);
    const prefix = `咸${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 20_000))}民示`;
    const entry = (name: string, regionCode: string, certificatePrefix: string) => ({ name, regionCode, contacts, certificatePrefix });
    await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${xianning.agencyId}`,
        claims: xianning,
        body: entry('咸宁市民族宗教事务局', '421200', prefix),
      }),
    );
    // Taken by Xianning, a province's own series, the national one.
    for (const [prefixTried, status, type] of [
      [prefix, 409, 'prefix-taken'],
      ['鄂民示', 422, 'validation'],
      ['国民示', 422, 'validation'],
    ] as const) {
      const refused = await callUnits({
        method: 'PUT',
        path: `/v1/authorities/${suizhou.agencyId}`,
        claims: suizhou,
        body: entry('随州市民族宗教事务局', '421300', prefixTried),
      });
      expectProblem(refused, status, type);
    }
    // Xianning moves to another prefix: its old one is free for Suizhou.
    await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${xianning.agencyId}`,
        claims: xianning,
        headers: { 'if-match': '"1"' },
        body: entry('咸宁市民族宗教事务局', '421200', `${prefix.slice(0, 2)}市民示`),
      }),
    );
    await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${suizhou.agencyId}`,
        claims: suizhou,
        body: entry('随州市民族宗教事务局', '421300', prefix),
      }),
    );
  });

  it('refuses a prefix that is not 1 to 6 Chinese characters with 422 at /certificatePrefix, leaving the entry as it was', async () => {
    const xiaogan = authority('420900', `xiaogan-ethnic-affairs-${randomUUID().slice(0, 6)}`);
    const body = { name: '孝感市民族宗教事务局', regionCode: '420900', contacts };
    const stored = await ok(
      200,
      callUnits({
        method: 'PUT',
        path: `/v1/authorities/${xiaogan.agencyId}`,
        claims: xiaogan,
        body: { ...body, certificatePrefix: '孝民示' },
      }),
    );
    for (const certificatePrefix of ['', 'XG民示', '孝感市民族宗教', '孝 民示', '孝民示〔', 42]) {
      const refused = await callUnits({
        method: 'PUT',
        path: `/v1/authorities/${xiaogan.agencyId}`,
        claims: xiaogan,
        body: { ...body, certificatePrefix },
      });
      expectProblem(refused, 422, 'validation');
      expect(pointersOf(refused), JSON.stringify(certificatePrefix)).toEqual(['/certificatePrefix']);
    }
    const read = await ok(200, callUnits({ method: 'GET', path: `/v1/authorities/${xiaogan.agencyId}`, claims: xiaogan }));
    expect(read.body).toMatchObject({ certificatePrefix: '孝民示', version: stored.body.version });
    // An admin is held to the same rule.
    expectProblem(
      await callUnits({
        method: 'PUT',
        path: `/v1/authorities/${xiaogan.agencyId}`,
        claims: admin,
        body: { ...body, certificatePrefix: 'abc' },
      }),
      422,
      'validation',
    );
  });
});
