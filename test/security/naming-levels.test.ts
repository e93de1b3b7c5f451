import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createNaming, getNaming, getNamingByCertificate } from '../../shared/data/namings.ts';
import { createRecheck, getRecheck } from '../../shared/data/rechecks.ts';
import type { Recheck } from '../../shared/domain/rechecks.ts';
import { type Naming, type NamingLevel, namingLevelNames, namingLevels } from '../../shared/domain/namings.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { RouteId } from '../../shared/topology.ts';
import { callApi, routeOfRequest } from '../support/api.ts';
import { admin, authority } from '../support/callers.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { diffSnapshots, itemKey, type TableSnapshot } from '../support/table-snapshot.ts';
import { expectProblem, newUnit, pointersOf } from '../support/workflow.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * The tenancy matrix with a level dimension (issue #16, DOMAIN.md rule 15): a community of 广水市 (421381), in the
 * chain 广水市 → 随州市 (421300) → 湖北 (420000) → the national authority (000000), named at each of the four levels.
 * Every naming write route is called on a fresh naming by each authority of the chain, by another agency of 广水市
 * (the same level and region: beside), by the authority of the same level next door (随县 421321, 黄冈市 421100,
 * 河南 410000) and by the admin: the issuer and those above it in the chain get through; a caller that reads the
 * naming but sits below or beside its issuer gets 403 naming the issuing level; one that cannot read it gets 404.
 * Imports: each caller × each row level, created or refused at /level; an imported naming is then its importer's.
 * A refusal changes nothing it could have touched.
 */

/** What a caller gets: through (2xx), 403 naming the issuing level, or 404 as if the naming did not exist. */
type Verdict = 'allowed' | 'forbidden' | 'hidden';
const A: Verdict = 'allowed';
const F: Verdict = 'forbidden';
const H: Verdict = 'hidden';

/** One verdict per naming level, in `namingLevels` order: county, city, province, national. */
type ByLevel<T> = readonly [T, T, T, T];

/** The unit's region chain: the authority at each level, and the region it names for. */
const chain: Record<NamingLevel, Caller> = {
  county: authority('421381', 'guangshui-ethnic-affairs'),
  city: authority('421300', 'suizhou-ethnic-affairs'),
  province: authority('420000', 'hubei-ethnic-affairs'),
  national: authority('000000', 'neac'),
};

/** An agency of 广水市 that did not issue anything: it reads the county's namings and manages none. */
const beside = authority('421381', 'guangshui-united-front');

/** The authority of the same level next door: it cannot read the unit's namings at all. */
const nextDoor = {
  county: authority('421321', 'suixian-ethnic-affairs'),
  city: authority('421100', 'huanggang-ethnic-affairs'),
  province: authority('410000', 'henan-ethnic-affairs'),
};

/** Who calls a write route, and what it gets on a naming issued at county, city, province, national level by that level's authority. */
const manageMatrix: readonly (readonly [who: string, caller: Caller, verdicts: ByLevel<Verdict>])[] = [
  //                                                                      county city province national
  ['广水市 (county, the issuer of county namings)', chain.county, [A, F, F, F]],
  ['another agency of 广水市 (county, beside)', beside, [F, F, F, F]],
  ['随州市 (city)', chain.city, [A, A, F, F]],
  ['湖北 (province)', chain.province, [A, A, A, F]],
  ['国家民委 (national)', chain.national, [A, A, A, A]],
  ['随县 (a county next door)', nextDoor.county, [H, H, H, H]],
  ['黄冈市 (a city next door)', nextDoor.city, [H, H, H, H]],
  ['河南 (a province next door)', nextDoor.province, [H, H, H, H]],
  ['the admin', admin, [A, A, A, A]],
];

/** Who imports a row of each level: created, or refused at these pointers of the row. */
type ImportVerdict = 'created' | readonly string[];
const L = ['/level'];
const U = ['/unitId'];
const LU = ['/level', '/unitId'];
const importMatrix: readonly (readonly [who: string, caller: Caller, verdicts: ByLevel<ImportVerdict>])[] = [
  //                                                            county     city       province   national
  ['广水市 (county)', chain.county, ['created', L, L, L]],
  ['随州市 (city)', chain.city, ['created', 'created', L, L]],
  ['湖北 (province)', chain.province, ['created', 'created', 'created', L]],
  ['国家民委 (national)', chain.national, ['created', 'created', 'created', 'created']],
  ['随县 (a county next door)', nextDoor.county, [U, LU, LU, LU]],
  ['黄冈市 (a city next door)', nextDoor.city, [U, U, LU, LU]],
  ['河南 (a province next door)', nextDoor.province, [U, U, U, LU]],
  ['the admin', admin, ['created', 'created', 'created', 'created']],
];

/**
 * An imported naming is its importer's, at the row's level: who of the chain may revoke it (county, city, province,
 * national). The level's own authority is beside an importer above it: 随州 imports a county naming, 广水 gets 403.
 */
const importedMatrix: readonly (readonly [importer: string, caller: Caller, level: NamingLevel, verdicts: ByLevel<Verdict>])[] = [
  //                                                                     county city province national
  ['广水市', chain.county, 'county', [A, A, A, A]],
  ['随州市', chain.city, 'county', [F, A, A, A]],
  ['随州市', chain.city, 'city', [F, A, A, A]],
  ['湖北', chain.province, 'county', [F, A, A, A]],
  ['湖北', chain.province, 'city', [F, F, A, A]],
  ['湖北', chain.province, 'province', [F, F, A, A]],
  ['国家民委', chain.national, 'county', [F, A, A, A]],
  ['国家民委', chain.national, 'province', [F, F, F, A]],
  ['国家民委', chain.national, 'national', [F, F, F, A]],
  // The admin is recorded as the issuer (its agency) of what it imports: the level's own authority is beside it.
  ['the admin', admin, 'county', [F, A, A, A]],
];

/** The write routes that change a naming, and what each answers when it gets through. */
const writeRoutes = ['revokeNaming', 'createRecheck', 'recordRecheckOutcome'] as const satisfies readonly RouteId[];
type WriteRoute = (typeof writeRoutes)[number];
const success: Record<WriteRoute, number> = { revokeNaming: 200, createRecheck: 201, recordRecheckOutcome: 200 };

const today = civilDateAt(new Date());
const namedOn = addDays(today, -30);
const regionAt: Record<NamingLevel, string> = { county: '421381', city: '421300', province: '420000', national: '000000' };
/** Certificate prefixes of the chain (the national one is fixed; the others are the default prefixes of their regions). */
const prefixAt: Record<NamingLevel, string> = { county: '鄂广水民示', city: '鄂随州民示', province: '鄂民示', national: '国民示' };

let unit: Unit;
let serial = 100_000 + Math.floor(Math.random() * 800_000);
/** A certificate number of a level no other request used. */
const freshCertificate = (level: NamingLevel) => `${prefixAt[level]}〔${namedOn.slice(0, 4)}〕${serial++}`;

/** A fresh naming of the unit, issued at `level` by that level's authority of the chain (as a campaign of it would). */
function issue(level: NamingLevel): Promise<Naming> {
  const issuer = chain[level];
  const actor = { sub: issuer.sub, role: issuer.role, agencyId: issuer.agencyId, requestId: `naming-levels-${randomUUID()}` };
  return createNaming(
    mainStore(),
    unit,
    { level, namedOn, issuedBy: issuer.agencyId, issuer: { agencyId: issuer.agencyId, level, regionCode: regionAt[level] } },
    actor,
    today,
    new Date().toISOString(),
  );
}

/** An open recheck of a naming, for the outcome route. */
const openRecheck = (naming: Naming) =>
  createRecheck(
    mainStore(),
    naming,
    { kind: 'recheck', dueOn: addDays(today, 30), assignees: ['随州市民宗局'] },
    today,
    new Date().toISOString(),
  );

/** A well-formed request of a write route on this naming (and its recheck). */
const writeRequest: Record<WriteRoute, (naming: Naming, recheck: Recheck | undefined, caller: Caller) => HttpRequest> = {
  revokeNaming: (naming, _, caller) => ({
    method: 'POST',
    path: `/v1/namings/${naming.id}/revoke`,
    claims: caller,
    body: { reason: '复查不合格' },
  }),
  createRecheck: (naming, _, caller) => ({
    method: 'POST',
    path: `/v1/namings/${naming.id}/rechecks`,
    claims: caller,
    body: { kind: 'look-back', dueOn: addDays(today, 60), assignees: ['湖北省民宗委'] },
  }),
  recordRecheckOutcome: (naming, recheck, caller) => ({
    method: 'POST',
    path: `/v1/namings/${naming.id}/rechecks/${recheck!.id}/outcome`,
    claims: caller,
    body: { outcome: 'pass' },
  }),
};

/**
 * What a write on the unit's namings could touch, by `pk|sk`: the unit, every naming of it (a supersede, an import),
 * and the partitions named — a naming's (the naming, its facets, audit trail and rechecks), a certificate's, a
 * series'. Narrower than a scan of the whole table, which grows with every cell and would take most of the run.
 */
async function touchable(partitions: readonly string[]): Promise<TableSnapshot> {
  const { doc, table } = mainStore();
  const query = async (input: Omit<QueryCommandInput, 'TableName'>) =>
    (await doc.send(new QueryCommand({ TableName: table, ...input }))).Items ?? [];
  const partition = (pk: string) =>
    query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  const items = await Promise.all([
    partition(`UNIT#${unit.id}`),
    query({ IndexName: 'byOwner', KeyConditionExpression: 'ownerPk = :owner', ExpressionAttributeValues: { ':owner': `UNIT#${unit.id}` } }),
    ...partitions.map(partition),
  ]);
  return new Map(items.flat().map((item) => [itemKey(item), JSON.stringify(item)]));
}

/** Calls a route; a refusal must leave every item it could touch as it was. */
async function callExpectingNoChangeUnless(allowed: boolean, request: HttpRequest, partitions: readonly string[]): Promise<Answer> {
  if (allowed) return callApi(request);
  const before = await touchable(partitions);
  const answer = await callApi(request);
  const diff = diffSnapshots(before, await touchable(partitions));
  expect(diff, `${request.method} ${request.path} → ${answer.status}: the refusal changed the table`).toEqual({
    added: [],
    removed: [],
    changed: [],
  });
  return answer;
}

/** What a caller that may not change the naming gets: 403 naming the level it was issued at, or 404. */
function expectRefusal(answer: Answer, verdict: Exclude<Verdict, 'allowed'>, issuedAt: NamingLevel): void {
  if (verdict === 'hidden') {
    expectProblem(answer, 404, 'not-found');
    return;
  }
  expectProblem(answer, 403, 'forbidden');
  expect(answer.body.detail).toContain(namingLevelNames[issuedAt]);
  expect(answer.headers['content-language']).toBe('zh-CN');
}

/** Calls one write route on a fresh naming and checks the verdict, the answer and what it did (or did not) change. */
async function expectWrite(route: WriteRoute, naming: Naming, caller: Caller, verdict: Verdict): Promise<void> {
  // Only the outcome route needs a recheck; the others would only pay for one.
  const recheck = route === 'recordRecheckOutcome' ? await openRecheck(naming) : undefined;
  const request = writeRequest[route](naming, recheck, caller);
  // Guard against a vacuous 404: the request must reach the route under test, not the router's "no such route".
  expect(routeOfRequest(request)?.id).toBe(route);
  const answer = await callExpectingNoChangeUnless(verdict === 'allowed', request, [`NAMING#${naming.id}`]);
  const after = await getNaming(mainStore(), naming.id);
  if (verdict !== 'allowed') {
    expectRefusal(answer, verdict, naming.issuer.level);
    expect(after).toMatchObject({ status: 'active', version: naming.version });
    if (recheck) expect(await getRecheck(mainStore(), naming.id, recheck.id)).toMatchObject({ status: 'open' });
    return;
  }
  expect(answer.status, answer.raw).toBe(success[route]);
  if (route === 'revokeNaming') expect(after).toMatchObject({ status: 'revoked', revokeReason: '复查不合格', version: naming.version + 1 });
  if (route === 'createRecheck') expect(answer.body).toMatchObject({ namingId: naming.id, kind: 'look-back', status: 'open' });
  if (route === 'recordRecheckOutcome') expect(await getRecheck(mainStore(), naming.id, recheck!.id)).toMatchObject({ status: 'passed' });
}

beforeAll(async () => {
  // A table and a notice queue of this file's own: it imports and revokes many namings of one unit, and revoking queues notices.
  await useOwnMainTable('naming-levels');
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  process.env.QUEUE_NOTICES_URL = (await sqs.send(new CreateQueueCommand({ QueueName: `naming-levels-${randomUUID().slice(0, 8)}` })))
    .QueueUrl!;
  sqs.destroy();
  unit = await newUnit(chain.county, '广水市民族团结进步示范社区', regionAt.county);
});

describe('The issuer and the authorities above it in its region chain change a naming; those below or beside get 403, others 404', () => {
  const cells = writeRoutes.flatMap((route) =>
    manageMatrix.flatMap(([who, caller, verdicts]) =>
      namingLevels.map((level, i) => ({ route, who, caller, level, verdict: verdicts[i]! })),
    ),
  );

  it('covers every write route × every caller × every issuing level', () => {
    expect(cells).toHaveLength(writeRoutes.length * manageMatrix.length * namingLevels.length);
  });

  it('sees what a write changes, so that a refusal checked against it is not checked blind', async () => {
    const naming = await issue('county');
    const partitions = [`NAMING#${naming.id}`];
    const before = await touchable(partitions);
    expect(before.has(`NAMING#${naming.id}|NAMING`)).toBe(true);
    const answer = await callApi(writeRequest.revokeNaming(naming, undefined, chain.county));
    expect(answer.status, answer.raw).toBe(200);
    const diff = diffSnapshots(before, await touchable(partitions));
    expect(diff.changed).toContain(`NAMING#${naming.id}|NAMING`);
    expect(
      diff.added.some((key) => key.startsWith(`NAMING#${naming.id}|AUDIT#`)),
      diff.added.join(', '),
    ).toBe(true);
  });

  it.each(cells)('$route: $who on a naming issued at $level level → $verdict', async ({ route, caller, level, verdict }) => {
    await expectWrite(route, await issue(level), caller, verdict);
  });
});

describe('Importing: an authority imports namings at its own level or below, of units in its region; national ones only the national authority', () => {
  const cells = importMatrix.flatMap(([who, caller, verdicts]) =>
    namingLevels.map((level, i) => {
      const verdict = verdicts[i]!;
      return { who, caller, level, verdict, expected: verdict === 'created' ? 'created' : `refused at ${verdict.join(' and ')}` };
    }),
  );

  it.each(cells)('$who imports a $level naming → $expected', async ({ caller, level, verdict }) => {
    const certificateNo = freshCertificate(level);
    const request: HttpRequest = {
      method: 'POST',
      path: '/v1/namings/import',
      claims: caller,
      body: { rows: [{ unitId: unit.id, level, certificateNo, namedOn }] },
    };
    expect(routeOfRequest(request)?.id).toBe('importNamings');
    const answer = await callExpectingNoChangeUnless(verdict === 'created', request, [
      `CERT#${certificateNo}`,
      `CERTSEQ#${prefixAt[level]}#${namedOn.slice(0, 4)}`,
    ]);
    if (verdict === 'created') {
      expect(answer.status, answer.raw).toBe(201);
      expect(answer.body).toMatchObject({ created: [{ row: 0, certificateNo }], refused: [] });
      expect(await getNaming(mainStore(), answer.body.created[0].id)).toMatchObject({
        level,
        certificateNo,
        status: 'active',
        issuedBy: caller.agencyId,
        issuer: { agencyId: caller.agencyId, level, regionCode: regionAt[level] },
      });
      return;
    }
    // One row, refused: nothing was imported, so the whole request is a 422 whose errors point into row 0.
    expectProblem(answer, 422, 'validation');
    expect(pointersOf(answer)).toEqual(verdict.map((pointer) => `/rows/0${pointer}`));
    if (verdict.includes('/level')) {
      const detail = (answer.body.errors as { pointer: string; detail: string }[]).find((e) => e.pointer === '/rows/0/level')!.detail;
      expect(detail).toContain(namingLevelNames[level]);
    }
    expect(await getNamingByCertificate(mainStore(), certificateNo)).toBeUndefined();
  });

  it('imports what the caller may and refuses each other row at /level, in one request', async () => {
    const rows = namingLevels.map((level) => ({ unitId: unit.id, level, certificateNo: freshCertificate(level), namedOn }));
    const answer = await callApi({ method: 'POST', path: '/v1/namings/import', claims: chain.city, body: { rows } });
    expect(answer.status, answer.raw).toBe(201);
    expect(answer.body.created.map((c: { row: number }) => c.row)).toEqual([0, 1]);
    expect(answer.body.refused).toEqual(
      [2, 3].map((row) => ({
        row,
        errors: [{ pointer: '/level', detail: expect.stringContaining(namingLevelNames[namingLevels[row]!]) }],
      })),
    );
  });
});

describe("An imported naming is its importer's, at the row's level: the importer and those above that level in the chain revoke it", () => {
  const callers = namingLevels.map((level) => [level, chain[level]] as const);
  const cells = importedMatrix.flatMap(([importer, by, level, verdicts]) =>
    callers.map(([callerLevel, caller], i) => ({
      importer,
      by,
      level,
      who: `${callerLevel} (${caller.region})`,
      caller,
      verdict: verdicts[i]!,
    })),
  );

  it.each(cells)('$importer imports a $level naming; the $who authority revokes it → $verdict', async ({ by, level, caller, verdict }) => {
    const imported = await callApi({
      method: 'POST',
      path: '/v1/namings/import',
      claims: by,
      body: { rows: [{ unitId: unit.id, level, certificateNo: freshCertificate(level), namedOn }] },
    });
    expect(imported.status, imported.raw).toBe(201);
    const naming = (await getNaming(mainStore(), imported.body.created[0].id))!;
    expect(naming.issuer).toEqual({ agencyId: by.agencyId, level, regionCode: regionAt[level] });
    await expectWrite('revokeNaming', naming, caller, verdict);
  });
});
