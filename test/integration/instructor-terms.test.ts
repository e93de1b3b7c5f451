import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as instructors } from '../../functions/instructors/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { listUnitAppointments } from '../../shared/data/appointments.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { lambdaContext } from '../support/events.ts';
import { authority } from '../support/callers.ts';
import { callUnits, expectProblem, via } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { day, plusYears } from '../support/dates.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * Instructors' terms running out (in force through termEndsOn, ended from the next day), in 湘西土家族苗族自治州
 * (433100), 湖南: 凤凰县 (433123) a term ended by the sweep the day after its last day; 花垣县 (433124) two sweeps at
 * once, and an appointment adjusted by hand; 吉首市 (433101) terms that ran out yesterday, before any sweep, and its
 * filings. The table and the notices queue are this file's own: the sweep runs on dates three years ahead.
 */

const callInstructors = via(instructors, 'instructors');
const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const fenghuang = authority('433123', 'fenghuang-ethnic-affairs');
const huayuan = authority('433124', 'huayuan-ethnic-affairs');
const jishou = authority('433101', 'jishou-ethnic-affairs');

let serial = 0;
async function newInstructor(caller: Caller, name: string): Promise<{ id: string; name: string }> {
  serial += 1;
  const created = await callInstructors({
    method: 'POST',
    path: '/v1/instructors',
    claims: caller,
    body: {
      name,
      gender: 'male',
      ethnicity: '苗族',
      phone: `138${String(Date.now() % 1e4).padStart(4, '0')}${String(serial).padStart(4, '0')}`,
      email: `term-${tag}-${serial}@example.cn`,
      employer: '民族宗教事务局',
      position: '指导员',
      regionCode: caller.region,
      source: 'unit-recommendation',
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function newUnit(caller: Caller, name: string): Promise<Unit> {
  const created = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: caller,
    body: {
      name: `${name}${tag}`,
      type: 'community',
      regionCode: caller.region,
      zone: false,
      contacts: [{ name: '龙燕', email: `unit-${tag}-${randomUUID().slice(0, 6)}@example.cn` }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Unit;
}

const appoint = (caller: Caller, unitId: string, instructorId: string, appointedOn = today) =>
  callInstructors({ method: 'POST', path: `/v1/units/${unitId}/instructors`, claims: caller, body: { instructorId, appointedOn } });

async function appointed(
  caller: Caller,
  unitId: string,
  instructorId: string,
  appointedOn = today,
): Promise<{ id: string; termEndsOn: string }> {
  const answer = await appoint(caller, unitId, instructorId, appointedOn);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

/** A unit's appointments as `GET /v1/units/{id}/instructors` shows them. */
async function unitAppointments(caller: Caller, unitId: string): Promise<any[]> {
  const listed = await callInstructors({ method: 'GET', path: `/v1/units/${unitId}/instructors`, claims: caller });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

/** The unit's active instructors (`GET /v1/instructors?unitId=`), by id. */
async function activeList(caller: Caller, unitId: string): Promise<string[]> {
  const listed = await callInstructors({ method: 'GET', path: '/v1/instructors', claims: caller, query: { unitId, limit: '100' } });
  expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  return listed.body.items.map((i: { id: string }) => i.id).sort();
}

/** How the appointment is stored (what the sweep has recorded), not as a read by date shows it. */
async function stored(unitId: string, appointmentId: string) {
  return (await listUnitAppointments(mainStore(), unitId)).find((a) => a.id === appointmentId)!;
}

/** The audit entries of term ends under a unit. */
async function termEndAudits(unitId: string): Promise<Record<string, any>[]> {
  const { Items = [] } = await mainStore().doc.send(
    new QueryCommand({
      TableName: mainStore().table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `UNIT#${unitId}`, ':audit': 'AUDIT#' },
      ConsistentRead: true,
    }),
  );
  return Items.filter((i) => i.action === 'endInstructorTerm');
}

const file = (caller: Caller, asOf: string) =>
  callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: caller, body: { asOf } });

beforeAll(async () => {
  await useOwnMainTable('instructor-terms');
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  process.env.QUEUE_NOTICES_URL = (await sqs.send(new CreateQueueCommand({ QueueName: `instructor-terms-${tag}` }))).QueueUrl!;
});

describe('A term that runs out: in force through its last day, ended by the sweep of the next', () => {
  let unit: Unit;
  let people: Record<'a' | 'b' | 'c' | 'd', { id: string; name: string }>;
  let first: { id: string; termEndsOn: string };
  let lastDay: string;

  beforeAll(async () => {
    // 凤凰县: 田a's term ends first; 田b started 10 days later, so its term runs 10 days longer
    unit = await newUnit(fenghuang, '凤凰县沱江镇社区');
    const [a, b, c, d] = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => newInstructor(fenghuang, `期满${n}`)));
    people = { a: a!, b: b!, c: c!, d: d! };
    first = await appointed(fenghuang, unit.id, people.a.id);
    await appointed(fenghuang, unit.id, people.b.id, day(today, 10));
    lastDay = first.termEndsOn;
    expect(lastDay).toBe(plusYears(today, 3));
  });

  it('leaves the appointment active after the sweep of its last day, and the unit still full', async () => {
    // Act
    await runSweep(lastDay);

    // Assess
    expect(await stored(unit.id, first.id)).toMatchObject({ status: 'active' });
    expect(await termEndAudits(unit.id)).toEqual([]);
    expectProblem(await appoint(fenghuang, unit.id, people.c.id), 409, 'instructor-limit');
  });

  it('ends it on the sweep of the next day: ended on its last day, term-expired, with one audit entry', async () => {
    // Act
    await runSweep(day(lastDay, 1));

    // Assess
    const items = await unitAppointments(fenghuang, unit.id);
    expect(items.find((a) => a.id === first.id)).toMatchObject({
      status: 'ended',
      endedOn: lastDay,
      endReason: 'term-expired',
      instructorId: people.a.id,
    });
    expect(items.find((a) => a.instructorId === people.b.id)).toMatchObject({ status: 'active' });
    const audits = await termEndAudits(unit.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: { role: 'system', agencyId: fenghuang.agencyId },
      before: { status: 'active' },
      after: { appointmentId: first.id, status: 'ended', endedOn: lastDay },
    });
  });

  it('no longer counts toward the two: a third appointment is accepted, a fourth is not', async () => {
    expect((await appoint(fenghuang, unit.id, people.c.id)).status).toBe(201);

    expectProblem(await appoint(fenghuang, unit.id, people.d.id), 409, 'instructor-limit');
  });

  it("leaves the unit's active list, while the instructor stays in the database, free to be appointed again", async () => {
    expect(await activeList(fenghuang, unit.id)).toEqual([people.b.id, people.c.id].sort());

    const instructor = await callInstructors({ method: 'GET', path: `/v1/instructors/${people.a.id}`, claims: fenghuang });
    expect(instructor.body).toMatchObject({ status: 'active', appointments: [expect.objectContaining({ id: first.id, status: 'ended' })] });
    const elsewhere = await newUnit(fenghuang, '凤凰县廖家桥镇社区');
    expect((await appoint(fenghuang, elsewhere.id, people.a.id)).status).toBe(201);
  });
});

describe('Two sweeps at once, and an appointment adjusted by hand', () => {
  let unit: Unit;
  let adjustedUnit: Unit;
  let people: Record<'e' | 'f' | 'g' | 'h' | 'q' | 'r' | 's' | 't', { id: string; name: string }>;
  let ending: { id: string; termEndsOn: string };
  let adjusted: { id: string; termEndsOn: string };

  beforeAll(async () => {
    unit = await newUnit(huayuan, '花垣县花垣镇社区');
    adjustedUnit = await newUnit(huayuan, '花垣县边城镇社区');
    const made = await Promise.all(['e', 'f', 'g', 'h', 'q', 'r', 's', 't'].map((n) => newInstructor(huayuan, `并发期满${n}`)));
    people = Object.fromEntries(['e', 'f', 'g', 'h', 'q', 'r', 's', 't'].map((n, i) => [n, made[i]!])) as typeof people;
    ending = await appointed(huayuan, unit.id, people.e.id);
    await appointed(huayuan, unit.id, people.f.id, day(today, 10));
    adjusted = await appointed(huayuan, adjustedUnit.id, people.q.id);
    const answer = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${people.q.id}/adjustments`,
      claims: huayuan,
      body: { reason: 'wish', effectiveOn: today },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });

  it('ends the appointment once: one audit entry, and its place is given back once', async () => {
    // Act
    await Promise.all([runSweep(day(ending.termEndsOn, 1)), runSweep(day(ending.termEndsOn, 1))]);

    // Assess
    expect(await stored(unit.id, ending.id)).toMatchObject({ status: 'ended', endedOn: ending.termEndsOn, endReason: 'term-expired' });
    expect(await termEndAudits(unit.id)).toHaveLength(1);
    expect((await appoint(huayuan, unit.id, people.g.id)).status).toBe(201);
    expectProblem(await appoint(huayuan, unit.id, people.h.id), 409, 'instructor-limit');
  });

  it('leaves an appointment adjusted by hand as it was: its reason and day kept, no place given back twice', async () => {
    expect(await stored(adjustedUnit.id, adjusted.id)).toMatchObject({ status: 'ended', endedOn: today, endReason: 'wish' });
    expect(await termEndAudits(adjustedUnit.id)).toEqual([]);
    expect((await appoint(huayuan, adjustedUnit.id, people.r.id)).status).toBe(201);
    expect((await appoint(huayuan, adjustedUnit.id, people.s.id)).status).toBe(201);
    expectProblem(await appoint(huayuan, adjustedUnit.id, people.t.id), 409, 'instructor-limit');
  });
});

describe('Terms that ran out yesterday, before any sweep, and the filings of 吉首市', () => {
  let unit: Unit;
  let other: Unit;
  let people: Record<'k' | 'l' | 'm' | 'n' | 'p', { id: string; name: string }>;
  let lapsed: { id: string; termEndsOn: string };
  let lapsedAlone: { id: string; termEndsOn: string };
  let lastDay: string;
  const longAgo = day(plusYears(today, -3), -1);
  type Entry = { instructorId: string; unitId: string; appointedOn: string; termEndsOn: string };
  const line = (p: { id: string; name: string }, u: Unit, appointedOn: string, termEndsOn: string) => ({
    instructorId: p.id,
    instructorName: p.name,
    unitId: u.id,
    unitName: u.name,
    appointedOn,
    termEndsOn,
  });
  const byKey = (a: Entry, b: Entry) => `${a.unitId}#${a.instructorId}`.localeCompare(`${b.unitId}#${b.instructorId}`);

  beforeAll(async () => {
    // Appointed three years and a day ago: the last day of their terms was yesterday (Feb 29 aside)
    unit = await newUnit(jishou, '吉首市乾州街道社区');
    other = await newUnit(jishou, '吉首市峒河街道社区');
    const [k, l, m, n, p] = await Promise.all(['k', 'l', 'm', 'n', 'p'].map((x) => newInstructor(jishou, `昨日期满${x}`)));
    people = { k: k!, l: l!, m: m!, n: n!, p: p! };
    lapsed = await appointed(jishou, unit.id, people.k.id, longAgo);
    lapsedAlone = await appointed(jishou, other.id, people.p.id, longAgo);
    await appointed(jishou, unit.id, people.l.id);
    lastDay = lapsed.termEndsOn;
    expect(lastDay < today).toBe(true);
  });

  it('files them as in force on their last day', async () => {
    const filed = await file(jishou, lastDay);

    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect([...filed.body.entries].sort(byKey)).toEqual(
      [line(people.k, unit, longAgo, lastDay), line(people.p, other, longAgo, lastDay)].sort(byKey),
    );
    expect(filed.body.changes.ended).toEqual([]);
  });

  it('shows them ended by date before the sweep: ended on the last day, out of the active list', async () => {
    expect(await stored(unit.id, lapsed.id)).toMatchObject({ status: 'active' });

    const items = await unitAppointments(jishou, unit.id);

    expect(items.find((a) => a.id === lapsed.id)).toMatchObject({ status: 'ended', endedOn: lastDay, endReason: 'term-expired' });
    expect(await activeList(jishou, unit.id)).toEqual([people.l.id]);
  });

  it('accepts a second appointment at the full unit, ending the term that ran out first; a third is refused', async () => {
    // Act
    const second = await appoint(jishou, unit.id, people.m.id);

    // Assess
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(await stored(unit.id, lapsed.id)).toMatchObject({ status: 'ended', endedOn: lastDay, endReason: 'term-expired' });
    expect(await termEndAudits(unit.id)).toHaveLength(1);
    expectProblem(await appoint(jishou, unit.id, people.n.id), 409, 'instructor-limit');
    expect(await activeList(jishou, unit.id)).toEqual([people.l.id, people.m.id].sort());
  });

  it('lets the sweep end the other one, leaving the one already ended alone', async () => {
    await runSweep(today);

    expect(await stored(other.id, lapsedAlone.id)).toMatchObject({ status: 'ended', endedOn: lastDay, endReason: 'term-expired' });
    expect(await termEndAudits(other.id)).toHaveLength(1);
    expect(await termEndAudits(unit.id)).toHaveLength(1);
  });

  it('shows both as ended in the next filing, not as removed', async () => {
    const filed = await file(jishou, today);

    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const termOfToday = plusYears(today, 3);
    expect([...filed.body.entries].sort(byKey)).toEqual(
      [line(people.l, unit, today, termOfToday), line(people.m, unit, today, termOfToday)].sort(byKey),
    );
    expect([...filed.body.changes.ended].sort(byKey)).toEqual(
      [line(people.k, unit, longAgo, lastDay), line(people.p, other, longAgo, lastDay)].sort(byKey),
    );
    expect(filed.body.changes.removed).toEqual([]);
    expect([...filed.body.changes.added].sort(byKey)).toEqual(
      [line(people.l, unit, today, termOfToday), line(people.m, unit, today, termOfToday)].sort(byKey),
    );
    expect(filed.body.changes.changed).toEqual([]);
  });
});
