import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as units } from '../../functions/units/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { createNaming } from '../../shared/data/namings.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import { mainStore } from '../../shared/clients.ts';
import { lambdaContext } from '../support/events.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { deliverToNotifier, drainQueue } from '../support/notices-queue.ts';
import { diffSnapshots, snapshotTable } from '../support/table-snapshot.ts';
import { expectProblem, pointersOf, via } from '../support/workflow.ts';

/*
 * Mutual inspection (互观互检, DOMAIN.md rule 2) both ways: pairing two named units makes a recheck of each in one
 * write, tells each unit whom it is paired with, lets each record its findings on the other, and puts both deadlines
 * on the agenda. 武汉市 (420100) pairs units of 汉阳区; the table and the notices queue are this file's own (the sweep
 * runs on dates in the future).
 */

const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const callNamings = via(namings, 'namings');
const callUnits = via(units, 'units');
const today = civilDateAt(new Date());
const actor = { sub: 't', role: 'authority', agencyId: 'wuhan-ethnic-affairs', requestId: 't' };
let sqs: SQSClient;
let queueUrl: string;
let table: string;

const drain = () => drainQueue(sqs, queueUrl);
const runSweep = (date: string) =>
  sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep')) as unknown as Promise<Record<string, { queued: number }>>;

async function newUnit(claims: ReturnType<typeof authority>, name: string, regionCode: string): Promise<Unit> {
  const created = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims,
    body: {
      name,
      type: 'community',
      regionCode,
      zone: false,
      contacts: [{ name: '王芳', email: `unit-${randomUUID().slice(0, 8)}@example.cn` }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Unit;
}

/** A unit of 汉阳区 named by 武汉市 (or as `input` says). */
async function named(name: string, input: Partial<Parameters<typeof createNaming>[2]> = {}, unit?: Unit): Promise<Naming> {
  const holder = unit ?? (await newUnit(wuhan, name, '420105'));
  return createNaming(
    mainStore(),
    holder,
    { level: 'city', namedOn: today, issuedBy: 'wuhan-ethnic-affairs', ...input },
    actor,
    today,
    new Date().toISOString(),
  );
}

const pairing = (naming: Naming, paired: string, dueOn = addDays(today, 20)) => ({
  method: 'POST' as const,
  path: `/v1/namings/${naming.id}/rechecks`,
  claims: wuhan,
  body: { kind: 'inspection', dueOn, assignees: ['武汉市民宗委', '汉阳区民宗局'], pairedNamingId: paired },
});

const rechecksOf = async (naming: Naming, claims = wuhan) =>
  (await callNamings({ method: 'GET', path: `/v1/namings/${naming.id}/rechecks`, claims })).body.items as Record<string, any>[];

const findings = (naming: Naming, recheckId: string, claims: ReturnType<typeof authority>, body: object) =>
  callNamings({ method: 'POST', path: `/v1/namings/${naming.id}/rechecks/${recheckId}/findings`, claims, body });

beforeAll(async () => {
  table = await useOwnMainTable('inspection');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `inspection-${randomUUID().slice(0, 8)}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
  const directory = await callUnits({
    method: 'PUT',
    path: '/v1/authorities/wuhan-ethnic-affairs',
    claims: wuhan,
    body: { name: '武汉市民族宗教事务委员会', regionCode: '420100', contacts: [{ name: '张伟', email: 'zhangwei@wuhan.example.cn' }] },
  });
  expect(directory.status).toBe(200);
}, 30_000);

describe('Pairing two named units', () => {
  let a: Naming;
  let b: Naming;
  let here: Record<string, any>;
  let there: Record<string, any>;

  beforeAll(async () => {
    a = await named('武汉市汉阳区琴台社区');
    b = await named('武汉市汉阳区月湖社区');
    await drain();
  }, 30_000);

  it('makes a recheck of each side in one write, each naming the other, and a retry makes neither twice', async () => {
    // Act
    const request = { ...pairing(a, b.id), headers: { 'idempotency-key': `pair-${a.id}` } };
    const created = await callNamings(request);
    const retried = await callNamings(request);

    // Assess: the answer is A's recheck; B has its mirror, with the same due date and assignees
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.location).toBe(`/v1/namings/${a.id}/rechecks`);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.id).toBe(created.body.id);
    const [onA, onB] = [await rechecksOf(a), await rechecksOf(b)];
    expect(onA).toHaveLength(1);
    expect(onB).toHaveLength(1);
    here = onA[0]!;
    there = onB[0]!;
    expect(created.body).toMatchObject({ id: here.id, pairedRecheckId: there.id });
    expect(here).toMatchObject({
      kind: 'inspection',
      status: 'open',
      pairedNamingId: b.id,
      pairedRecheckId: there.id,
      pairedUnitId: b.unitId,
      pairedUnitName: b.unitName,
    });
    expect(there).toMatchObject({
      kind: 'inspection',
      status: 'open',
      namingId: b.id,
      pairedNamingId: a.id,
      pairedRecheckId: here.id,
      pairedUnitId: a.unitId,
      dueOn: here.dueOn,
      assignees: here.assignees,
      recipients: b.recipients,
    });
  });

  it('tells each unit whom it is paired with, once, though the route and the next sweep both queue it', async () => {
    // The route queued one notice per side, each to that unit (and naming the other unit in Chinese).
    const queued = await drain();
    expect(queued.map((n) => n.id).sort()).toEqual([`recheck#${here.id}#paired`, `recheck#${there.id}#paired`].sort());
    const toA = queued.find((n) => n.id === `recheck#${here.id}#paired`)!;
    const toB = queued.find((n) => n.id === `recheck#${there.id}#paired`)!;
    expect(toA.to).toEqual(a.recipients);
    expect(toB.to).toEqual(b.recipients);
    expect(toA.text).toContain(`与${b.unitName}结对开展民族团结进步互观互检`);
    expect(toB.text).toContain(`与${a.unitName}结对开展民族团结进步互观互检`);
    expect(toA.text).toContain('张伟');
    expect(await deliverToNotifier(queued)).toEqual([]);

    // The pairing notices are on the agenda too: today's sweep queues them again, a second sweep does not.
    expect((await runSweep(today))['inspection-notice']!.queued).toBe(2);
    expect((await runSweep(today))['inspection-notice']!.queued).toBe(0);
    const again = (await drain()).filter((n) => n.id.endsWith('#paired'));
    expect(again).toHaveLength(2);
    expect(await deliverToNotifier(again)).toEqual([]);

    // Each unit's history shows the one notice, sent.
    for (const [naming, claims] of [
      [a, unitUser(a.unitId, '420105')],
      [b, unitUser(b.unitId, '420105')],
    ] as const) {
      const notices = await callNamings({ method: 'GET', path: `/v1/namings/${naming.id}/notices`, claims });
      expect(notices.body.items.filter((n: { kind?: string }) => n.kind === 'inspection-paired')).toEqual([
        expect.objectContaining({ status: 'sent', to: naming.recipients }),
      ]);
    }
  });

  it('lets each side record its findings on the other once, and shows them to both units and the authority', async () => {
    const unitA = unitUser(a.unitId, '420105');
    const unitB = unitUser(b.unitId, '420105');

    // B inspects A: its findings go on A's recheck, once.
    const byB = await findings(a, here.id, unitB, { findings: '民族团结宣传栏更新及时，台账齐全。', rating: 'good' });
    expect(byB.status, JSON.stringify(byB.body)).toBe(200);
    expect(byB.body.findings).toMatchObject({ text: '民族团结宣传栏更新及时，台账齐全。', rating: 'good', by: b.unitId, role: 'unit' });
    expectProblem(await findings(a, here.id, unitB, { findings: '补充意见', rating: 'concerns' }), 409, 'findings-recorded');

    // A inspects B, and may not write its own.
    const byA = await findings(b, there.id, unitA, { findings: '少数民族居民参与社区议事不足。', rating: 'concerns' });
    expect(byA.status, JSON.stringify(byA.body)).toBe(200);
    expectProblem(await findings(a, here.id, unitA, { findings: '自评很好', rating: 'good' }), 403, 'forbidden');
    expectProblem(await findings(b, there.id, unitB, { findings: '自评很好', rating: 'good' }), 403, 'forbidden');

    // A unit of neither side learns nothing; bad findings are refused.
    const stranger = unitUser((await named('武汉市汉阳区晴川社区')).unitId, '420105');
    expectProblem(await findings(a, here.id, stranger, { findings: '路过看看', rating: 'good' }), 404, 'not-found');
    const short = await findings(b, there.id, unitA, { findings: '好', rating: 'excellent' });
    expect(short.status).toBe(422);
    expect(pointersOf(short)).toEqual(['/findings', '/rating']);

    // Both units and the authority read them; the paired unit reads only the inspection, without contact emails.
    expect((await rechecksOf(a)).map((r) => r.findings?.rating)).toEqual(['good']);
    expect((await rechecksOf(a, unitA))[0]!.findings.text).toBe('民族团结宣传栏更新及时，台账齐全。');
    const seenByB = await rechecksOf(a, unitB);
    expect(seenByB.map((r) => r.id)).toEqual([here.id]);
    expect(seenByB[0]!.findings.by).toBe(b.unitId);
    expect(seenByB[0]).not.toHaveProperty('recipients');
    expect((await rechecksOf(b, unitA))[0]!.findings.rating).toBe('concerns');
    expectProblem(await callNamings({ method: 'GET', path: `/v1/namings/${a.id}/rechecks`, claims: stranger }), 404, 'not-found');

    // Each write is audited beside its naming.
    const { Items = [] } = await mainStore().doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `NAMING#${a.id}`, ':audit': 'AUDIT#' },
      }),
    );
    expect(Items.map((i) => i.action)).toEqual(expect.arrayContaining(['createRecheck', 'recordInspectionFindings']));
    expect(Items.find((i) => i.action === 'recordInspectionFindings')!.actor).toMatchObject({ agencyId: b.unitId, role: 'unit' });

    // The authority then decides as for any recheck; the findings stay.
    const decided = await callNamings({
      method: 'POST',
      path: `/v1/namings/${a.id}/rechecks/${here.id}/outcome`,
      claims: wuhan,
      body: { outcome: 'pass' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'passed', findings: { rating: 'good' } });
  });

  it('refuses a bad pairing with 422 on /pairedNamingId and writes nothing', async () => {
    const sameUnit = await named('', { level: 'county', issuedBy: 'wuhan-ethnic-affairs' }, await unitOf(a));
    const revoked = await named('武汉市汉阳区江堤社区');
    expect(
      (await callNamings({ method: 'POST', path: `/v1/namings/${revoked.id}/revoke`, claims: wuhan, body: { reason: '复查不合格' } }))
        .status,
    ).toBe(200);
    const province = await named('武汉市汉阳区四新社区', {
      level: 'province',
      issuedBy: 'hubei-ethnic-affairs',
      issuer: { agencyId: 'hubei-ethnic-affairs', level: 'province', regionCode: '420000' },
    });
    const hunanUnit = await newUnit(authority('430100', 'changsha-ethnic-affairs'), '长沙市芙蓉区定王台社区', '430102');
    const hunan = await named('', { issuedBy: 'changsha-ethnic-affairs' }, hunanUnit);
    await drain();
    const before = await snapshotTable(table);

    const refusals: [string, string][] = [
      ['missing', randomUUID()],
      ['outside the region', hunan.id],
      ['the same naming', a.id],
      ["the same unit's other naming", sameUnit.id],
      ['not active', revoked.id],
      ['not managed by the caller', province.id],
      ['already paired, one side still undecided', b.id],
    ];
    for (const [why, id] of refusals) {
      const refused = await callNamings({ ...pairing(a, id), headers: { 'idempotency-key': `bad-${randomUUID()}` } });
      expect(refused.status, `${why}: ${JSON.stringify(refused.body)}`).toBe(422);
      expect(pointersOf(refused), why).toEqual(['/pairedNamingId']);
    }
    // The refusal of a naming out of scope reads as that of one that does not exist.
    const [missing, outside] = await Promise.all(
      [randomUUID(), hunan.id].map((id) => callNamings(pairing(a, id)).then((r) => r.body.errors[0].detail)),
    );
    expect(outside).toBe(missing);

    const diff = diffSnapshots(before, await snapshotTable(table));
    expect([...diff.added, ...diff.changed, ...diff.removed].filter((key) => !key.startsWith('IDEMP#'))).toEqual([]);
    expect(await drain()).toEqual([]);
  });
});

/** The unit a naming names, as the units API shows it to the authority. */
async function unitOf(naming: Naming): Promise<Unit> {
  return (await callUnits({ method: 'GET', path: `/v1/units/${naming.unitId}`, claims: wuhan })).body as Unit;
}

describe('Both sides ride the agenda', () => {
  it('reminds each unit 14 and 3 days before, naming the other, and marks both overdue after the due date', async () => {
    const c = await named('武汉市汉阳区鹦鹉社区');
    const d = await named('武汉市汉阳区五里墩社区');
    const dueOn = addDays(today, 20);
    const created = await callNamings(pairing(c, d.id, dueOn));
    expect(created.status).toBe(201);
    const [cId, dId] = [created.body.id as string, created.body.pairedRecheckId as string];
    await runSweep(today);
    await drain();

    for (const [date, tag] of [
      [addDays(dueOn, -14), '14'],
      [addDays(dueOn, -3), '3'],
      [addDays(dueOn, 1), 'overdue'],
    ] as const) {
      await runSweep(date);
      const reminders = (await drain()).filter((n) => [cId, dId].some((id) => n.id.startsWith(`recheck#${id}#recheck#`)));
      expect(reminders.map((n) => n.id).sort(), date).toEqual([`recheck#${cId}#recheck#${tag}`, `recheck#${dId}#recheck#${tag}`].sort());
      expect(reminders.find((n) => n.id.startsWith(`recheck#${cId}`))!.text).toContain(`与${d.unitName}的互观互检`);
      expect(reminders.find((n) => n.id.startsWith(`recheck#${dId}`))!.to).toEqual(d.recipients);
    }
    expect((await rechecksOf(c)).map((r) => r.status)).toEqual(['overdue']);
    expect((await rechecksOf(d)).map((r) => r.status)).toEqual(['overdue']);

    // An overdue inspection still takes findings, and the admin may record them for either side.
    const late = await findings(c, cId, admin, { findings: '逾期补查：整体良好。', rating: 'good' });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
  });
});
