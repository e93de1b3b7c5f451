import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler as adminFn } from '../../functions/admin/handler.ts';
import { handler as namingsFn } from '../../functions/namings/handler.ts';
import { handler as plansFn } from '../../functions/plans/handler.ts';
import { advanceExpiryMilestone, createNaming, facetWrites, getNaming, namingItem } from '../../shared/data/namings.ts';
import { expiredStep, expiryOf, regionAtLevel, type Naming } from '../../shared/domain/namings.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit, UnitType } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { Answer } from '../support/events.ts';
import { admin, authority } from '../support/callers.ts';
import { callUnits, expectProblem, via } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { day, plusYears } from '../support/dates.ts';
import { getClients, mainStore } from '../../shared/clients.ts';

/*
 * Naming statistics (命名统计) in 湖北: namings created, renewed (the first one superseded), imported, revoked and
 * expired by the sweep's step, counted by hand per county (江岸区 420102, 江汉区 420103), city (武汉市 420100, whose
 * own code holds a city-level unit) and province, with a naming of 湖南 that no 湖北 figure counts. The table is this
 * file's own, so every figure counts this file's namings alone.
 */

const callPlans = via(plansFn, 'plans');
const callNamings = via(namingsFn, 'namings');
const callAdmin = via(adminFn, 'admin');

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const hubei = authority('420000', 'hubei-ethnic-affairs');
const hunan = authority('430000', 'hunan-ethnic-affairs');
const jiangan = authority('420102', 'jiangan-ethnic-affairs');
const actor = { sub: 'test-hubei', role: 'authority', agencyId: hubei.agencyId, requestId: `stats-${tag}` };

/** The days the namings were made, and so the years they count under (`year` is the year of namedOn). */
const dates = {
  first: plusYears(today, -4),
  renewal: day(today, -10),
  base: plusYears(today, -3),
  imported: plusYears(today, -2),
  revoked: plusYears(today, -1),
  expired: day(plusYears(today, -5), -30),
};
const year = (date: string) => date.slice(0, 4);

const report = (region: string, groupBy: string, caller: Caller = hubei) =>
  callPlans({ method: 'GET', path: '/v1/reports/namings', claims: caller, query: { region, groupBy } });

/** A report's groups as key → count. */
const countsOf = (answer: Answer): Record<string, number> => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return Object.fromEntries(answer.body.groups.map((g: { key: string; count: number }) => [g.key, g.count]));
};

/** Adds the counts of `year` keys that may fall in one year (dates a few days apart can share one). */
const byYear = (entries: [string, number][]) => {
  const out: Record<string, number> = {};
  for (const [date, n] of entries) out[year(date)] = (out[year(date)] ?? 0) + n;
  return out;
};

async function newUnit(name: string, type: UnitType, regionCode: string, caller: Caller = hubei): Promise<Unit> {
  const answer = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: caller,
    body: {
      name: `${name}${tag}`,
      type,
      regionCode,
      zone: false,
      contacts: [{ name: '王芳', email: `stats-${randomUUID().slice(0, 6)}@example.cn` }],
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as Unit;
}

/** Imports one naming through the API; returns its id. */
async function importOne(caller: Caller, row: Record<string, unknown>): Promise<string> {
  const answer = await callNamings({ method: 'POST', path: '/v1/namings/import', claims: caller, body: { rows: [row] } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.created[0].id as string;
}

beforeAll(async () => {
  await useOwnMainTable('naming-statistics');
  const community = await newUnit('江岸区民族团结社区', 'community', '420102');
  const school = await newUnit('武汉市江岸区民族团结教育基地', 'school', '420102');
  const enterprise = await newUnit('江汉区民族团结企业', 'enterprise', '420103');
  const organ = await newUnit('武汉市民族宗教事务委员会', 'organ', '420100');
  const village = await newUnit('宜昌市西陵区民族团结村', 'village', '420502');
  const hunanUnit = await newUnit('芙蓉区民族团结社区', 'community', '430102', hunan);

  const now = new Date().toISOString();
  const store = mainStore();
  // Created, then renewed at the same level: the first is superseded in the renewal's transaction.
  const first = await createNaming(
    store,
    community,
    { level: 'county', namedOn: dates.first, issuedBy: jiangan.agencyId },
    actor,
    today,
    now,
  );
  await createNaming(store, community, { level: 'county', namedOn: dates.renewal, issuedBy: jiangan.agencyId }, actor, today, now);
  expect((await getNaming(store, first.id))?.status).toBe('superseded');
  await createNaming(
    store,
    school,
    { level: 'city', namedOn: dates.base, issuedBy: 'wuhan-ethnic-affairs', kind: 'base' },
    actor,
    today,
    now,
  );

  // Imported through the API: one stays, one is revoked through the API, one expired long ago and is marked by the sweep's step.
  await importOne(hubei, {
    unitId: enterprise.id,
    level: 'county',
    certificateNo: `鄂江汉民示〔${year(dates.imported)}〕0001`,
    namedOn: dates.imported,
  });
  const revoked = await importOne(hubei, {
    unitId: organ.id,
    level: 'city',
    certificateNo: `鄂武汉民示〔${year(dates.revoked)}〕0001`,
    namedOn: dates.revoked,
  });
  const revocation = await callNamings({
    method: 'POST',
    path: `/v1/namings/${revoked}/revoke`,
    claims: hubei,
    body: { reason: '复查不合格' },
  });
  expect(revocation.status, JSON.stringify(revocation.body)).toBe(200);
  const expired = await importOne(hubei, {
    unitId: village.id,
    level: 'province',
    certificateNo: `鄂民示〔${year(dates.expired)}〕0001`,
    namedOn: dates.expired,
  });
  const lapsed = (await getNaming(store, expired))!;
  expect(await advanceExpiryMilestone(store, lapsed, { stored: lapsed.nextMilestone!, acted: expiredStep }, now)).toBe(true);
  expect((await getNaming(store, expired))?.status).toBe('expired');

  await importOne(hunan, {
    unitId: hunanUnit.id,
    level: 'province',
    certificateNo: `湘民示〔${year(dates.imported)}〕0001`,
    namedOn: dates.imported,
  });
}, 120_000);

describe('GET /v1/reports/namings', () => {
  it('counts the province by level, type, kind and status, by hand', async () => {
    // 江岸区: first (superseded) and renewal (active), community, county; the school's base, city. 江汉区: the enterprise,
    // county. 武汉市: the organ, city, revoked. 西陵区: the village, province, expired.
    expect(countsOf(await report('420000', 'level'))).toEqual({ county: 3, city: 2, province: 1 });
    expect(countsOf(await report('420000', 'type'))).toEqual({ organ: 1, enterprise: 1, community: 2, school: 1, village: 1 });
    expect(countsOf(await report('420000', 'kind'))).toEqual({ unit: 5, base: 1 });
    expect(countsOf(await report('420000', 'status'))).toEqual({ active: 3, revoked: 1, expired: 1, superseded: 1 });
  });

  it('counts the year each naming was made in', async () => {
    expect(countsOf(await report('420000', 'year'))).toEqual(
      byYear([
        [dates.first, 1],
        [dates.renewal, 1],
        [dates.base, 1],
        [dates.imported, 1],
        [dates.revoked, 1],
        [dates.expired, 1],
      ]),
    );
  });

  it('answers the total, Chinese labels and the dimension order', async () => {
    const answer = await report('420000', 'status');
    expect(answer.body).toEqual({
      region: '420000',
      groupBy: 'status',
      total: 6,
      groups: [
        { key: 'active', label: '有效', count: 3 },
        { key: 'revoked', label: '已撤销', count: 1 },
        { key: 'expired', label: '已期满', count: 1 },
        { key: 'superseded', label: '已被新命名替代', count: 1 },
      ],
    });
    expect((await report('420000', 'level')).body.groups.map((g: { label: string }) => g.label)).toEqual(['县级', '市级', '省级']);
  });

  it('counts a city with its own code and its districts, and a county alone', async () => {
    expect(countsOf(await report('420100', 'status'))).toEqual({ active: 3, revoked: 1, superseded: 1 });
    expect(countsOf(await report('420100', 'level'))).toEqual({ county: 3, city: 2 });
    expect(countsOf(await report('420102', 'status', jiangan))).toEqual({ active: 2, superseded: 1 });
    expect(countsOf(await report('420102', 'kind', jiangan))).toEqual({ unit: 2, base: 1 });
    expect(countsOf(await report('420500', 'level'))).toEqual({ province: 1 });
    // 湖南's naming is 湖南's alone.
    expect(countsOf(await report('430000', 'status', hunan))).toEqual({ active: 1 });
    expect(await report('420300', 'level')).toMatchObject({ status: 200, body: { total: 0, groups: [] } });
  });

  it('refuses a groupBy not offered, or none, with 422', async () => {
    for (const groupBy of ['month', 'LEVEL', '']) {
      const answer = await report('420000', groupBy);
      expectProblem(answer, 422);
      expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['groupBy']);
    }
    const none = await callPlans({ method: 'GET', path: '/v1/reports/namings', claims: hubei, query: { region: '420000' } });
    expectProblem(none, 422);
  });

  it('refuses a region outside the caller as coverage does (403), and the whole country (422)', async () => {
    expectProblem(await report('420000', 'level', jiangan), 403, 'forbidden');
    expectProblem(await report('420103', 'level', jiangan), 403, 'forbidden');
    expectProblem(await report('430000', 'level'), 403, 'forbidden');
    expectProblem(await report('000000', 'level', admin), 422);
  });
});

describe('Counting namings stored before the counters (POST /v1/admin/reindex)', () => {
  it('counts them once the reindex has run, and once only', async () => {
    // Prepare: a naming of 江汉区 stored as older code did (the naming and its facets, no tally)
    const namedOn = plusYears(today, -1);
    const old: Naming = {
      id: randomUUID(),
      unitId: `old-unit-${tag}`,
      unitName: `江汉区老命名单位${tag}`,
      unitType: 'family',
      kind: 'unit',
      regionCode: '420103',
      level: 'province',
      certificateNo: `鄂民示〔${year(namedOn)}〕0900`,
      namedOn,
      expiresOn: expiryOf(namedOn),
      status: 'active',
      issuedBy: hubei.agencyId,
      issuer: { agencyId: hubei.agencyId, level: 'province', regionCode: regionAtLevel('420103', 'province') },
      recipients: [],
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    const { doc } = getClients();
    for (const item of [namingItem(old), ...facetWrites(old).flatMap((w) => (w.Put ? [w.Put.Item] : []))])
      await doc.send(new PutCommand({ TableName: mainStore().table, Item: item }));
    const before = countsOf(await report('420103', 'type'));
    expect(before).toEqual({ enterprise: 1 });

    // Act: the reindex, to its end, twice
    const reindexAll = async () => {
      let cursor: string | undefined;
      let rewritten = 0;
      do {
        const answer = await callAdmin({ method: 'POST', path: '/v1/admin/reindex', claims: admin, body: cursor ? { cursor } : {} });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        rewritten += answer.body.rewritten;
        cursor = answer.body.cursor;
      } while (cursor);
      return rewritten;
    };
    const first = await reindexAll();
    const second = await reindexAll();

    // Assess: the old naming counted, in every dimension; every other naming was counted already
    expect(first).toBe(1);
    expect(second).toBe(0);
    expect(countsOf(await report('420103', 'type'))).toEqual({ enterprise: 1, family: 1 });
    expect(countsOf(await report('420103', 'level'))).toEqual({ county: 1, province: 1 });
    expect(countsOf(await report('420000', 'status'))).toEqual({ active: 4, revoked: 1, expired: 1, superseded: 1 });

    // A later status change moves its count like any other's
    const revoked = await callNamings({
      method: 'POST',
      path: `/v1/namings/${old.id}/revoke`,
      claims: hubei,
      body: { reason: '复查不合格' },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(countsOf(await report('420103', 'status'))).toEqual({ active: 1, revoked: 1 });
  }, 120_000);
});
