import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startPollers, type Pollers } from '../../infra/local/queue-poller.ts';
import { sentEmails } from '../support/ses.ts';
import { lambdaContext } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';

/*
 * Proof: 200 namings with dates spread over 6 years; the sweep runs every day of a simulated year (twice every
 * seventh day); the queue delivers every message twice and SES fails 30% of calls. Every expected notice is sent
 * exactly once or sits in the DLQ — none lost, none doubled. This file has a table and a queue pair of its own.
 */

const tag = randomUUID().slice(0, 8);
const start = '2027-01-01';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sqs = new SQSClient({ region: 'us-east-1', endpoint: inject('endpoints').sqs, credentials });
let pollers: Pollers | undefined;

/** Plain day arithmetic, independent of the code under test. */
const day = (date: string, delta: number) => new Date(Date.parse(`${date}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
const plusYears = (date: string, years: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));
  return target.getUTCMonth() === d.getUTCMonth() ? target.toISOString().slice(0, 10) : day(target.toISOString().slice(0, 10), -1);
};

async function depth(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe('Proof: a simulated year of expiry notices under duplicates and mail failures', () => {
  let queue: { main: string; dlq: string };

  beforeAll(async () => {
    // A table and a queue pair of this file's own, before any module reads its configuration.
    await useOwnMainTable('proof');
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `proof-${tag}-dlq` }))).QueueUrl!;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const main = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `proof-${tag}`,
          Attributes: {
            VisibilityTimeout: '1',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 5 }),
          },
        }),
      )
    ).QueueUrl!;
    queue = { main, dlq };
    Object.assign(process.env, { QUEUE_NOTICES_URL: main, QUEUE_NOTICES_DLQ_URL: dlq });
  }, 60_000);

  afterAll(async () => {
    await pollers?.stop();
  });

  it('sends every expected notice exactly once, or leaves it in the DLQ', async () => {
    const { createUnit } = await import('../../shared/data/units.ts');
    const { createNaming } = await import('../../shared/data/namings.ts');
    const { listNotices } = await import('../../shared/data/notices.ts');
    const { mainStore } = await import('../../shared/clients.ts');
    const { getClients } = await import('../../shared/clients.ts');
    const { handler: sweep } = await import('../../functions/agenda-sweep/handler.ts');
    const store = mainStore();
    const actor = { sub: 'proof', role: 'authority', agencyId: 'hubei-ethnic-affairs', requestId: 'proof' };

    // Prepare: 200 namings, namedOn spread evenly over the six years before the simulated year
    const namings: { id: string; expiresOn: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const unit = await createUnit(
        store,
        {
          name: `证明${tag}单位${i}`,
          type: 'community',
          regionCode: '420102',
          zone: false,
          contacts: [{ name: '李明', email: `proof-${tag}-${i}@example.cn` }],
        },
        actor,
        new Date().toISOString(),
      );
      const namedOn = day(plusYears(start, -6), Math.floor((i * 2191) / 200));
      const naming = await createNaming(
        store,
        unit,
        { level: 'province', namedOn, issuedBy: 'hubei-ethnic-affairs' },
        actor,
        start,
        new Date().toISOString(),
      );
      namings.push({ id: naming.id, expiresOn: naming.expiresOn });
    }

    // Hand-derived expectation: the latest milestone passed on the first day, then every later one within the year;
    // the day after the last day (-1) tells only a naming that expired before the first day (its last day's notice
    // was never sent), later it only marks the naming expired.
    const end = day(start, 364);
    const expected = new Set<string>();
    for (const n of namings) {
      const milestones = [180, 90, 30, 7, 0, -1].map((d) => ({ d, date: day(n.expiresOn, -d) }));
      const passed = milestones.filter((m) => m.date <= start);
      if (passed.length > 0) expected.add(`naming#${n.id}#expiry#${passed.at(-1)!.d}`);
      for (const m of milestones) if (m.d >= 0 && m.date > start && m.date <= end) expected.add(`naming#${n.id}#expiry#${m.d}`);
    }

    // Faults: the queue delivers each message twice; SES fails 30% of calls (a seeded stream, so runs repeat)
    const { sqs: clientSqs, ses } = getClients();
    clientSqs.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'SendMessageBatchCommand') return next(args);
        const first = await next(args);
        await next(args);
        return first;
      },
      { step: 'initialize', name: 'duplicateDelivery' },
    );
    let seed = 20261123;
    let injected = 0;
    ses.middlewareStack.add(
      (next) => async (args) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        if (seed / 2 ** 31 < 0.3) {
          injected += 1;
          throw Object.assign(new Error('injected: ServiceUnavailable'), { name: 'ServiceUnavailable' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'mailFaults' },
    );

    // Act: consume with the local poller (visibility 1 s, DLQ after 5 receives) while sweeping every day
    pollers = startPollers(sqs, { notices: queue.main }, () => {});
    for (let d = 0; d < 365; d++) {
      const date = day(start, d);
      await sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));
      if (d % 7 === 0) await sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));
    }
    // Drained means empty for longer than the visibility timeout: a failed record comes back only after it.
    const deadline = Date.now() + 90_000;
    let emptySince = Date.now();
    while (Date.now() - emptySince < 2500 && Date.now() < deadline) {
      if ((await depth(queue.main)) > 0) emptySince = Date.now();
      await new Promise((r) => setTimeout(r, 250));
    }
    await pollers.stop();
    pollers = undefined;

    // Assess
    const sent = new Map<string, string>();
    for (const n of namings) {
      for (const delivery of (await listNotices(store, `naming#${n.id}`, 100)).items)
        if (delivery.status === 'sent') sent.set(delivery.id, delivery.providerMessageId!);
    }
    const dead = new Set<string>();
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) dead.add(JSON.parse(m.Body!).id);
    }
    const emails = (await sentEmails()).filter((e) => e.subject.includes(`证明${tag}`));

    expect(injected).toBeGreaterThan(0);
    expect(expected.size).toBeGreaterThan(200);
    // None lost: each expected notice was sent, or waits in the DLQ for a redrive.
    expect([...expected].filter((id) => !sent.has(id) && !dead.has(id))).toEqual([]);
    // Nothing unexpected: no other notice was sent or dead-lettered. (The DLQ may also hold the second copy of a notice
    // its first copy sent; redriving it is a no-op.)
    expect([...sent.keys()].filter((id) => !expected.has(id))).toEqual([]);
    expect([...dead].filter((id) => !expected.has(id))).toEqual([]);
    // None doubled: one email per notice sent, and each sent notice's provider id is one of them.
    expect(emails).toHaveLength(sent.size);
    const inbox = new Set(emails.map((e) => e.messageId));
    expect([...sent.values()].filter((id) => !inbox.has(id))).toEqual([]);
  }, 180_000);
});
