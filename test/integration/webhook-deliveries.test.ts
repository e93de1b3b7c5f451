import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateQueueCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler as deliverer } from '../../functions/webhook-deliverer/handler.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { mainStore } from '../../shared/clients.ts';
import { getDelivery } from '../../shared/data/webhooks.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { lambdaContext, type Answer } from '../support/events.ts';
import { callApi } from '../support/api.ts';
import { authority, unitUser } from '../support/callers.ts';
import { callCampaigns, callUnits, expectProblem, newUnit, openCampaign } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { drainQueue } from '../support/notices-queue.ts';
import { ownWebhookQueues, sqsEventOf, startReceiver, verified, WebhookPipeline, type Received } from '../support/webhooks.ts';

/*
 * The delivery pipeline of issue #21 on the emulators: retries against a receiver failing half the time (seeded),
 * de-duplication by `webhook-id`, the dead-letter queue after 24 hours and redelivery, secret rotation, disabling
 * after 3 days of failures, the 20-subscription limit and agency scope. The table, the queues (deliveries, their DLQ,
 * notices) and the receivers on loopback are this file's own; time is moved by writing the instants the deliverer
 * reads (a window's start, a failure's start, a secret's end) straight to the table.
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const hour = 60 * 60 * 1000;

let table: string;
let pipeline: WebhookPipeline;
let queues: Awaited<ReturnType<typeof ownWebhookQueues>>;
let noticesUrl: string;

beforeAll(async () => {
  table = await useOwnMainTable('webhook-deliveries', { stream: true });
  queues = await ownWebhookQueues(tag);
  noticesUrl = (await queues.sqs.send(new CreateQueueCommand({ QueueName: `webhook-notices-${tag}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = noticesUrl;
  pipeline = await WebhookPipeline.of(table, queues);
}, 60_000);

afterAll(() => {
  delete process.env.TABLE_MAIN;
});

/** mulberry32: a small seeded PRNG, so the receiver fails the same requests at every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const subscribe = (caller: Caller, url: string, events: string[] = ['submission.state-changed']) =>
  callApi({ method: 'POST', path: '/v1/webhooks', claims: caller, body: { url, events, description: `测试 ${tag}` } });

const ping = (caller: Caller, id: string) => callApi({ method: 'POST', path: `/v1/webhooks/${id}/ping`, claims: caller });

const deliveriesOf = async (caller: Caller, id: string) => {
  const listed = await callApi({ method: 'GET', path: `/v1/webhooks/${id}/deliveries`, claims: caller, query: { limit: '50' } });
  expect(listed.status, listed.raw).toBe(200);
  return listed.body.items as Record<string, unknown>[];
};

const getWebhook = (caller: Caller, id: string) => callApi({ method: 'GET', path: `/v1/webhooks/${id}`, claims: caller });

const idOf = (request: Received) => String(request.headers['webhook-id']);

/** Moves an attribute of an item of this file's table to another value, as if time had passed. */
async function rewrite(key: { pk: string; sk: string }, set: string, names: Record<string, string>, values: Record<string, unknown>) {
  await mainStore().doc.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${set}`,
      ConditionExpression: 'attribute_exists(pk)',
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    }),
  );
}

/** How many messages a queue holds, visible or hidden. */
async function queued(url: string): Promise<number> {
  const { Attributes = {} } = await queues.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
}

describe('Webhook deliveries', () => {
  it('delivers every event to a receiver failing half the time, one webhook-id per event, and never twice for a record read twice', {
    timeout: 180_000,
  }, async () => {
    const city = authority('420100', `wuhan-retry-${tag}`);
    const random = mulberry32(20261203);
    const receiver = await startReceiver(() => random() < 0.5);
    try {
      const created = await subscribe(city, receiver.url);
      expect(created.status, created.raw).toBe(201);
      const { id: webhookId, secret } = created.body as { id: string; secret: string };

      const campaignId = await openCampaign(city, today, tag);
      const units: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const unit = await newUnit(city, `江岸第${i}社区${tag}`, '420102');
        const applied = await callCampaigns({
          method: 'POST',
          path: `/v1/campaigns/${campaignId}/submissions`,
          claims: unitUser(unit.id, unit.regionCode),
          body: {},
        });
        expect(applied.status, applied.raw).toBe(201);
        units.push(unit.id);
      }

      // The stream's records published twice before any attempt (a second reader from the stream's start, as after
      // a publisher that stored its deliveries and failed before queueing them): each never-tried delivery is queued
      // again, under the same id, and the deliverer must still make one delivery of each.
      expect(await pipeline.publish()).toBe(6);
      expect(await (await WebhookPipeline.of(table, queues)).publish()).toBe(6);

      // Settled by hand, to look at the queue between a pass and the backoff it leaves behind.
      let hiddenSeen = 0;
      let passes = 0;
      for (;;) {
        passes += 1;
        expect(passes).toBeLessThan(50);
        await pipeline.publish();
        const { handed, failed } = await pipeline.deliverOnce();
        if (handed === 0) break;
        if (failed.length > 0) {
          // Every failed delivery waits hidden for its backoff: none is lost, none comes straight back.
          expect(await pipeline.hiddenCount()).toBe(failed.length);
          hiddenSeen += failed.length;
        }
        await pipeline.passBackoff(failed);
      }
      const refusedRequests = receiver.received.filter((r) => !r.accepted).length;
      expect(refusedRequests).toBeGreaterThan(0);
      expect(hiddenSeen).toBe(refusedRequests);

      // De-duplicated by webhook-id: six events, each accepted exactly once, each signed with the subscription's secret.
      const accepted = receiver.received.filter((r) => r.accepted);
      const ids = new Set(receiver.received.map(idOf));
      expect(ids.size).toBe(6);
      expect(accepted.map(idOf).sort()).toEqual([...ids].sort());
      const events = accepted.map((r) => verified(secret, r));
      expect(events.map((e) => e.type)).toEqual(Array(6).fill('submission.state-changed'));
      expect(events.map((e) => e.data.unitId).sort()).toEqual([...units].sort());
      // A retry is the same delivery: the same body under the same webhook-id.
      for (const request of receiver.received) {
        const first = receiver.received.find((r) => idOf(r) === idOf(request))!;
        expect(request.body).toBe(first.body);
      }

      const deliveries = await deliveriesOf(city, webhookId);
      expect(deliveries).toHaveLength(6);
      for (const delivery of deliveries) {
        const requests = receiver.received.filter((r) => idOf(r) === delivery.id).length;
        expect(delivery).toMatchObject({ status: 'delivered', attempts: requests, lastStatusCode: 200, lastResponse: 'ok' });
      }
      expect(deliveries.some((d) => (d.attempts as number) > 1)).toBe(true);

      // The same stream records read once more, now that all is delivered: nothing queued, nothing sent.
      const again = await WebhookPipeline.of(table, queues);
      expect(await again.publish()).toBe(0);
      expect(await pipeline.settle()).toBe(1);
      expect(receiver.received.length).toBe(refusedRequests + 6);
    } finally {
      await receiver.close();
    }
  });

  it('gives a delivery up after its 24-hour window to the dead-letter queue, and redelivers it under the same webhook-id', {
    timeout: 60_000,
  }, async () => {
    const agency = authority('420100', `wuhan-dlq-${tag}`);
    let failing = true;
    const receiver = await startReceiver(() => failing);
    try {
      const created = await subscribe(agency, receiver.url);
      expect(created.status, created.raw).toBe(201);
      const { id: webhookId, secret } = created.body as { id: string; secret: string };
      const pinged = await ping(agency, webhookId);
      expect(pinged.status, pinged.raw).toBe(202);
      const deliveryId = pinged.body.id as string;

      const first = await pipeline.deliverOnce();
      expect(first.handed).toBe(1);
      expect(first.failed).toHaveLength(1);
      expect(await deliveriesOf(agency, webhookId)).toMatchObject([
        { id: deliveryId, status: 'retrying', attempts: 1, lastStatusCode: 503 },
      ]);

      // As if 24 hours of failures had passed since the first attempt, and another hour.
      await rewrite(
        { pk: `HOOK#${webhookId}`, sk: `DELIVERY#${deliveryId}` },
        '#w = :w',
        { '#w': 'windowStartedAt' },
        {
          ':w': new Date(Date.now() - 25 * hour).toISOString(),
        },
      );
      await pipeline.passBackoff(first.failed);
      const last = await pipeline.deliverOnce();
      expect(last).toEqual({ handed: 1, failed: [] });
      // Given up without another attempt: the receiver got the one request only.
      expect(receiver.received).toHaveLength(1);
      expect(await deliveriesOf(agency, webhookId)).toMatchObject([{ id: deliveryId, status: 'dead', attempts: 1 }]);
      expect(await queued(queues.url)).toBe(0);
      const { Messages = [] } = await queues.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues.deadLetterUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      expect(Messages.map((m) => JSON.parse(m.Body!))).toEqual([{ deliveryId, webhookId, agencyId: agency.agencyId }]);

      failing = false;
      const redelivered = await callApi({
        method: 'POST',
        path: `/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`,
        claims: agency,
      });
      expect(redelivered.status, redelivered.raw).toBe(202);
      expect(redelivered.body).toMatchObject({ id: deliveryId, status: 'pending' });
      expect(redelivered.body.windowStartedAt).toBeUndefined();
      await pipeline.settle();
      expect(receiver.received).toHaveLength(2);
      expect(idOf(receiver.received[1]!)).toBe(deliveryId);
      expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
      expect(verified(secret, receiver.received[1]!).type).toBe('webhook.ping');
      const [delivery] = await deliveriesOf(agency, webhookId);
      expect(delivery).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 2, lastStatusCode: 200 });
      // The new window began at the redelivery's attempt, not 25 hours ago.
      expect(Date.now() - Date.parse(delivery!.windowStartedAt as string)).toBeLessThan(hour);
    } finally {
      await receiver.close();
    }
  });

  it('signs with the old and the new secret for the overlap after a rotation, then with the new one only', {
    timeout: 60_000,
  }, async () => {
    const agency = authority('420100', `wuhan-rotate-${tag}`);
    const receiver = await startReceiver();
    try {
      const created = await subscribe(agency, receiver.url);
      expect(created.status, created.raw).toBe(201);
      const { id: webhookId, secret: oldSecret } = created.body as { id: string; secret: string };
      const rotated = await callApi({
        method: 'POST',
        path: `/v1/webhooks/${webhookId}/rotate-secret`,
        claims: agency,
        headers: { 'if-match': created.headers.etag! },
      });
      expect(rotated.status, rotated.raw).toBe(200);
      const newSecret = rotated.body.secret as string;
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(oldSecret);
      const until = Date.parse(rotated.body.previousSecretUntil as string);
      expect(Math.abs(until - (Date.now() + 24 * hour))).toBeLessThan(60_000);

      expect((await ping(agency, webhookId)).status).toBe(202);
      await pipeline.settle();
      expect(receiver.received).toHaveLength(1);
      const during = receiver.received[0]!;
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verified(newSecret, during).type).toBe('webhook.ping');
      expect(verified(oldSecret, during).type).toBe('webhook.ping');

      // The overlap over: the old secret's end moved into the past.
      const past = new Date(Date.now() - 60_000).toISOString();
      await rewrite(
        { pk: `HOOKS#${agency.agencyId}`, sk: `HOOK#${webhookId}` },
        'secrets[1].#until = :past, previousSecretUntil = :past',
        { '#until': 'until' },
        { ':past': past },
      );
      expect((await ping(agency, webhookId)).status).toBe(202);
      await pipeline.settle();
      expect(receiver.received).toHaveLength(2);
      const after = receiver.received[1]!;
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verified(newSecret, after).type).toBe('webhook.ping');
      expect(() => verified(oldSecret, after)).toThrow();
    } finally {
      await receiver.close();
    }
  });

  it('disables a subscription failing for 3 days, tells its agency once, holds its deliveries, and delivers again once turned on', {
    timeout: 90_000,
  }, async () => {
    const agency = authority('420100', `wuhan-disable-${tag}`);
    const contact = `webhooks-${tag}@example.cn`;
    const registered = await callUnits({
      method: 'PUT',
      path: `/v1/authorities/${agency.agencyId}`,
      claims: agency,
      body: { name: '武汉市民族宗教事务委员会', regionCode: agency.region, contacts: [{ name: '李梅', email: contact }] },
    });
    expect(registered.status, registered.raw).toBe(200);
    await drainQueue(queues.sqs, noticesUrl);
    let failing = true;
    const receiver = await startReceiver(() => failing);
    try {
      const created = await subscribe(agency, receiver.url);
      expect(created.status, created.raw).toBe(201);
      const webhookId = created.body.id as string;
      const subscriptionKey = { pk: `HOOKS#${agency.agencyId}`, sk: `HOOK#${webhookId}` };

      // A first failure starts the failing period.
      expect((await ping(agency, webhookId)).status).toBe(202);
      const first = await pipeline.deliverOnce();
      expect(first.failed).toHaveLength(1);
      const failingNow = (await getWebhook(agency, webhookId)).body;
      expect(failingNow).toMatchObject({ enabled: true, failingSince: expect.any(String) });

      // Failing for 3 days and a minute; two more deliveries fail in one batch, concurrently.
      const since = new Date(Date.now() - (3 * 24 * 60 + 1) * 60_000).toISOString();
      await rewrite(subscriptionKey, 'failingSince = :since', {}, { ':since': since });
      const pings = [await ping(agency, webhookId), await ping(agency, webhookId)];
      expect(pings.map((p) => p.status)).toEqual([202, 202]);
      // Both handed to the deliverer in one event, as the event source would batch them (a receive may split them;
      // anything else it shows is the first ping, back early from its backoff: put back below).
      const wanted = new Set(pings.map((p) => p.body.id as string));
      const both = new Map<string, Message>();
      const others: Message[] = [];
      for (let tries = 0; both.size < 2 && tries < 50; tries++) {
        const { Messages = [] } = await queues.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queues.url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        for (const m of Messages)
          if (wanted.has(JSON.parse(m.Body!).deliveryId)) both.set(m.MessageId!, m);
          else others.push(m);
        if (Messages.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(both.size).toBe(2);
      const second = (await deliverer(sqsEventOf([...both.values()]), lambdaContext('webhook-deliverer'))) as SQSBatchResponse;
      expect(second.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([...both.keys()].sort());
      expect(receiver.received).toHaveLength(3);

      const disabled = await getWebhook(agency, webhookId);
      expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: since });
      const notices = await drainQueue(queues.sqs, noticesUrl);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ id: `webhook#${webhookId}#disabled#${since}`, to: [contact], kind: 'webhook-disabled' });

      // Their backoffs passed: the subscription is off, so they are held, not tried — and nobody is told again.
      const firstBack = others.some((m) => m.MessageId === first.failed[0]!.MessageId);
      await pipeline.passBackoff([...(firstBack ? others : [...others, ...first.failed]), ...both.values()]);
      const held = await pipeline.deliverOnce();
      expect(held).toEqual({ handed: 3, failed: [] });
      expect(receiver.received).toHaveLength(3);
      expect(await drainQueue(queues.sqs, noticesUrl)).toEqual([]);
      const deliveries = await deliveriesOf(agency, webhookId);
      expect(deliveries.map((d) => d.status)).toEqual(['held', 'held', 'held']);
      expect(deliveries.map((d) => d.attempts)).toEqual([1, 1, 1]);
      expectProblem(await ping(agency, webhookId), 409, 'subscription-disabled');

      failing = false;
      const turnedOn = await callApi({
        method: 'PATCH',
        path: `/v1/webhooks/${webhookId}`,
        claims: agency,
        headers: { 'if-match': disabled.headers.etag! },
        body: { enabled: true },
      });
      expect(turnedOn.status, turnedOn.raw).toBe(200);
      expect(turnedOn.body.enabled).toBe(true);
      expect(turnedOn.body.failingSince).toBeUndefined();
      expect(turnedOn.body.disabledReason).toBeUndefined();
      const pinged = await ping(agency, webhookId);
      expect(pinged.status, pinged.raw).toBe(202);
      await pipeline.settle();
      expect(receiver.received).toHaveLength(4);
      expect(idOf(receiver.received[3]!)).toBe(pinged.body.id);
      expect(receiver.received[3]!.accepted).toBe(true);
      expect((await deliveriesOf(agency, webhookId)).find((d) => d.id === pinged.body.id)).toMatchObject({ status: 'delivered' });
    } finally {
      await receiver.close();
    }
  });

  it('keeps at most 20 subscriptions per agency, hides them from other agencies, and cancels what is queued for a deleted one', {
    timeout: 120_000,
  }, async () => {
    const agency = authority('420100', `wuhan-limit-${tag}`);
    const other = authority('420100', `wuhan-other-${tag}`);
    const receiver = await startReceiver();
    try {
      const made: Answer[] = [];
      for (let i = 0; i < 20; i++) {
        const created = await subscribe(agency, receiver.url, ['naming.created']);
        expect(created.status, created.raw).toBe(201);
        made.push(created);
      }
      const listOf = async (caller: Caller) => {
        const listed = await callApi({ method: 'GET', path: '/v1/webhooks', claims: caller });
        expect(listed.status, listed.raw).toBe(200);
        return (listed.body.items as { id: string }[]).map((s) => s.id);
      };
      expectProblem(await subscribe(agency, receiver.url, ['naming.created']), 409, 'subscription-limit');
      expect((await listOf(agency)).sort()).toEqual(made.map((m) => m.body.id as string).sort());

      const gone = made[0]!;
      const deleted = await callApi({
        method: 'DELETE',
        path: `/v1/webhooks/${gone.body.id}`,
        claims: agency,
        headers: { 'if-match': gone.headers.etag! },
      });
      expect(deleted.status, deleted.raw).toBe(204);
      const refill = await subscribe(agency, receiver.url, ['naming.created']);
      expect(refill.status, refill.raw).toBe(201);
      expect(await listOf(agency)).toHaveLength(20);
      // The refused 21st moved nothing: one deleted makes room for exactly one.
      expectProblem(await subscribe(agency, receiver.url, ['naming.created']), 409, 'subscription-limit');
      expect(await listOf(other)).toEqual([]);

      // Another agency finds none of them (even with the right ETag).
      const mine = made[1]!.body.id as string;
      const ifMatch = { 'if-match': made[1]!.headers.etag! };
      for (const request of [
        { method: 'GET', path: `/v1/webhooks/${mine}` },
        { method: 'PATCH', path: `/v1/webhooks/${mine}`, body: { description: '别人的' }, headers: ifMatch },
        { method: 'DELETE', path: `/v1/webhooks/${mine}`, headers: ifMatch },
        { method: 'POST', path: `/v1/webhooks/${mine}/ping` },
        { method: 'POST', path: `/v1/webhooks/${mine}/rotate-secret`, headers: ifMatch },
        { method: 'GET', path: `/v1/webhooks/${mine}/deliveries` },
      ] as const)
        expectProblem(await callApi({ ...request, claims: other }), 404);
      expect(await getWebhook(agency, mine)).toMatchObject({ status: 200, body: { id: mine, enabled: true, version: 1 } });

      // Turned off by its agency: no ping.
      const off = await callApi({
        method: 'PATCH',
        path: `/v1/webhooks/${mine}`,
        claims: agency,
        headers: { 'if-match': made[1]!.headers.etag! },
        body: { enabled: false },
      });
      expect(off.status, off.raw).toBe(200);
      expect(off.body).toMatchObject({ enabled: false, disabledReason: 'by-agency' });
      expectProblem(await ping(agency, mine), 409, 'subscription-disabled');

      // Deleted with a delivery queued: the deliverer drops it when its turn comes.
      const doomed = made[2]!;
      const pinged = await ping(agency, doomed.body.id as string);
      expect(pinged.status, pinged.raw).toBe(202);
      const removed = await callApi({
        method: 'DELETE',
        path: `/v1/webhooks/${doomed.body.id}`,
        claims: agency,
        headers: { 'if-match': doomed.headers.etag! },
      });
      expect(removed.status, removed.raw).toBe(204);
      expect(await pipeline.deliverOnce()).toEqual({ handed: 1, failed: [] });
      expect(receiver.received).toEqual([]);
      expect(await getDelivery(mainStore(), doomed.body.id as string, pinged.body.id as string, true)).toMatchObject({
        status: 'cancelled',
        attempts: 0,
      });
      expect(await listOf(agency)).toHaveLength(19);
    } finally {
      await receiver.close();
    }
  });
});
