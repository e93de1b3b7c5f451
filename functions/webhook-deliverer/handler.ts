import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { getConfig } from '../../shared/config.ts';
import { deliveryQueue, mainStore, noticeQueue } from '../../shared/clients.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import { failingTooLong, retriesExhausted, retryDelaySeconds } from '../../shared/domain/webhooks.ts';
import * as webhooks from '../../shared/data/webhooks.ts';
import { getAuthority } from '../../shared/data/authorities.ts';
import { deliveryMessage, postpone, toDeadLetters, type DeliveryMessage } from '../../shared/webhooks/queue.ts';
import { secretSealer } from '../../shared/webhooks/secrets.ts';
import { signedHeaders } from '../../shared/webhooks/signing.ts';
import { postSigned } from '../../shared/webhooks/post.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { webhookDisabledNotice } from '../../shared/notices/templates.ts';

/** Opened secrets by their sealed text: a warm instance asks KMS once per secret, not once per delivery. */
const opened = new Map<string, string>();

async function openSecret(sealed: string, webhookId: string): Promise<string> {
  const key = `${webhookId}\n${sealed}`;
  let secret = opened.get(key);
  if (secret === undefined) {
    secret = await (await secretSealer(getConfig())).open(sealed, webhookId);
    opened.set(key, secret);
  }
  return secret;
}

/** Tells the agency its subscription was disabled (the notice id makes it once per disabling). */
async function tellDisabled(record: webhooks.SubscriptionRecord, failingSince: string, at: string): Promise<void> {
  const { subscription } = record;
  const authority = await getAuthority(mainStore(), subscription.agencyId);
  if (!authority) return logger.warn('A disabled subscription has no agency in the directory to tell', { webhookId: subscription.id });
  const notice = webhookDisabledNotice(authority.name, { ...subscription, failingSince, disabledAt: at });
  await enqueueNotices(noticeQueue(), [
    {
      id: `webhook#${subscription.id}#disabled#${failingSince}`,
      to: authority.contacts.map((c) => c.email),
      ...notice,
      agencyId: subscription.agencyId,
      about: `webhook#${subscription.id}`,
      kind: 'webhook-disabled',
    },
  ]);
}

/** The subscriptions one batch's deliveries go to, each read once per batch (a batch is mostly one subscription's). */
type Subscriptions = Map<string, Promise<webhooks.SubscriptionRecord | undefined>>;

/** The deliveries this instance is attempting now. */
const underWay = new Set<string>();

/** One queued delivery, unless a copy of it is under way in this batch (the same change published twice). */
async function deliver(record: SQSRecord, subscriptions: Subscriptions): Promise<void> {
  const message = deliveryMessage.parse(JSON.parse(record.body));
  if (underWay.has(message.deliveryId)) return logger.info('A copy of a delivery under way is dropped', { deliveryId: message.deliveryId });
  underWay.add(message.deliveryId);
  try {
    await attempt(record, message, subscriptions);
  } finally {
    underWay.delete(message.deliveryId);
  }
}

/**
 * One queued delivery: read it and its subscription, give up after its 24-hour window (to the DLQ), hold it while
 * the subscription is off, else POST it signed with every secret in force. A failure hides the message for its
 * backoff and fails the record, so the queue brings it back; 3 days of failures disable the subscription.
 */
async function attempt(record: SQSRecord, message: DeliveryMessage, subscriptions: Subscriptions): Promise<void> {
  attributeShare(message.agencyId);
  const store = mainStore();
  const key = `${message.agencyId}\n${message.webhookId}`;
  if (!subscriptions.has(key)) subscriptions.set(key, webhooks.getSubscription(store, message.agencyId, message.webhookId));
  const [delivery, subscription] = await Promise.all([
    webhooks.getDelivery(store, message.webhookId, message.deliveryId, true),
    subscriptions.get(key)!,
  ]);
  if (!delivery || delivery.status === 'delivered') return;
  const now = new Date().toISOString();
  if (!subscription) return webhooks.recordAttempt(store, delivery, { status: 'cancelled', at: now }, false);
  if (!subscription.subscription.enabled) return webhooks.recordAttempt(store, delivery, { status: 'held', at: now }, false);
  if (delivery.windowStartedAt && retriesExhausted(delivery.windowStartedAt, now)) {
    await toDeadLetters(deliveryQueue(), message);
    await webhooks.recordAttempt(store, delivery, { status: 'dead', at: now }, false);
    return logger.warn('Delivery given up after its retry window', { deliveryId: delivery.id, webhookId: delivery.webhookId });
  }
  const inForce = subscription.secrets.filter((s) => s.until === undefined || s.until > now);
  const secrets = await Promise.all(inForce.map((s) => openSecret(s.sealed, subscription.subscription.id)));
  const local = getConfig().STAGE === 'local';
  const result = await postSigned(
    subscription.subscription.url,
    signedHeaders(secrets, delivery.id, new Date(now), delivery.body),
    delivery.body,
    local,
  );
  await webhooks.recordAttempt(
    store,
    delivery,
    { status: result.ok ? 'delivered' : 'retrying', at: now, statusCode: result.statusCode, response: result.response },
    true,
  );
  if (result.ok) {
    if (subscription.subscription.failingSince) await webhooks.markRecovered(store, message.agencyId, message.webhookId, now);
    return;
  }
  const failingSince =
    subscription.subscription.failingSince ?? (await webhooks.markFailing(store, message.agencyId, message.webhookId, now));
  if (failingSince && failingTooLong(failingSince, now) && (await webhooks.disableFailing(store, subscription, failingSince, now)))
    await tellDisabled(subscription, failingSince, now);
  await postpone(deliveryQueue(), record.receiptHandle, retryDelaySeconds(delivery.attempts + 1, Math.random()));
  throw new Error(`Delivery ${delivery.id} failed (${result.statusCode ?? 'no answer'}); retried after its backoff`);
}

/** Consumer of the `webhooks` queue, with partial batch failures: the records of a batch are delivered concurrently. */
export const handler = middy<SQSEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(metering<SQSEvent, unknown>({ http: false, operation: () => 'webhook-deliverer', agencyId: () => 'platform' }))
  .handler((event, context) => {
    const subscriptions: Subscriptions = new Map();
    return processPartialResponse(event, (record: SQSRecord) => deliver(record, subscriptions), new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
    });
  });
