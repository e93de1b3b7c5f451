import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamValue, Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { logger } from '../../shared/logger.ts';
import { deliveryQueue, mainStore } from '../../shared/clients.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import {
  deliveryIdOf,
  envelopeOf,
  eventsOfChange,
  receives,
  yieldsEvents,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookEventType,
} from '../../shared/domain/webhooks.ts';
import * as webhooks from '../../shared/data/webhooks.ts';
import { enqueueDeliveries, type DeliveryMessage } from '../../shared/webhooks/queue.ts';
import type { Store } from '../../shared/data/store.ts';

/** How many deliveries are stored at once. */
const storedAtOnce = 25;

const imageOf = (image: Record<string, StreamValue> | undefined) =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

/** The region of an event whose item does not carry it (a recheck's is its naming's). */
async function regionOf(store: Store, event: WebhookEvent): Promise<string | undefined> {
  if (event.regionCode) return event.regionCode;
  const namingId = event.data.namingId;
  if (typeof namingId !== 'string') return undefined;
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: { pk: `NAMING#${namingId}`, sk: 'NAMING' } }));
  return Item?.regionCode as string | undefined;
}

/**
 * The main table's stream, a batch at a time: each change becomes its events (`eventsOfChange`), each event one
 * delivery per subscription that asked for its type and whose agency's region covers it — stored, then queued. A
 * record read twice makes the same delivery ids: one already stored is queued again only if it never got an attempt
 * (the earlier run may have stored it and failed before queueing), never twice delivered by this path. Any failure
 * fails the batch, which the event source retries (halving it, in AWS) before its own DLQ.
 */
async function publish(event: DynamoDBStreamEvent): Promise<{ deliveries: number }> {
  const store = mainStore();
  const subscribers = new Map<WebhookEventType, Promise<webhooks.Subscriber[]>>();
  const deliveries: WebhookDelivery[] = [];
  for (const record of event.Records) {
    const change = record.dynamodb;
    if (!change) continue;
    // Only the images of items whose changes stand for events are read: an audit entry's may hold an empty map inside
    // a map, which DynamoDB Local's stream renders as `{}` and unmarshalling refuses (failing the batch for good).
    const keys = imageOf(change.Keys);
    if (!keys || !yieldsEvents(String(keys.pk), String(keys.sk))) continue;
    const events = eventsOfChange(imageOf(change.OldImage), imageOf(change.NewImage));
    if (events.length === 0) continue;
    const at = new Date((change.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString();
    for (const found of events) {
      const regionCode = await regionOf(store, found);
      if (!regionCode) {
        logger.warn('An event without a region is not published', { type: found.type, key: found.key });
        continue;
      }
      if (!subscribers.has(found.type)) subscribers.set(found.type, webhooks.subscribersOf(store, found.type));
      const data = found.regionCode ? found.data : { ...found.data, regionCode };
      for (const subscriber of await subscribers.get(found.type)!) {
        if (!subscriber.enabled || !receives(subscriber.regionCode, { regionCode })) continue;
        deliveries.push({
          id: deliveryIdOf(subscriber.webhookId, found.key, at),
          webhookId: subscriber.webhookId,
          agencyId: subscriber.agencyId,
          type: found.type,
          body: envelopeOf(found.type, at, data),
          status: 'pending',
          attempts: 0,
          createdAt: new Date().toISOString(),
        });
      }
    }
  }
  // Stored side by side (each its own conditional put), then queued ten to a request.
  const messages: DeliveryMessage[] = [];
  for (let i = 0; i < deliveries.length; i += storedAtOnce) {
    await Promise.all(
      deliveries.slice(i, i + storedAtOnce).map(async (delivery) => {
        const stored = await webhooks.putDelivery(store, delivery);
        if (!stored.created && (stored.existing.attempts > 0 || stored.existing.status !== 'pending')) return;
        attributeShare(delivery.agencyId);
        messages.push({ deliveryId: delivery.id, webhookId: delivery.webhookId, agencyId: delivery.agencyId });
      }),
    );
  }
  await enqueueDeliveries(deliveryQueue(), messages);
  if (messages.length > 0) logger.info('Deliveries queued', { deliveries: messages.length, records: event.Records.length });
  return { deliveries: messages.length };
}

/** Consumer of the main table's stream (Lambda's DynamoDB event source; locally, the stream poller). */
export const handler = middy<DynamoDBStreamEvent, { deliveries: number }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(
    metering<DynamoDBStreamEvent, { deliveries: number }>({
      http: false,
      operation: () => 'webhook-publisher',
      agencyId: () => 'platform',
    }),
  )
  .handler(publish);
