import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler as instructors } from '../../functions/instructors/handler.ts';
import { handler as registry } from '../../functions/registry/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { createNaming } from '../../shared/data/namings.ts';
import { findRegion } from '../../shared/domain/regions.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext, sqsEvent, type Answer, type HttpRequest } from '../support/events.ts';
import { authority, unitUser } from '../support/callers.ts';
import { callUnits, expectProblem, pointersOf, via } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { sentEmails, waitForEmails, type StoredEmail } from '../support/ses.ts';
import { drainQueue } from '../support/notices-queue.ts';
import { day, plusYears } from '../support/dates.ts';

/*
 * Instructors (指导员) in 恩施土家族苗族自治州 (422800), 湖北 (420000). Each county has one job, so no test leans on
 * another's data: 建始县 (422822) appointments, limits, bad input, training, reports and personal data; 恩施市 (422801)
 * the filing chain; 利川市 (422802, never filed) term reminders; 巴东县 (422823) the filing-date rule; 宣恩县 (422825)
 * the yearly readjustment reminder; 来凤县 (422827) lists filtered by key. Terms that run out are in
 * instructor-terms.test.ts. The table and the notices queue are this file's own: the sweep runs on dates in the future.
 */

const callInstructors = via(instructors, 'instructors');
const callRegistry = via(registry, 'registry');
const deliver = async (notices: NoticeMessage[]) =>
  (await notifier(sqsEvent(notices.map((n) => JSON.stringify(n))), lambdaContext('notifier'))) as SQSBatchResponse;
const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const hubei = authority('420000', 'hubei-ethnic-affairs');
const enshiZhou = authority('422800', 'enshizhou-ethnic-affairs');
const enshiShi = authority('422801', 'enshishi-ethnic-affairs');
const lichuan = authority('422802', 'lichuan-ethnic-affairs');
const jianshi = authority('422822', 'jianshi-ethnic-affairs');
const badong = authority('422823', 'badong-ethnic-affairs');
const xuanen = authority('422825', 'xuanen-ethnic-affairs');
let sqs: SQSClient;
let queueUrl: string;

const ifMatch = (etag: string | number) => ({ 'if-match': typeof etag === 'number' ? `"${etag}"` : etag });

/** Every item of a cursor-paginated list. */
async function everyItem(request: HttpRequest): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await callInstructors({ ...request, query: { ...request.query, limit: '100', ...(cursor ? { cursor } : {}) } });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return items;
}

let serial = 0;
/** A person as `POST /v1/instructors` takes it, with a phone and email of their own. */
function person(name: string, regionCode: string, extra: Record<string, unknown> = {}) {
  serial += 1;
  return {
    name,
    gender: 'female',
    ethnicity: '土家族',
    phone: `139${String(Date.now() % 1e4).padStart(4, '0')}${String(serial).padStart(4, '0')}`,
    email: `instr-${tag}-${serial}@example.cn`,
    employer: `${findRegion(regionCode)!.name}民族宗教事务局`,
    position: '民族团结进步创建指导员',
    regionCode,
    source: 'unit-recommendation',
    ...extra,
  };
}

async function newInstructor(
  caller: typeof jianshi,
  name: string,
  regionCode = caller.region,
): Promise<{ id: string; name: string; phone: string; email: string; version: number }> {
  const created = await callInstructors({ method: 'POST', path: '/v1/instructors', claims: caller, body: person(name, regionCode) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function newUnit(caller: typeof jianshi, name: string, type = 'community'): Promise<Unit> {
  const created = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: caller,
    body: {
      name: `${name}${tag}`,
      type,
      regionCode: caller.region,
      zone: false,
      contacts: [{ name: '向红', email: `unit-${tag}-${randomUUID().slice(0, 6)}@example.cn` }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Unit;
}

const appoint = (caller: typeof jianshi, unitId: string, instructorId: string, appointedOn = today) =>
  callInstructors({ method: 'POST', path: `/v1/units/${unitId}/instructors`, claims: caller, body: { instructorId, appointedOn } });

async function unitAppointments(unitId: string, caller = jianshi): Promise<any[]> {
  const listed = await callInstructors({ method: 'GET', path: `/v1/units/${unitId}/instructors`, claims: caller });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

const activeOf = (items: any[]) => items.filter((a) => a.status === 'active');

const drain = () => drainQueue(sqs, queueUrl);

/** Delivers what the queue holds through the notifier; every record is sent. */
async function deliverQueued(): Promise<void> {
  const notices = await drain();
  if (notices.length === 0) return;
  expect((await deliver(notices)).batchItemFailures).toEqual([]);
}

const emailsTo = (emails: StoredEmail[], address: string, subjectPrefix: string) =>
  emails.filter((e) => e.destination.to.includes(address) && e.subject.startsWith(subjectPrefix));

/** Puts an authority's entry in the directory, with one contact at `email`. */
async function register(caller: typeof jianshi, name: string, email: string): Promise<void> {
  const put = await callUnits({
    method: 'PUT',
    path: `/v1/authorities/${caller.agencyId}`,
    claims: caller,
    body: { name, regionCode: caller.region, contacts: [{ name: '田静', email }] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

beforeAll(async () => {
  await useOwnMainTable('instructors');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `instructors-${tag}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
});

describe('The regions of this file', () => {
  it('are 恩施州 and its counties in 湖北', () => {
    expect(findRegion('422800')).toMatchObject({ name: '恩施土家族苗族自治州', level: 'city', parent: '420000' });
    for (const [code, name] of [
      ['422801', '恩施市'],
      ['422802', '利川市'],
      ['422822', '建始县'],
      ['422823', '巴东县'],
      ['422825', '宣恩县'],
    ]) {
      expect(findRegion(code!)).toMatchObject({ name, level: 'county', parent: '422800' });
    }
  });
});

describe('Appointments: at most 2 active instructors per unit', () => {
  let unit: Unit;
  let pool: Awaited<ReturnType<typeof newInstructor>>[];
  let appointed: string[];
  const used = new Set<string>();
  /** An instructor of the pool who never served this unit. */
  const fresh = () => pool.find((p) => !used.has(p.id))!;

  beforeAll(async () => {
    unit = await newUnit(jianshi, '建始县业州镇并发社区');
    pool = await Promise.all(Array.from({ length: 20 }, (_, i) => newInstructor(jianshi, `并发${i}号`)));
  });

  it('lets exactly 2 of 20 concurrent appointments of different instructors succeed, the other 18 answer 409 instructor-limit', async () => {
    // Act
    const answers = await Promise.all(pool.map((p) => appoint(jianshi, unit.id, p.id)));

    // Assess
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(answers.map((a) => a.status).sort(), JSON.stringify(refused.map((a) => a.body?.type))).toEqual([
      ...Array(2).fill(201),
      ...Array(18).fill(409),
    ]);
    for (const a of refused) expectProblem(a, 409, 'instructor-limit');
    appointed = created.map((a) => a.body.instructorId as string);
    for (const id of appointed) used.add(id);
    expect(created.map((a) => a.body)).toEqual(
      created.map(() =>
        expect.objectContaining({ unitId: unit.id, status: 'active', appointedOn: today, termEndsOn: plusYears(today, 3) }),
      ),
    );
  });

  it('shows exactly the 2 winners on the unit, and nothing of the refused ones', async () => {
    const items = await unitAppointments(unit.id);
    expect(items).toHaveLength(2);
    expect(
      activeOf(items)
        .map((a) => a.instructorId)
        .sort(),
    ).toEqual([...appointed].sort());
  });

  it('frees a place when an instructor is adjusted for health without a successor, and a new appointment then succeeds', async () => {
    // Act
    const adjusted = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${appointed[0]}/adjustments`,
      claims: jianshi,
      body: { reason: 'health' },
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    expect(adjusted.body.started).toEqual([]);
    expect(activeOf(await unitAppointments(unit.id))).toHaveLength(1);
    const newcomer = fresh();
    used.add(newcomer.id);
    const again = await appoint(jianshi, unit.id, newcomer.id);

    // Assess
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    appointed = [appointed[1]!, newcomer.id];
    expect(
      activeOf(await unitAppointments(unit.id))
        .map((a) => a.instructorId)
        .sort(),
    ).toEqual([...appointed].sort());
    const first = await callInstructors({ method: 'GET', path: `/v1/instructors/${adjusted.body.ended[0].instructorId}`, claims: jianshi });
    expect(first.body.status).toBe('adjusted');
  });

  it('keeps the count at 2 when an adjustment names a successor, and the history keeps the ended appointment', async () => {
    // Prepare
    const leaving = appointed[0]!;
    const successor = fresh();
    used.add(successor.id);

    // Act
    const adjusted = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${leaving}/adjustments`,
      claims: jianshi,
      body: { reason: 'job-change', successorId: successor.id },
    });

    // Assess
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    const items = await unitAppointments(unit.id);
    expect(
      activeOf(items)
        .map((a) => a.instructorId)
        .sort(),
    ).toEqual([appointed[1]!, successor.id].sort());
    expect(items.find((a) => a.instructorId === leaving)).toMatchObject({
      status: 'ended',
      endReason: 'job-change',
      successorId: successor.id,
      endedOn: today,
    });
    expect(
      items
        .filter((a) => a.status === 'ended')
        .map((a) => a.endReason)
        .sort(),
    ).toEqual(['health', 'job-change']);
    expectProblem(await appoint(jianshi, unit.id, fresh().id), 409, 'instructor-limit');
  });

  it('answers 409 busy (or succeeds on a retry), never 500, when DynamoDB cancels an appointment for a transaction conflict', async () => {
    // Prepare: DynamoDB Local serialises transactions, so the conflict AWS reports under contention is injected once
    const unit = await newUnit(jianshi, '建始县业州镇冲突社区');
    const p = await newInstructor(jianshi, '事务冲突');
    const { dynamo } = getClients();
    let injected = 0;
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        if (
          injected === 0 &&
          JSON.stringify(args.input).includes(`UNIT#${unit.id}`) &&
          /TransactItems/.test(JSON.stringify(Object.keys(args.input as object)))
        ) {
          injected += 1;
          throw Object.assign(
            new Error(
              'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None, None, None, None, None]',
            ),
            {
              name: 'TransactionCanceledException',
              $fault: 'client',
              CancellationReasons: [{ Code: 'TransactionConflict' }, ...Array(5).fill({ Code: 'None' })],
            },
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectedTransactionConflict' },
    );

    // Act
    let answer: Answer;
    try {
      answer = await appoint(jianshi, unit.id, p.id);
    } finally {
      dynamo.middlewareStack.remove('injectedTransactionConflict');
    }

    // Assess
    expect(injected).toBe(1);
    expect([201, 409], JSON.stringify(answer.body)).toContain(answer.status);
    if (answer.status === 409) expectProblem(answer, 409, 'busy');
    expect(activeOf(await unitAppointments(unit.id))).toHaveLength(answer.status === 201 ? 1 : 0);
  });
});

describe('Bad input', () => {
  it('refuses a third active instructor with 409 instructor-limit and writes nothing', async () => {
    // Prepare
    const unit = await newUnit(jianshi, '建始县高坪镇社区');
    const [a, b, c] = await Promise.all(['甲', '乙', '丙'].map((n) => newInstructor(jianshi, `第三人${n}`)));
    expect((await appoint(jianshi, unit.id, a!.id)).status).toBe(201);
    expect((await appoint(jianshi, unit.id, b!.id)).status).toBe(201);

    // Act
    const third = await appoint(jianshi, unit.id, c!.id);

    // Assess
    expectProblem(third, 409, 'instructor-limit');
    expect((await unitAppointments(unit.id)).map((x) => x.instructorId).sort()).toEqual([a!.id, b!.id].sort());
    expect((await callInstructors({ method: 'GET', path: `/v1/instructors/${c!.id}`, claims: jianshi })).body.appointments).toEqual([]);
  });

  it('refuses the same instructor twice at one unit with 409 already-appointed and writes nothing', async () => {
    const unit = await newUnit(jianshi, '建始县花坪镇社区');
    const p = await newInstructor(jianshi, '重复任命');
    expect((await appoint(jianshi, unit.id, p.id)).status).toBe(201);

    const twice = await appoint(jianshi, unit.id, p.id);

    expectProblem(twice, 409, 'already-appointed');
    expect(await unitAppointments(unit.id)).toHaveLength(1);
  });

  it('refuses an appointment by the city (403) or by another county that cannot see the unit (404), writing nothing', async () => {
    const unit = await newUnit(jianshi, '建始县三里乡村', 'village');
    const p = await newInstructor(enshiZhou, '越权任命', '422822');

    expectProblem(await appoint(enshiZhou, unit.id, p.id), 403, 'forbidden');
    expectProblem(await appoint(lichuan, unit.id, p.id), 404, 'not-found');
    expect(await unitAppointments(unit.id)).toEqual([]);
  });

  it('refuses an appointment starting more than 30 days ahead with 422 at /appointedOn, and accepts one exactly 30 days ahead', async () => {
    const unit = await newUnit(jianshi, '建始县长梁镇社区');
    const p = await newInstructor(jianshi, '提前任命');

    const tooFar = await appoint(jianshi, unit.id, p.id, day(today, 31));

    expectProblem(tooFar, 422, 'validation');
    expect(pointersOf(tooFar)).toEqual(['/appointedOn']);
    expect(await unitAppointments(unit.id)).toEqual([]);
    expect((await appoint(jianshi, unit.id, p.id, day(today, 30))).status).toBe(201);
  });

  it("refuses an appointment starting before the county's last filing with 422 at /appointedOn", async () => {
    // Prepare: 巴东县 files its (empty) list as of today
    const unit = await newUnit(badong, '巴东县信陵镇社区');
    const p = await newInstructor(badong, '补登任命');
    expect((await callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: badong, body: { asOf: today } })).status).toBe(
      201,
    );

    // Act
    const backdated = await appoint(badong, unit.id, p.id, day(today, -1));

    // Assess
    expectProblem(backdated, 422, 'validation');
    expect(pointersOf(backdated)).toEqual(['/appointedOn']);
    expect(await unitAppointments(unit.id, badong)).toEqual([]);
    expect((await appoint(badong, unit.id, p.id, today)).status).toBe(201);
  });

  it("refuses an adjustment effective before the county's last filing (it would rewrite a filed list) with 422 at /effectiveOn", async () => {
    // 巴东县 filed as of today in the test above; an appointment today, then an adjustment backdated to yesterday
    const unit = await newUnit(badong, '巴东县东瀼口镇社区');
    const p = await newInstructor(badong, '倒签调整');
    expect((await appoint(badong, unit.id, p.id, today)).status).toBe(201);

    const backdated = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${p.id}/adjustments`,
      claims: badong,
      body: { reason: 'wish', effectiveOn: day(today, -1) },
    });

    expectProblem(backdated, 422, 'validation');
    expect(pointersOf(backdated)).toEqual(['/effectiveOn', '/effectiveOn']);
    expect((await unitAppointments(unit.id, badong)).map((a) => a.status)).toEqual(['active']);
  });

  it('files, as of a past date, the appointments in force then, including one ended since', async () => {
    // 咸丰县 (422826) has never filed: an appointment starting 10 days ago, ended 3 days ago; a filing as of 5 days ago lists it
    const xianfeng = authority('422826', 'xianfeng-ethnic-affairs');
    const unit = await newUnit(xianfeng, '咸丰县高乐山镇社区');
    const p = await newInstructor(xianfeng, '已调整者');
    expect((await appoint(xianfeng, unit.id, p.id, day(today, -10))).status).toBe(201);
    expect(
      (
        await callInstructors({
          method: 'POST',
          path: `/v1/instructors/${p.id}/adjustments`,
          claims: xianfeng,
          body: { reason: 'job-change', effectiveOn: day(today, -3) },
        })
      ).status,
    ).toBe(200);

    const filed = await callInstructors({
      method: 'POST',
      path: '/v1/instructors/filings',
      claims: xianfeng,
      body: { asOf: day(today, -5) },
    });

    expect(filed.status).toBe(201);
    expect(filed.body.entries.filter((e: { unitId: string }) => e.unitId === unit.id)).toEqual([
      expect.objectContaining({ instructorId: p.id, appointedOn: day(today, -10) }),
    ]);
  });

  it('refuses an instructor with a malformed phone and email with 422 at /phone and /email, writing nothing', async () => {
    const name = `格式错误${tag}`;

    const created = await callInstructors({
      method: 'POST',
      path: '/v1/instructors',
      claims: jianshi,
      body: person(name, '422822', { phone: '1390000', email: 'wangfang@' }),
    });

    expectProblem(created, 422, 'validation');
    expect(pointersOf(created)).toEqual(['/email', '/phone']);
    expect(
      (await everyItem({ method: 'GET', path: '/v1/instructors', claims: jianshi, query: { region: '422822' } })).filter(
        (i) => i.name === name,
      ),
    ).toEqual([]);
  });

  it("refuses a city's filing for another city with 403 and files nothing", async () => {
    const filed = await callInstructors({
      method: 'POST',
      path: '/v1/instructors/filings',
      claims: enshiZhou,
      body: { asOf: today, regionCode: '420100' },
    });

    expectProblem(filed, 403, 'forbidden');
    expect(await everyItem({ method: 'GET', path: '/v1/instructors/filings', claims: hubei, query: { region: '420100' } })).toEqual([]);
  });

  it('refuses a PATCH without If-Match with 428 and a stale one with 412, changing nothing', async () => {
    const p = await newInstructor(jianshi, '条件更新');
    const path = `/v1/instructors/${p.id}`;

    expectProblem(
      await callInstructors({ method: 'PATCH', path, claims: jianshi, body: { position: '无条件' } }),
      428,
      'if-match-required',
    );
    const fresh = await callInstructors({
      method: 'PATCH',
      path,
      claims: jianshi,
      headers: ifMatch(p.version),
      body: { position: '第一次' },
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expectProblem(
      await callInstructors({ method: 'PATCH', path, claims: jianshi, headers: ifMatch(p.version), body: { position: '过期' } }),
      412,
      'stale-version',
    );

    const read = await callInstructors({ method: 'GET', path, claims: jianshi });
    expect(read.body).toMatchObject({ position: '第一次', version: p.version + 1 });
    expect(read.headers.etag).toBe(`"${p.version + 1}"`);
  });

  it('refuses to retire an instructor who still serves with 409 still-appointed', async () => {
    const unit = await newUnit(jianshi, '建始县官店镇社区');
    const p = await newInstructor(jianshi, '在任退出');
    expect((await appoint(jianshi, unit.id, p.id)).status).toBe(201);
    const path = `/v1/instructors/${p.id}`;
    // An appointment moves the instructor's version (so that a retirement racing it fails): read it again.
    const current = (await callInstructors({ method: 'GET', path, claims: jianshi })).body;
    expect(current.version).toBe(p.version + 1);
    expect(
      (await callInstructors({ method: 'PATCH', path, claims: jianshi, headers: ifMatch(p.version), body: { status: 'retired' } })).status,
    ).toBe(412);

    const retired = await callInstructors({
      method: 'PATCH',
      path,
      claims: jianshi,
      headers: ifMatch(current.version),
      body: { status: 'retired' },
    });

    expectProblem(retired, 409, 'still-appointed');
    expect((await callInstructors({ method: 'GET', path, claims: jianshi })).body).toMatchObject({
      status: 'active',
      version: current.version,
    });
  });
});

describe('Filing (备案) up the chain: 恩施市 → 恩施州 → 湖北省', () => {
  type Entry = { instructorId: string; instructorName: string; unitId: string; unitName: string; appointedOn: string; termEndsOn: string };
  const byKey = (a: Entry, b: Entry) => `${a.unitId}#${a.instructorId}`.localeCompare(`${b.unitId}#${b.instructorId}`);
  const entry = (p: { id: string; name: string }, u: Unit): Entry => ({
    instructorId: p.id,
    instructorName: p.name,
    unitId: u.id,
    unitName: u.name,
    appointedOn: today,
    termEndsOn: plusYears(today, 3),
  });
  let shengli: Unit;
  let xiaodu: Unit;
  let people: Record<'a' | 'b' | 'c' | 'd' | 'e', Awaited<ReturnType<typeof newInstructor>>>;
  let countyFiling: any;
  let cityFiling: any;
  let secondFiling: any;

  beforeAll(async () => {
    shengli = await newUnit(enshiShi, '恩施市舞阳坝街道胜利社区');
    xiaodu = await newUnit(enshiShi, '恩施市小渡船街道社区');
    const [a, b, c, d, e] = await Promise.all(['向阳', '谭敏', '覃丽', '田野', '黄河'].map((n) => newInstructor(enshiShi, n)));
    people = { a: a!, b: b!, c: c!, d: d!, e: e! };
    for (const [p, u] of [
      [a, shengli],
      [b, shengli],
      [c, xiaodu],
    ] as const)
      expect((await appoint(enshiShi, u.id, p!.id)).status).toBe(201);
  });

  it("files the county's list with the city, every entry under added the first time", async () => {
    const filed = await callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: enshiShi, body: { asOf: today } });

    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    countyFiling = filed.body;
    const expected = [entry(people.a, shengli), entry(people.b, shengli), entry(people.c, xiaodu)].sort(byKey);
    expect(countyFiling).toMatchObject({
      regionCode: '422801',
      level: 'county',
      filedWith: '422800',
      asOf: today,
      status: 'filed',
      filedBy: enshiShi.agencyId,
    });
    expect(countyFiling.previousFilingId).toBeUndefined();
    expect([...countyFiling.entries].sort(byKey)).toEqual(expected);
    expect([...countyFiling.changes.added].sort(byKey)).toEqual(expected);
    expect(countyFiling.changes.removed).toEqual([]);
    expect(countyFiling.changes.changed).toEqual([]);
  });

  it('lets only the city acknowledge the county filing: the county itself gets 403', async () => {
    const path = `/v1/instructors/filings/${countyFiling.id}/acknowledge`;

    expectProblem(await callInstructors({ method: 'POST', path, claims: enshiShi }), 403, 'forbidden');
    const acknowledged = await callInstructors({ method: 'POST', path, claims: enshiZhou });

    expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: countyFiling.id, status: 'acknowledged', acknowledgedBy: enshiZhou.agencyId });
    expectProblem(await callInstructors({ method: 'POST', path, claims: enshiZhou }), 409, 'already-acknowledged');
  });

  it("files the city's list, which includes the county's appointments, with the province", async () => {
    const filed = await callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: enshiZhou, body: { asOf: today } });

    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    cityFiling = filed.body;
    expect(cityFiling).toMatchObject({ regionCode: '422800', level: 'city', filedWith: '420000', status: 'filed' });
    expect(cityFiling.entries).toEqual(expect.arrayContaining(countyFiling.entries));
  });

  it('lets the province acknowledge the city filing and see every filing of its region, by level too', async () => {
    const acknowledged = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/filings/${cityFiling.id}/acknowledge`,
      claims: hubei,
    });
    expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');

    const all = await everyItem({ method: 'GET', path: '/v1/instructors/filings', claims: hubei, query: { region: '420000' } });
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([countyFiling.id, cityFiling.id]));
    expect(all.find((f) => f.id === countyFiling.id).status).toBe('acknowledged');
    const counties = await everyItem({
      method: 'GET',
      path: '/v1/instructors/filings',
      claims: hubei,
      query: { region: '420000', level: 'county' },
    });
    expect(counties.map((f) => f.id)).toContain(countyFiling.id);
    expect(counties.map((f) => f.id)).not.toContain(cityFiling.id);
    expect(new Set(counties.map((f) => f.level))).toEqual(new Set(['county']));
  });

  it('shows exactly who came and who went in the next filing after an adjustment with successor and a new appointment', async () => {
    // Prepare: 谭敏 hands 胜利社区 to 田野; 黄河 joins 小渡船
    const adjusted = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${people.b.id}/adjustments`,
      claims: enshiShi,
      body: { reason: 'wish', successorId: people.d.id },
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(200);
    expect((await appoint(enshiShi, xiaodu.id, people.e.id)).status).toBe(201);

    // Act
    const filed = await callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: enshiShi, body: { asOf: today } });

    // Assess
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    secondFiling = filed.body;
    expect(secondFiling.previousFilingId).toBe(countyFiling.id);
    expect([...secondFiling.entries].sort(byKey)).toEqual(
      [entry(people.a, shengli), entry(people.d, shengli), entry(people.c, xiaodu), entry(people.e, xiaodu)].sort(byKey),
    );
    expect([...secondFiling.changes.added].sort(byKey)).toEqual([entry(people.d, shengli), entry(people.e, xiaodu)].sort(byKey));
    expect(secondFiling.changes.removed).toEqual([entry(people.b, shengli)]);
    expect(secondFiling.changes.changed).toEqual([]);
  });

  it('refuses a filing as of a date earlier than the latest with 409 and files nothing', async () => {
    const before = await everyItem({ method: 'GET', path: '/v1/instructors/filings', claims: enshiShi, query: { region: '422801' } });

    const late = await callInstructors({
      method: 'POST',
      path: '/v1/instructors/filings',
      claims: enshiShi,
      body: { asOf: day(today, -1) },
    });

    expectProblem(late, 409, 'filing-out-of-order');
    const after = await everyItem({ method: 'GET', path: '/v1/instructors/filings', claims: enshiShi, query: { region: '422801' } });
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
    expect(after.map((f) => f.id).sort()).toEqual([countyFiling.id, secondFiling.id].sort());
  });
});

describe('Reminders through the agenda sweep and the notifier', () => {
  const termSubject = '【指导员任期提醒】';
  const readjustmentSubject = '【指导员集中调整】';

  it("sends the appointing county's contact one 90-day and one 30-day term reminder, however often the sweep runs", {
    timeout: 60_000,
  }, async () => {
    // Prepare: 利川市 (never filed) appointed someone whose term ends in about 95 days
    const address = `lichuan-${tag}@example.cn`;
    await register(lichuan, '利川市民族宗教事务局', address);
    const unit = await newUnit(lichuan, '利川市都亭街道社区');
    const p = await newInstructor(lichuan, '任期将满');
    const appointedOn = day(plusYears(today, -3), 95);
    const appointed = await appoint(lichuan, unit.id, p.id, appointedOn);
    expect(appointed.status, JSON.stringify(appointed.body)).toBe(201);
    const termEndsOn = plusYears(appointedOn, 3);
    expect(appointed.body.termEndsOn).toBe(termEndsOn);
    const [on90, on30] = [day(termEndsOn, -90), day(termEndsOn, -30)];
    await drain();

    // Act
    await runSweep(on90);
    await runSweep(on90);
    await runSweep(on30);
    await deliverQueued();

    // Assess
    const emails = emailsTo(await waitForEmails((all) => emailsTo(all, address, termSubject).length >= 2), address, termSubject);
    expect(emails).toHaveLength(2);
    expect(emails.filter((e) => e.body.text?.includes('还有 90 天'))).toHaveLength(1);
    expect(emails.filter((e) => e.body.text?.includes('还有 30 天'))).toHaveLength(1);
    for (const e of emails) expect(e.subject).toBe(`${termSubject}${unit.name} ${p.name} ${termEndsOn} 届满`);

    // Act again: the same days swept once more
    await runSweep(on90);
    await runSweep(on30);
    await deliverQueued();
    expect(emailsTo(await sentEmails(), address, termSubject)).toHaveLength(2);
  });

  it('sends the county one collective readjustment reminder a year after its first appointment, once', { timeout: 60_000 }, async () => {
    // Prepare: 宣恩县's first appointment, today
    const address = `xuanen-${tag}@example.cn`;
    await register(xuanen, '宣恩县民族宗教事务局', address);
    const unit = await newUnit(xuanen, '宣恩县珠山镇社区');
    const p = await newInstructor(xuanen, '集中调整');
    expect((await appoint(xuanen, unit.id, p.id)).status).toBe(201);
    const reminderOn = plusYears(today, 1);
    await drain();

    // Act
    await runSweep(reminderOn);
    await deliverQueued();

    // Assess
    const emails = emailsTo(
      await waitForEmails((all) => emailsTo(all, address, readjustmentSubject).length >= 1),
      address,
      readjustmentSubject,
    );
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe(`${readjustmentSubject}宣恩县 ${plusYears(today, 3)}`);

    await runSweep(reminderOn);
    await deliverQueued();
    expect(emailsTo(await sentEmails(), address, readjustmentSubject)).toHaveLength(1);
  });
});

describe('Lists filtered by key: instructors by status, filings by level', () => {
  // 来凤县 (422827): one instructor of each status, and the county's filing
  const laifeng = authority('422827', 'laifeng-ethnic-affairs');
  let ids: Record<'active' | 'adjusted' | 'retired', string[]>;
  type Read = { index?: string; filter?: string; count?: number; scanned?: number };

  /** Runs `act`, recording every Query it sends: its index, its filter, what it returned and what it read. */
  async function queriesOf(act: () => Promise<unknown>): Promise<Read[]> {
    const { dynamo } = getClients();
    const reads: Read[] = [];
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand') {
          const input = args.input as { IndexName?: string; FilterExpression?: string };
          const output = result.output as { Count?: number; ScannedCount?: number };
          reads.push({ index: input.IndexName, filter: input.FilterExpression, count: output.Count, scanned: output.ScannedCount });
        }
        return result;
      },
      { step: 'initialize', name: 'recordQueries' },
    );
    try {
      await act();
    } finally {
      dynamo.middlewareStack.remove('recordQueries');
    }
    return reads;
  }

  /** Every instructor of 来凤县 with this status, one per page. */
  async function byStatus(status: string): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callInstructors({
        method: 'GET',
        path: '/v1/instructors',
        claims: laifeng,
        query: { region: '422827', status, limit: '1', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      found.push(
        ...page.body.items.map((i: { id: string; status: string }) => {
          expect(i.status).toBe(status);
          return i.id;
        }),
      );
      cursor = page.body.cursor;
    } while (cursor);
    return found.sort();
  }

  beforeAll(async () => {
    const unit = await newUnit(laifeng, '来凤县翔凤镇社区');
    const [a1, a2, adjusted, retired] = await Promise.all(['在库甲', '在库乙', '已调整', '已退出'].map((n) => newInstructor(laifeng, n)));
    expect((await appoint(laifeng, unit.id, adjusted!.id)).status).toBe(201);
    expect(
      (
        await callInstructors({
          method: 'POST',
          path: `/v1/instructors/${adjusted!.id}/adjustments`,
          claims: laifeng,
          body: { reason: 'performance' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await callInstructors({
          method: 'PATCH',
          path: `/v1/instructors/${retired!.id}`,
          claims: laifeng,
          headers: ifMatch(retired!.version),
          body: { status: 'retired' },
        })
      ).status,
    ).toBe(200);
    ids = { active: [a1!.id, a2!.id].sort(), adjusted: [adjusted!.id], retired: [retired!.id] };
  });

  it('pages through exactly the instructors of a status, after an adjustment and a retirement moved two of them', async () => {
    expect(await byStatus('active')).toEqual(ids.active);
    expect(await byStatus('adjusted')).toEqual(ids.adjusted);
    expect(await byStatus('retired')).toEqual(ids.retired);
  });

  it('reads a status from the filter index, with no filter expression: the page reads what it returns', async () => {
    const reads = await queriesOf(() => byStatus('active'));

    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read).toMatchObject({ index: 'filter', filter: undefined, scanned: read.count });
  });

  it('reads the filings of a level from the filter index too, and only that level', async () => {
    expect(
      (await callInstructors({ method: 'POST', path: '/v1/instructors/filings', claims: laifeng, body: { asOf: today } })).status,
    ).toBe(201);
    let counties: any[] = [];

    const reads = await queriesOf(async () => {
      counties = await everyItem({
        method: 'GET',
        path: '/v1/instructors/filings',
        claims: enshiZhou,
        query: { region: '422800', level: 'county' },
      });
    });

    expect(counties.map((f) => f.regionCode)).toContain('422827');
    expect(new Set(counties.map((f) => f.level))).toEqual(new Set(['county']));
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read).toMatchObject({ index: 'filter', filter: undefined, scanned: read.count });
  });
});

describe('Training', () => {
  it('lists active instructors without a training that year, not the trained one', async () => {
    // Prepare
    const trained = await newInstructor(jianshi, '已培训');
    const untrained = await newInstructor(jianshi, '未培训');

    // Act
    const recorded = await callInstructors({
      method: 'POST',
      path: `/v1/instructors/${trained.id}/trainings`,
      claims: jianshi,
      body: { date: '2026-03-15', title: '全州民族团结进步创建指导员培训班', hours: 16, organiser: '恩施州民族宗教事务委员会' },
    });

    // Assess
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const report = await everyItem({
      method: 'GET',
      path: '/v1/reports/training',
      claims: enshiZhou,
      query: { year: '2026', region: '422800' },
    });
    const ids = report.map((i) => i.id);
    expect(ids).toContain(untrained.id);
    expect(ids).not.toContain(trained.id);
    const other = await everyItem({
      method: 'GET',
      path: '/v1/reports/training',
      claims: enshiZhou,
      query: { year: '2025', region: '422800' },
    });
    expect(other.map((i) => i.id)).toEqual(expect.arrayContaining([trained.id, untrained.id]));
  });

  it('refuses a training dated in the future with 422 at /date and records nothing', async () => {
    const p = await newInstructor(jianshi, '未来培训');
    const path = `/v1/instructors/${p.id}/trainings`;

    const future = await callInstructors({
      method: 'POST',
      path,
      claims: jianshi,
      body: { date: day(today, 1), title: '尚未举办的培训', hours: 8, organiser: '建始县民宗局' },
    });

    expectProblem(future, 422, 'validation');
    expect(pointersOf(future)).toEqual(['/date']);
    expect((await callInstructors({ method: 'GET', path, claims: jianshi })).body.items).toEqual([]);
    expect((await callInstructors({ method: 'GET', path: `/v1/instructors/${p.id}`, claims: jianshi })).body).toMatchObject({
      trainedYears: [],
      version: p.version,
    });
  });
});

describe('Units without instructors', () => {
  it('lists a community without an instructor, not one with an instructor nor a unit of a type without heavy ethnic work', async () => {
    // Prepare
    const without = await newUnit(jianshi, '建始县茅田乡无指导员社区');
    const served = await newUnit(jianshi, '建始县茅田乡有指导员社区');
    const organ = await newUnit(jianshi, '建始县某机关', 'organ');
    const p = await newInstructor(jianshi, '茅田指导员');
    expect((await appoint(jianshi, served.id, p.id)).status).toBe(201);

    // Act
    const report = await everyItem({
      method: 'GET',
      path: '/v1/reports/units-without-instructors',
      claims: enshiZhou,
      query: { region: '422800' },
    });

    // Assess
    const ids = report.map((u) => u.unitId);
    expect(report.find((u) => u.unitId === without.id)).toEqual({
      unitId: without.id,
      name: without.name,
      type: 'community',
      regionCode: '422822',
    });
    expect(ids).not.toContain(served.id);
    expect(ids).not.toContain(organ.id);
  });
});

describe('Personal data', () => {
  let unit: Unit;
  let p: Awaited<ReturnType<typeof newInstructor>>;

  beforeAll(async () => {
    unit = await newUnit(jianshi, '建始县业州镇隐私社区');
    p = await newInstructor(jianshi, '隐私保护');
    expect((await appoint(jianshi, unit.id, p.id)).status).toBe(201);
    await createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn: today, issuedBy: enshiZhou.agencyId },
      { sub: 't', role: 'authority', agencyId: enshiZhou.agencyId, requestId: 't' },
      today,
      new Date().toISOString(),
    );
  });

  it('never shows instructors in the public registry', async () => {
    const listed = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '422822', limit: '100' } });

    expect(listed.status).toBe(200);
    expect(listed.raw).toContain(unit.name);
    for (const secret of [p.name, p.phone, p.email, p.id, 'instructor']) expect(listed.raw).not.toContain(secret);
  });

  it("gives a unit its instructors' names but no phone or email", async () => {
    const listed = await callInstructors({ method: 'GET', path: `/v1/units/${unit.id}/instructors`, claims: unitUser(unit.id, '422822') });

    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ instructorId: p.id, instructorName: p.name, status: 'active' })]);
    for (const secret of [p.phone, p.email, '"phone"', '"email"']) expect(listed.raw).not.toContain(secret);
  });

  it("gives a unit no instructor record and no other unit's instructors", async () => {
    const other = await newUnit(jianshi, '建始县业州镇邻居社区');
    const me = unitUser(other.id, '422822');

    expectProblem(await callInstructors({ method: 'GET', path: `/v1/units/${unit.id}/instructors`, claims: me }), 404, 'not-found');
    expectProblem(await callInstructors({ method: 'GET', path: `/v1/instructors/${p.id}`, claims: me }), 403, 'forbidden');
  });
});
