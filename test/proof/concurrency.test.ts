import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as instructors } from '../../functions/instructors/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { putAuthority } from '../../shared/data/authorities.ts';
import { createNaming } from '../../shared/data/namings.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import { listNotices } from '../../shared/data/notices.ts';
import { createPlan, createTask } from '../../shared/data/plans.ts';
import { createRecheck } from '../../shared/data/rechecks.ts';
import { createUnit } from '../../shared/data/units.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { lambdaContext, type Answer } from '../support/events.ts';
import { authority, unitUser } from '../support/callers.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { sentEmails } from '../support/ses.ts';
import {
  callCampaigns,
  callUnits,
  communitySheet,
  expectProblem,
  ifMatch,
  newUnit,
  openCampaign,
  unitBody,
  via,
} from '../support/workflow.ts';
import { drainQueue, deliverToNotifier } from '../support/notices-queue.ts';
import { day, plusYears } from '../support/dates.ts';

/*
 * Proof: concurrent writers. Many requests with the same If-Match on one submission or one unit, appointments racing
 * for the last places, and two agenda sweeps of the same day at once — every race has exactly one winner, every
 * counter counts every write, and every notice reaches its inbox once. Everything happens in 宜昌市 (420500), in a
 * table and a notices queue of this file's own (the sweeps run on a date in the future and read every due item).
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const yichang = authority('420500', 'yichang-ethnic-affairs');
const xiling = authority('420502', 'xiling-ethnic-affairs');
const callInstructors = via(instructors, 'instructors');
const actor = { sub: 'proof', role: 'authority', agencyId: 'yichang-ethnic-affairs', requestId: `proof-${tag}` };
let sqs: SQSClient;
let queueUrl: string;

/** The latest of `daysBefore` milestones of a deadline that has come by `on` (the one a sweep on that day notifies). */
const latestPassed = (deadline: string, daysBefore: readonly number[], on: string) =>
  daysBefore.filter((d) => day(deadline, -d) <= on).at(-1);

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort((a, b) => a - b);

beforeAll(async () => {
  await useOwnMainTable('proof-concurrency');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `proof-concurrency-${tag}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
});

describe('Proof: 50 writers with the same If-Match on one submission', () => {
  let submission: { id: string; version: number };
  let applicant: ReturnType<typeof unitUser>;

  beforeAll(async () => {
    const campaignId = await openCampaign(yichang, today, tag);
    const unit = await newUnit(yichang, `宜昌市西陵区并发申报社区${tag}`, '420502');
    applicant = unitUser(unit.id, unit.regionCode);
    const draft = await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: applicant, body: {} });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    submission = draft.body;
  });

  async function history(id: string): Promise<{ action: string }[]> {
    const page = await callCampaigns({ method: 'GET', path: `/v1/submissions/${id}/history`, claims: yichang, query: { limit: '100' } });
    expect(page.status).toBe(200);
    return page.body.items;
  }

  it('lets exactly one of 50 self-assessments win; 49 answer 412, the history holds one entry and the version moved by one', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        callCampaigns({
          method: 'PUT',
          path: `/v1/submissions/${submission.id}/self-assessment`,
          claims: applicant,
          headers: ifMatch(submission.version),
          body: { values: communitySheet() },
        }),
      ),
    );

    // Assess
    expect(statuses(answers), JSON.stringify(answers.find((a) => a.status !== 200 && a.status !== 412)?.body)).toEqual([
      200,
      ...Array(49).fill(412),
    ]);
    for (const a of answers.filter((x) => x.status === 412)) expectProblem(a, 412, 'stale-version');
    const read = await callCampaigns({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: yichang });
    expect(read.body).toMatchObject({ version: submission.version + 1, state: 'draft' });
    expect(read.headers.etag).toBe(`"${submission.version + 1}"`);
    expect((await history(submission.id)).filter((e) => e.action === 'selfAssess')).toHaveLength(1);
    submission = read.body;
  });

  it('lets exactly one of 50 submits win even when DynamoDB cancels every first attempt for a transaction conflict', async () => {
    // Prepare: DynamoDB Local runs transactions one at a time, so the conflicts AWS reports under contention are
    // injected — each writer's first attempt is cancelled. Inside the client's retry (shared/data/transactions.ts),
    // where DynamoDB's own answer arrives: added at its step, the injection would run first and never be retried.
    const { dynamo } = getClients();
    const conflicted = new WeakSet<object>();
    let injected = 0;
    dynamo.middlewareStack.addRelativeTo(
      (next: any, context: any) => async (args: any) => {
        const transaction =
          context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(`SUB#${submission.id}`);
        if (transaction && !conflicted.has(args.input as object)) {
          conflicted.add(args.input as object);
          injected += 1;
          throw Object.assign(
            new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]'),
            {
              name: 'TransactionCanceledException',
              $fault: 'client',
              $metadata: {},
              CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
            },
          );
        }
        return next(args);
      },
      { relation: 'after', toMiddleware: 'retryTransactionConflicts', name: 'proofTransactionConflicts' },
    );

    // Act
    let answers: Answer[];
    try {
      answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          callCampaigns({
            method: 'POST',
            path: `/v1/submissions/${submission.id}/transitions`,
            claims: applicant,
            headers: ifMatch(submission.version),
            body: { action: 'submit' },
          }),
        ),
      );
    } finally {
      dynamo.middlewareStack.remove('proofTransactionConflicts');
    }

    // Assess
    expect(injected).toBeGreaterThanOrEqual(1);
    expect(statuses(answers), JSON.stringify(answers.find((a) => a.status !== 200 && a.status !== 412)?.body)).toEqual([
      200,
      ...Array(49).fill(412),
    ]);
    const read = await callCampaigns({ method: 'GET', path: `/v1/submissions/${submission.id}`, claims: yichang });
    expect(read.body).toMatchObject({ version: submission.version + 1, state: 'submitted' });
    const steps = await history(submission.id);
    expect(steps.filter((e) => e.action === 'submit')).toHaveLength(1);
    expect(steps.map((e) => e.action)).toEqual(['createSubmission', 'selfAssess', 'submit']);
  });
});

describe('Proof: 20 appointments racing for the 2 places of a unit', () => {
  // The full story (adjustments, successors, an injected TransactionConflict) is in test/integration/instructors.test.ts.
  it('appoints exactly 2; the other 18 answer 409 instructor-limit and leave nothing behind', async () => {
    // Prepare
    const unit = await newUnit(xiling, `宜昌市西陵区指导员并发社区${tag}`, '420502');
    const pool = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const created = await callInstructors({
          method: 'POST',
          path: '/v1/instructors',
          claims: xiling,
          body: {
            name: `并发指导员${i}`,
            gender: 'female',
            phone: `139${String(Date.now() % 1e4).padStart(4, '0')}${String(i).padStart(4, '0')}`,
            email: `instr-${tag}-${i}@example.cn`,
            employer: '西陵区民族宗教事务局',
            position: '民族团结进步创建指导员',
            regionCode: '420502',
            source: 'unit-recommendation',
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.id as string;
      }),
    );

    // Act
    const answers = await Promise.all(
      pool.map((instructorId) =>
        callInstructors({
          method: 'POST',
          path: `/v1/units/${unit.id}/instructors`,
          claims: xiling,
          body: { instructorId, appointedOn: today },
        }),
      ),
    );

    // Assess
    expect(statuses(answers)).toEqual([...Array(2).fill(201), ...Array(18).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expectProblem(a, 409, 'instructor-limit');
    const listed = await callInstructors({ method: 'GET', path: `/v1/units/${unit.id}/instructors`, claims: xiling });
    expect(listed.body.items.map((a: { instructorId: string }) => a.instructorId).sort()).toEqual(
      answers
        .filter((a) => a.status === 201)
        .map((a) => a.body.instructorId)
        .sort(),
    );
  });
});

describe('Proof: 30 unit registrations and 30 PATCHes of one unit at once', () => {
  it('keeps every write: one PATCH wins, 29 answer 412, and the counters count all 31 units', async () => {
    // Prepare: the unit every PATCH races for, at version 1
    const target = await newUnit(yichang, `宜昌市伍家岗区争用社区${tag}`, '420503');

    // Act: each PATCH renames it and makes it a village; the registrations add communities to the same county
    const [created, patched] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          callUnits({
            method: 'POST',
            path: '/v1/units',
            claims: yichang,
            body: unitBody(`宜昌市伍家岗区新社区${tag}-${i}`, '420503', `new-${tag}-${i}@example.cn`),
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          callUnits({
            method: 'PATCH',
            path: `/v1/units/${target.id}`,
            claims: yichang,
            headers: ifMatch(1),
            body: { name: `宜昌市伍家岗区改名村${tag}-${i}`, type: 'village' },
          }),
        ),
      ),
    ]);

    // Assess
    expect(statuses(created)).toEqual(Array(30).fill(201));
    expect(statuses(patched)).toEqual([200, ...Array(29).fill(412)]);
    for (const a of patched.filter((x) => x.status === 412)) expectProblem(a, 412, 'stale-version');
    const winner = patched.find((a) => a.status === 200)!.body;
    const read = await callUnits({ method: 'GET', path: `/v1/units/${target.id}`, claims: yichang });
    expect(read.body).toMatchObject({ version: 2, name: winner.name, type: 'village' });
    for (const a of created) expect((await callUnits({ method: 'GET', path: `/v1/units/${a.body.id}`, claims: yichang })).status).toBe(200);

    const store = mainStore();
    const counter = await store.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: 'COUNTER', sk: 'units' }, ConsistentRead: true }),
    );
    const units = (
      await store.doc.send(
        new QueryCommand({
          TableName: store.table,
          IndexName: 'region',
          KeyConditionExpression: 'regionPk = :p',
          ExpressionAttributeValues: { ':p': 'unit#42' },
        }),
      )
    ).Items!;
    expect(Number(counter.Item?.count)).toBe(units.length);
    expect(units.filter((u) => String(u.regionCode) === '420503')).toHaveLength(31);
    const coverage = await store.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: 'COVERAGE#420503', sk: 'UNITS' }, ConsistentRead: true }),
    );
    expect(coverage.Item).toMatchObject({ community: 30, village: 1 });
    const audit = (
      await store.doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
          ExpressionAttributeValues: { ':pk': `UNIT#${target.id}`, ':a': 'AUDIT#' },
        }),
      )
    ).Items!;
    expect(audit.map((e) => e.action).sort()).toEqual(['createUnit', 'updateUnit']);
  });
});

describe('Proof: two agenda sweeps of the same day at once', () => {
  const drain = () => drainQueue(sqs, queueUrl);

  const deliver = deliverToNotifier;

  it('moves each due item once, queues each notice at most once per sweep, and — delivered twice — mails each once', async () => {
    // Prepare: on `on`, 8 namings (expiry reminders), 4 rechecks and 4 plan tasks are due; one more task is not yet
    const on = day(today, 35);
    const store = mainStore();
    const now = new Date().toISOString();
    await putAuthority(
      store,
      `yichang-task-office-${tag}`,
      { name: '宜昌市创建办', regionCode: '420500', contacts: [{ name: '周敏', email: `office-${tag}@example.cn` }] },
      actor,
      now,
    );
    const namings: Naming[] = [];
    for (let i = 0; i < 8; i++) {
      const unit = await createUnit(store, unitBody(`宜昌证明${tag}社区${i}`, '420502', `sweep-${tag}-${i}@example.cn`), actor, now);
      namings.push(
        await createNaming(
          store,
          unit,
          { level: 'city', namedOn: plusYears(day(today, 60 + 4 * i), -5), issuedBy: 'yichang-ethnic-affairs' },
          actor,
          today,
          now,
        ),
      );
    }
    const rechecks = await Promise.all(
      [2, 5, 9, 13].map((d, i) =>
        createRecheck(store, namings[i]!, { kind: 'recheck', dueOn: day(on, d), assignees: ['宜昌市民宗委'] }, today, now),
      ),
    );
    const plan = await createPlan(
      store,
      { title: `宜昌证明${tag}创建规划`, regionCode: '420500', phases: [{ name: '实施', from: today, to: day(today, 400) }], targets: [] },
      actor,
      now,
    );
    const tasks = await Promise.all(
      [1, 4, 7, -3, 20].map((d, i) =>
        createTask(
          store,
          plan,
          {
            title: `宜昌证明${tag}任务${i}`,
            responsibleAgency: `yichang-task-office-${tag}`,
            phase: '实施',
            dueOn: day(on, d),
            measure: '完成台账',
          },
          actor,
          today,
          now,
        ),
      ),
    );

    // Hand-derived expectation: for each item, the latest milestone passed by `on`
    const expected = new Set<string>();
    for (const n of namings) expected.add(`naming#${n.id}#expiry#${latestPassed(n.expiresOn, [180, 90, 30, 7, 0], on)}`);
    for (const r of rechecks) {
      const m = latestPassed(r.dueOn, [14, 3, -1], on)!;
      expected.add(`recheck#${r.id}#recheck#${m < 0 ? 'overdue' : m}`);
    }
    const dueTasks = tasks.filter((t) => latestPassed(t.dueOn, [7, 1, -1], on) !== undefined);
    for (const t of dueTasks) {
      const m = latestPassed(t.dueOn, [7, 1, -1], on)!;
      expected.add(`task#${t.id}#due#${m < 0 ? 'overdue' : m}`);
    }
    expect(dueTasks).toHaveLength(4);

    // Act: two sweeps of the same day at once
    const runs = (await Promise.all(
      [1, 2].map(() => sweep({ schedule: 'agenda-sweep', date: on }, lambdaContext('agenda-sweep'))),
    )) as unknown as Record<string, { due: number; queued: number; advanced: number }>[];
    const queued = await drain();

    // Assess: each item moved by exactly one of the sweeps; each notice queued by each sweep at most once
    const sum = (kind: string, field: 'queued' | 'advanced') => runs.reduce((total, run) => total + run[kind]![field], 0);
    expect(sum('naming-expiry', 'advanced')).toBe(namings.length);
    expect(sum('recheck', 'advanced')).toBe(rechecks.length);
    expect(sum('task-due', 'advanced')).toBe(dueTasks.length);
    expect(queued).toHaveLength(
      runs.reduce((total, run) => total + Object.values(run).reduce((n, c) => n + (typeof c === 'object' ? c.queued : 0), 0), 0),
    );
    const copies = new Map<string, number>();
    for (const n of queued) copies.set(n.id, (copies.get(n.id) ?? 0) + 1);
    expect(new Set(copies.keys())).toEqual(expected);
    expect([...copies.values()].every((c) => c <= runs.length)).toBe(true);

    // Act: the queue delivers every message twice, both copies at once; failed records come back until none fail
    let pending = await Promise.all([deliver(queued), deliver(queued)]).then((f) => f.flat());
    for (let round = 0; pending.length > 0 && round < 5; round++) pending = await deliver(pending);

    // Assess: one email per notice, each the one its delivery record names
    expect(pending).toEqual([]);
    const emails = (await sentEmails()).filter((e) => e.subject.includes(`宜昌证明${tag}`));
    expect(emails).toHaveLength(expected.size);
    const deliveries = [
      ...(await Promise.all(namings.map((n) => listNotices(store, `naming#${n.id}`, 100)))).flatMap((p) => p.items),
      ...(await listNotices(store, `plan#${plan.id}`, 100)).items,
    ];
    expect(new Set(deliveries.map((d) => d.id))).toEqual(expected);
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    expect(new Set(deliveries.map((d) => d.providerMessageId))).toEqual(new Set(emails.map((e) => e.messageId)));

    // And a third sweep of the day finds nothing left to do
    const again = (await sweep({ schedule: 'agenda-sweep', date: on }, lambdaContext('agenda-sweep'))) as unknown as Record<
      string,
      { due: number }
    >;
    expect([again['naming-expiry']!.due, again.recheck!.due, again['task-due']!.due]).toEqual([0, 0, 0]);
  });
});
