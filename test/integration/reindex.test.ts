import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { handler as admin } from '../../functions/admin/handler.ts';
import { handler as instructors } from '../../functions/instructors/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as registry } from '../../functions/registry/handler.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { ensureTable, reindexLocalTable } from '../../infra/local/bootstrap.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import type { Actor } from '../../shared/data/audit.ts';
import { createCampaign, saveCampaign } from '../../shared/data/campaigns.ts';
import { createFramework } from '../../shared/data/frameworks.ts';
import { file } from '../../shared/data/filings.ts';
import { createInstructor, getInstructor, updateInstructor } from '../../shared/data/instructors.ts';
import { addTraining } from '../../shared/data/trainings.ts';
import { createNaming, revokeNaming } from '../../shared/data/namings.ts';
import { reindex } from '../../shared/data/reindex.ts';
import type { Store } from '../../shared/data/store.ts';
import { createSubmission, saveSubmission } from '../../shared/data/submissions.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { mainTable } from '../../shared/data/tables.ts';
import { createUnit, getUnit, updateUnit } from '../../shared/data/units.ts';
import type { Campaign, CampaignCreate } from '../../shared/domain/campaigns.ts';
import type { Instructor } from '../../shared/domain/instructors.ts';
import type { Naming, NamingLevel } from '../../shared/domain/namings.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit, UnitType } from '../../shared/domain/units.ts';
import { admin as adminCaller } from '../support/callers.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { snapshotTable } from '../support/table-snapshot.ts';
import { callCampaigns, callUnits, expectProblem, unitBody, via } from '../support/workflow.ts';

/*
 * The reindex: items stored before the `filter` index and the naming facets were added lack their keys, so every
 * filtered list misses them, until `reindex` (POST /v1/admin/reindex; the local host on its own) gives them what
 * their repositories write today. The file has a main table of its own, seeded by today's repositories in 四川
 * (成都市 510100: 锦江区 510104, 青羊区 510105) and then stripped of what older code did not write.
 */

const callAdmin = via(admin, 'admin');
const callInstructors = via(instructors, 'instructors');
const callNamings = via(namings, 'namings');
const callRegistry = via(registry, 'registry');
const now = new Date().toISOString();
const today = civilDateAt(new Date());
const actor: Actor = { sub: 'reindex', role: 'authority', agencyId: 'sichuan-ethnic-affairs', requestId: 'reindex-seed' };
const dynamo = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: inject('endpoints').dynamodb,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

let table: string;

/**
 * Makes stored items look as older code left them: no `filter` keys, no recorded issuer, no facets (the kind of a
 * naming stays: without it a zone would read back as a unit, the default `namingFromItem` gives).
 * Only the items of `pks` when given. Returns how many items (facets aside) lost something.
 */
async function storeAsBefore(pks?: ReadonlySet<string>): Promise<number> {
  const { doc } = getClients();
  let stripped = 0;
  for (const json of (await snapshotTable(table)).values()) {
    const item = JSON.parse(json) as Record<string, string>;
    if (pks && !pks.has(item.pk!)) continue;
    const key = { pk: item.pk, sk: item.sk };
    if (item.sk!.startsWith('FACET#')) {
      await doc.send(new DeleteCommand({ TableName: table, Key: key }));
    } else if (item.fPk !== undefined) {
      await doc.send(
        new UpdateCommand({ TableName: table, Key: key, UpdateExpression: `REMOVE fPk, fSk${item.sk === 'NAMING' ? ', issuer' : ''}` }),
      );
      stripped += 1;
    }
  }
  return stripped;
}

/** Runs the reindex from the start until it answers no cursor, `budgetMs` a call. */
async function reindexAll(store: Store, budgetMs: number): Promise<{ rewritten: number; skipped: number; calls: number }> {
  const total = { rewritten: 0, skipped: 0, calls: 0 };
  let cursor: string | undefined;
  do {
    const result = await reindex(store, { cursor, budgetMs });
    total.rewritten += result.rewritten;
    total.skipped += result.skipped;
    total.calls += 1;
    cursor = result.cursor;
  } while (cursor);
  return total;
}

/**
 * The main store, except that the first write of the item `pk` runs `meanwhile` before it goes: another writer got
 * there between the reindex's read and its write.
 */
function racing(pk: string, meanwhile: () => Promise<unknown>): Store {
  const real = mainStore();
  let raced = false;
  const send = async (command: UpdateCommand | TransactWriteCommand | QueryCommand | GetCommand) => {
    const input = command.input as { Key?: { pk?: string }; TransactItems?: { Update?: { Key?: { pk?: string } } }[] };
    const target = input.Key?.pk ?? input.TransactItems?.[0]?.Update?.Key?.pk;
    if (!raced && target === pk && (command instanceof UpdateCommand || command instanceof TransactWriteCommand)) {
      raced = true;
      await meanwhile();
    }
    return real.doc.send(command as UpdateCommand);
  };
  return { table: real.table, doc: { send } as unknown as DynamoDBDocumentClient };
}

/** The ids (or certificate numbers, for the registry) of a list's items, every page. */
async function listed(call: (request: HttpRequest) => Promise<Answer>, request: HttpRequest, field = 'id'): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await call({ ...request, query: { ...request.query, limit: '100', ...(cursor ? { cursor } : {}) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    found.push(...answer.body.items.map((item: Record<string, string>) => item[field]));
    cursor = answer.body.cursor;
  } while (cursor);
  return found.sort();
}

const sorted = (ids: readonly string[]) => [...ids].sort();

async function seedUnit(name: string, type: UnitType, regionCode: string, zone = false): Promise<Unit> {
  return createUnit(
    mainStore(),
    { ...unitBody(`${name} ${randomUUID().slice(0, 6)}`, regionCode, 'reindex@example.cn'), type, zone },
    actor,
    now,
  );
}

async function seedCampaign(frameworkId: string, regionCode: string, level: CampaignCreate['level']): Promise<Campaign> {
  return createCampaign(
    mainStore(),
    {
      name: `示范单位命名（重建索引 ${randomUUID().slice(0, 6)}）`,
      kind: 'naming',
      level,
      regionCode,
      frameworkId,
      rounds: [{ name: 'document', weight: 1 }],
      passMark: 60,
      quota: 3,
      grassrootsShare: 0.5,
      benchmarks: {},
      dates: {
        applicationsOpen: addDays(today, -10),
        applicationsClose: addDays(today, 20),
        documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 5,
      },
    },
    actor,
    now,
  );
}

async function submitted(campaign: Campaign, unit: Unit): Promise<Submission> {
  const draft = await createSubmission(mainStore(), campaign, unit, actor, now);
  return saveSubmission(mainStore(), draft, { ...draft, state: 'submitted' }, { actor, action: 'reindex-seed', at: now });
}

async function seedInstructor(name: string): Promise<Instructor> {
  return createInstructor(
    mainStore(),
    {
      name,
      gender: 'female',
      phone: '13800000000',
      email: 'instructor@example.cn',
      employer: '锦江区民族宗教事务局',
      position: '科员',
      regionCode: '510104',
      source: 'unit-recommendation',
    },
    actor,
    now,
  );
}

async function named(unit: Unit, level: NamingLevel, issuedBy: string, daysLeft: number): Promise<Naming> {
  return createNaming(mainStore(), unit, { level, namedOn: addYears(addDays(today, daysLeft), -5), issuedBy }, actor, today, now);
}

describe('Function: reindex', () => {
  const expected = {
    schools: [] as string[],
    ranked: [] as string[],
    submitted: [] as string[],
    nationalSubmitted: [] as string[],
    retired: [] as string[],
    active: [] as string[],
    countyFilings: [] as string[],
    schoolCertificates: [] as string[],
    cityCertificates: [] as string[],
    zoneCertificates: [] as string[],
    revokedCertificates: [] as string[],
    expiring: [] as string[],
  };
  let cityNaming: Naming;
  let campaignId: string;
  let nationalId: string;
  let stripped: number;

  beforeAll(async () => {
    table = await useOwnMainTable('reindex');
    const store = mainStore();

    const schools = [await seedUnit('锦江区实验学校', 'school', '510104'), await seedUnit('锦江区第二学校', 'school', '510104')];
    const communities = [await seedUnit('青羊区社区', 'community', '510105'), await seedUnit('青羊区新社区', 'community', '510105')];
    const zone = await seedUnit('锦江区（示范区）', 'township', '510104', true);
    expected.schools = schools.map((u) => u.id);

    const framework = await createFramework(store, { ...demoFramework, version: `reindex-${randomUUID().slice(0, 6)}` }, actor, now);
    const open = await seedCampaign(framework.id, '510100', 'city');
    const toRank = await seedCampaign(framework.id, '510100', 'city');
    const national = await seedCampaign(framework.id, '000000', 'national');
    const ranked = await saveCampaign(store, toRank, { ...toRank, status: 'ranked' }, { actor, action: 'reindex-seed', at: now });
    expected.ranked = [ranked.id];
    campaignId = open.id;
    nationalId = national.id;

    expected.submitted = [(await submitted(open, schools[0]!)).id, (await submitted(open, communities[0]!)).id];
    await createSubmission(store, open, communities[1]!, actor, now);
    expected.nationalSubmitted = [(await submitted(national, schools[1]!)).id];

    const instructorsMade = [await seedInstructor('王芳'), await seedInstructor('李娜'), await seedInstructor('张敏')];
    await updateInstructor(store, instructorsMade[0]!, { ...instructorsMade[0]!, status: 'retired' }, actor, now);
    expected.retired = [instructorsMade[0]!.id];
    expected.active = instructorsMade.slice(1).map((i) => i.id);

    const county = await file(
      store,
      { regionCode: '510104', level: 'county', filedWith: 'chengdu-ethnic-affairs', asOf: today, entries: [], ranOut: [] },
      actor,
      now,
    );
    await file(
      store,
      { regionCode: '510100', level: 'city', filedWith: 'sichuan-ethnic-affairs', asOf: today, entries: [], ranOut: [] },
      actor,
      now,
    );
    expected.countyFilings = [county.id];

    const expiring = await named(schools[0]!, 'province', 'sichuan-ethnic-affairs', 30);
    const city = await named(zone, 'city', 'chengdu-ethnic-affairs', 400);
    cityNaming = city;
    const toRevoke = await named(communities[0]!, 'province', 'sichuan-ethnic-affairs', 200);
    await revokeNaming(store, toRevoke.id, '复查不合格', actor, today, now);
    expected.schoolCertificates = [expiring.certificateNo];
    expected.cityCertificates = [city.certificateNo];
    expected.zoneCertificates = [city.certificateNo];
    expected.revokedCertificates = [toRevoke.certificateNo];
    expected.expiring = [expiring.id];

    stripped = await storeAsBefore();
  }, 60_000);

  afterAll(() => dynamo.destroy());

  /** Every filtered list this file checks, by what it shows. */
  const filteredLists = async () => ({
    schools: await listed(callUnits, { method: 'GET', path: '/v1/units', claims: adminCaller, query: { region: '5101', type: 'school' } }),
    ranked: await listed(callCampaigns, {
      method: 'GET',
      path: '/v1/campaigns',
      claims: adminCaller,
      query: { region: '510000', status: 'ranked' },
    }),
    submitted: await listed(callCampaigns, {
      method: 'GET',
      path: `/v1/campaigns/${campaignId}/submissions`,
      claims: adminCaller,
      query: { state: 'submitted' },
    }),
    nationalSubmitted: await listed(callCampaigns, {
      method: 'GET',
      path: `/v1/campaigns/${nationalId}/submissions`,
      claims: adminCaller,
      query: { state: 'submitted' },
    }),
    retired: await listed(callInstructors, {
      method: 'GET',
      path: '/v1/instructors',
      claims: adminCaller,
      query: { region: '510000', status: 'retired' },
    }),
    active: await listed(callInstructors, {
      method: 'GET',
      path: '/v1/instructors',
      claims: adminCaller,
      query: { region: '510000', status: 'active' },
    }),
    countyFilings: await listed(callInstructors, {
      method: 'GET',
      path: '/v1/instructors/filings',
      claims: adminCaller,
      query: { region: '510000', level: 'county' },
    }),
    schoolCertificates: await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', type: 'school' } },
      'certificateNo',
    ),
    cityCertificates: await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', level: 'city' } },
      'certificateNo',
    ),
    zoneCertificates: await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', kind: 'zone' } },
      'certificateNo',
    ),
    revokedCertificates: await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', status: 'revoked' } },
      'certificateNo',
    ),
    expiring: await listed(callNamings, {
      method: 'GET',
      path: '/v1/namings',
      claims: adminCaller,
      query: { region: '51', expiringWithin: '60' },
    }),
  });

  it('gives items stored before the filter index their keys, a little at a time along the cursor, and the filtered lists find them', async () => {
    // Prepare: stored as older code did, they are in no filtered list
    expect(stripped).toBe(20);
    const before = await filteredLists();
    for (const ids of Object.values(before)) expect(ids).toEqual([]);

    // Act: no time at all each call, so each call does one step and hands on its cursor
    const run = await reindexAll(mainStore(), 0);

    // Assess
    expect(run.rewritten).toBe(stripped);
    expect(run.calls).toBeGreaterThan(stripped);
    const after = await filteredLists();
    for (const [list, ids] of Object.entries(after)) expect(ids, list).toEqual(sorted(expected[list as keyof typeof expected]));
    const { Item } = await getClients().doc.send(
      new GetCommand({ TableName: table, Key: { pk: `NAMING#${cityNaming.id}`, sk: 'NAMING' } }),
    );
    expect(Item?.issuer).toEqual({ agencyId: 'chengdu-ethnic-affairs', level: 'city', regionCode: '510100' });
  });

  it('rewrites nothing on a second run, through POST /v1/admin/reindex', async () => {
    // Prepare
    const before = await snapshotTable(table);

    // Act
    const answers: Answer[] = [];
    let cursor: string | undefined;
    do {
      const answer = await callAdmin({ method: 'POST', path: '/v1/admin/reindex', claims: adminCaller, body: cursor ? { cursor } : {} });
      answers.push(answer);
      cursor = answer.body?.cursor;
    } while (cursor && answers.length < 10);

    // Assess: one call does it all within its 20 s
    expect(answers.map((a) => a.status)).toEqual([200]);
    expect(answers[0]!.body).toEqual({ rewritten: 0, skipped: stripped });
    const after = await snapshotTable(table);
    expect([...after.entries()]).toEqual([...before.entries()]);
  });

  it('leaves an item written between its read and its rewrite as that write left it', async () => {
    // Prepare: an old community, retyped to a school just before the reindex writes it
    const unit = await seedUnit('青羊区改建学校', 'community', '510105');
    await storeAsBefore(new Set([`UNIT#${unit.id}`]));
    const store = racing(`UNIT#${unit.id}`, () =>
      updateUnit(mainStore(), unit, { ...unit, type: 'school', version: unit.version + 1, updatedAt: now }, actor, now),
    );

    // Act
    const run = await reindexAll(store, 60_000);

    // Assess
    expect(run.rewritten).toBe(0);
    expect(await getUnit(mainStore(), unit.id)).toMatchObject({ type: 'school', version: 2 });
    const schools = await listed(callUnits, {
      method: 'GET',
      path: '/v1/units',
      claims: adminCaller,
      query: { region: '5101', type: 'school' },
    });
    const communities = await listed(callUnits, {
      method: 'GET',
      path: '/v1/units',
      claims: adminCaller,
      query: { region: '5101', type: 'community' },
    });
    expect(schools).toContain(unit.id);
    expect(communities).not.toContain(unit.id);
  });

  it('leaves the facets of a naming revoked between its read and its rewrite as the revocation wrote them', async () => {
    // Prepare
    const unit = await seedUnit('青羊区撤销社区', 'community', '510105');
    const naming = await named(unit, 'province', 'sichuan-ethnic-affairs', 300);
    await storeAsBefore(new Set([`NAMING#${naming.id}`]));
    const store = racing(`NAMING#${naming.id}`, () => revokeNaming(mainStore(), naming.id, '复查不合格', actor, today, now));

    // Act
    const run = await reindexAll(store, 60_000);

    // Assess
    expect(run.rewritten).toBe(0);
    const revoked = await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', status: 'revoked' } },
      'certificateNo',
    );
    const active = await listed(
      callRegistry,
      { method: 'GET', path: '/v1/registry', query: { region: '51', status: 'active' } },
      'certificateNo',
    );
    expect(revoked).toContain(naming.certificateNo);
    expect(active).not.toContain(naming.certificateNo);
  });

  it('still gives its keys to an item whose version moved without them (a training recorded meanwhile)', async () => {
    // Prepare
    const instructor = await seedInstructor('赵静');
    await storeAsBefore(new Set([`INSTR#${instructor.id}`]));
    const store = racing(`INSTR#${instructor.id}`, () =>
      addTraining(mainStore(), instructor, { date: today, title: '民族政策培训', hours: 8, organiser: '成都市民宗委' }, actor, now),
    );

    // Act
    const run = await reindexAll(store, 60_000);

    // Assess
    expect(run.rewritten).toBe(1);
    expect(await getInstructor(mainStore(), instructor.id, true)).toMatchObject({ version: 2, trainedYears: [today.slice(0, 4)] });
    const active = await listed(callInstructors, {
      method: 'GET',
      path: '/v1/instructors',
      claims: adminCaller,
      query: { region: '510000', status: 'active' },
    });
    expect(active).toContain(instructor.id);
  });

  it('refuses (400) a cursor it did not give out', async () => {
    // Prepare
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      'not-a-cursor',
      encode({ kind: 'plan', province: '51' }),
      encode({ kind: 'unit', province: '99' }),
      encode({ kind: 'unit', province: '51', key: { pk: 'UNIT#x', sk: 'UNIT', regionPk: 'unit#42', regionSk: '420102#x' } }),
    ];

    // Act
    const answers = await Promise.all(
      cursors.map((cursor) => callAdmin({ method: 'POST', path: '/v1/admin/reindex', claims: adminCaller, body: { cursor } })),
    );

    // Assess
    for (const answer of answers) expectProblem(answer, 400, 'malformed-request');
  });
});

describe('Function: reindexLocalTable', () => {
  // The local host calls it when ensureTable reports it added an index (bootstrap.ts). Adding one is left to
  // test/integration/bootstrap.test.ts: DynamoDB Local builds a new index only while few tables with TTL exist.
  const local = `reindex-local-${randomUUID().slice(0, 8)}`;

  afterAll(() => dynamo.send(new DeleteTableCommand({ TableName: local })));

  it('gives every item of a local table the keys it lacks in one go, and ensureTable reports a table with every index as unchanged', async () => {
    // Prepare: a local table whose school lacks its filter keys
    const store: Store = { doc: getClients().doc, table: local };
    await ensureTable(dynamo, mainTable, local);
    const school = await createUnit(store, { ...unitBody('锦江区旧学校', '510104', 'old@example.cn'), type: 'school' }, actor, now);
    await store.doc.send(
      new UpdateCommand({ TableName: local, Key: { pk: `UNIT#${school.id}`, sk: 'UNIT' }, UpdateExpression: 'REMOVE fPk, fSk' }),
    );

    // Act
    const added = await ensureTable(dynamo, mainTable, local);
    const rewritten = await reindexLocalTable(dynamo, local);

    // Assess
    expect(added).toBe(false);
    expect(rewritten).toBe(1);
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: local,
        IndexName: 'filter',
        KeyConditionExpression: 'fPk = :p',
        ExpressionAttributeValues: { ':p': 'unit#51#type=school' },
      }),
    );
    expect(Items.map((i) => i.id)).toEqual([school.id]);
    expect(await reindexLocalTable(dynamo, local)).toBe(0);
  });
});
