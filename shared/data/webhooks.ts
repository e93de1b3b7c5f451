import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError, NotFoundError, text } from '../domain/errors.ts';
import {
  maxSubscriptions,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookSubscription,
} from '../domain/webhooks.ts';
import { auditItem, type Actor } from './audit.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import {
  createWithAudit,
  inTable,
  isConditionFailure,
  queryAll,
  versionedWrite,
  writeAll,
  type Store,
  type TransactItem,
} from './store.ts';

/*
 * Access patterns (issue #21):
 * - an agency's subscriptions: Query pk=HOOKS#<agencyId>, sk begins_with HOOK# (one by id: GetItem); how many it keeps:
 *   the counter item sk=COUNT, moved in the same transaction as each create and delete (at most 20)
 * - the subscriptions of one event type (the publisher's fan-out): Query pk=WEBHOOKEVENT#<type> — one small item per
 *   subscription and type it asked for, rewritten with the subscription, carrying its agency, region and whether it is on
 * - a subscription's deliveries, newest first: Query pk=HOOK#<id>, sk begins_with DELIVERY# backwards (a delivery's id
 *   starts with the time of its change: `deliveryIdOf`); one by id: GetItem. No index: a delivery is written twice
 *   (made, attempted), and an index would double both writes. Deliveries expire 30 days after they are made (TTL).
 */

const partitionOf = (agencyId: string) => `HOOKS#${agencyId}`;
const keyOf = (agencyId: string, id: string) => ({ pk: partitionOf(agencyId), sk: `HOOK#${id}` });
const counterKey = (agencyId: string) => ({ pk: partitionOf(agencyId), sk: 'COUNT' });
const eventKey = (type: WebhookEventType, id: string) => ({ pk: `WEBHOOKEVENT#${type}`, sk: `HOOK#${id}` });
const deliveryKey = (webhookId: string, deliveryId: string) => ({ pk: `HOOK#${webhookId}`, sk: `DELIVERY#${deliveryId}` });

/** How long a delivery record is kept. */
const deliveryRetentionSeconds = 30 * 24 * 60 * 60;

/** A signing secret as stored: sealed; `until` on the one a rotation replaced (it signs too until then). */
export interface StoredSecret {
  sealed: string;
  until?: string;
}

/** A subscription with its sealed secrets: what the deliverer needs, never answered. */
export interface SubscriptionRecord {
  subscription: WebhookSubscription;
  secrets: StoredSecret[];
}

/** A subscription as the publisher's fan-out sees it. */
export interface Subscriber {
  webhookId: string;
  agencyId: string;
  regionCode: string;
  enabled: boolean;
}

function fromItem(item: Record<string, unknown>): SubscriptionRecord {
  const { pk: _pk, sk: _sk, kind: _kind, secrets, ...subscription } = item;
  return { subscription: subscription as unknown as WebhookSubscription, secrets: secrets as StoredSecret[] };
}

function itemOf(record: SubscriptionRecord): Record<string, unknown> {
  return {
    ...keyOf(record.subscription.agencyId, record.subscription.id),
    kind: 'webhook',
    ...record.subscription,
    secrets: record.secrets,
  };
}

/** The fan-out items of a subscription: one per event type it asks for. */
function eventItems(subscription: WebhookSubscription): TransactItem[] {
  return subscription.events.map((type) => ({
    Put: {
      TableName: '',
      Item: {
        ...eventKey(type, subscription.id),
        kind: 'webhook-event',
        webhookId: subscription.id,
        agencyId: subscription.agencyId,
        regionCode: subscription.regionCode,
        enabled: subscription.enabled,
      },
    },
  }));
}

const tooMany = () =>
  new ConflictError(
    text(
      `每个部门最多可保留 ${maxSubscriptions} 个订阅；请先删除不再使用的订阅。`,
      `An agency keeps at most ${maxSubscriptions} subscriptions; delete one it no longer uses first.`,
    ),
    'subscription-limit',
  );

/** Stores a new subscription with its audit entry, its fan-out items and its agency's count (refused past 20: 409). */
export async function createSubscription(store: Store, record: SubscriptionRecord, actor: Actor): Promise<void> {
  const { subscription } = record;
  await createWithAudit(store, {
    item: itemOf(record),
    audit: auditItem(partitionOf(subscription.agencyId), {
      actor,
      at: subscription.createdAt,
      action: 'createWebhook',
      after: subscription,
    }),
    extra: [
      {
        Update: {
          TableName: '',
          Key: counterKey(subscription.agencyId),
          UpdateExpression: 'ADD n :one SET kind = :kind',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': maxSubscriptions, ':kind': 'webhook-count' },
        },
      },
      ...eventItems(subscription),
    ],
    explain: async () => {
      if ((await countOf(store, subscription.agencyId)) >= maxSubscriptions) throw tooMany();
    },
  });
}

/** How many subscriptions an agency keeps. */
export async function countOf(store: Store, agencyId: string): Promise<number> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: counterKey(agencyId), ConsistentRead: true }));
  return Number(Item?.n ?? 0);
}

/** A subscription of this agency with its sealed secrets, if it has one with this id. */
export async function getSubscription(
  store: Store,
  agencyId: string,
  id: string,
  consistent = false,
): Promise<SubscriptionRecord | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(agencyId, id), ConsistentRead: consistent }));
  return Item ? fromItem(Item) : undefined;
}

/** This agency's subscription, or 404 (another agency's is not found either). */
export async function requireSubscription(store: Store, agencyId: string, id: string): Promise<SubscriptionRecord> {
  const record = await getSubscription(store, agencyId, id, true);
  if (!record) throw new NotFoundError(text(`没有订阅 ${id}。`, `No subscription ${id}.`));
  return record;
}

/** Every subscription of an agency, oldest first. */
export async function listSubscriptions(store: Store, agencyId: string): Promise<WebhookSubscription[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hook)',
    ExpressionAttributeValues: { ':pk': partitionOf(agencyId), ':hook': 'HOOK#' },
  });
  return items.map((item) => fromItem(item).subscription).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Writes a subscription's next version (its fan-out items follow: the types it no longer asks for are deleted, the
 * others rewritten), if it is still at the version `before` had.
 */
export async function updateSubscription(
  store: Store,
  before: SubscriptionRecord,
  after: SubscriptionRecord,
  actor: Actor,
  action: string,
): Promise<void> {
  const { agencyId, id } = before.subscription;
  const dropped = before.subscription.events.filter((type) => !after.subscription.events.includes(type));
  await versionedWrite(store, {
    item: itemOf(after),
    expectedVersion: before.subscription.version,
    audit: auditItem(partitionOf(agencyId), {
      actor,
      at: after.subscription.updatedAt,
      action,
      before: before.subscription,
      after: after.subscription,
    }),
    extra: [...dropped.map((type) => ({ Delete: { TableName: '', Key: eventKey(type, id) } })), ...eventItems(after.subscription)],
    current: async () => (await getSubscription(store, agencyId, id, true))?.subscription,
  });
}

/** Deletes a subscription, its fan-out items and one from its agency's count, with its audit entry. */
export async function deleteSubscription(store: Store, record: SubscriptionRecord, actor: Actor, at: string): Promise<void> {
  const { subscription } = record;
  await writeAll(
    store,
    [
      {
        Delete: {
          TableName: '',
          Key: keyOf(subscription.agencyId, subscription.id),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': subscription.version },
        },
      },
      {
        Update: {
          TableName: '',
          Key: counterKey(subscription.agencyId),
          UpdateExpression: 'ADD n :less',
          ExpressionAttributeValues: { ':less': -1 },
        },
      },
      ...subscription.events.map((type) => ({ Delete: { TableName: '', Key: eventKey(type, subscription.id) } })),
      {
        Put: {
          TableName: '',
          Item: auditItem(partitionOf(subscription.agencyId), { actor, at, action: 'deleteWebhook', before: subscription }),
        },
      },
    ],
    async () => {
      if (!(await getSubscription(store, subscription.agencyId, subscription.id, true))) throw new NotFoundError();
    },
  );
}

/** The subscriptions that asked for an event type (the publisher filters them by region and whether they are on). */
export async function subscribersOf(store: Store, type: WebhookEventType): Promise<Subscriber[]> {
  const items = await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `WEBHOOKEVENT#${type}` } });
  return items.map((item) => ({
    webhookId: String(item.webhookId),
    agencyId: String(item.agencyId),
    regionCode: String(item.regionCode),
    enabled: item.enabled === true,
  }));
}

/**
 * Records that a subscription's delivery failed: `failingSince` is set by the first failure after a success (a
 * conditional write, so concurrent failures keep the earliest). Returns when it has been failing since.
 */
export async function markFailing(store: Store, agencyId: string, id: string, at: string): Promise<string | undefined> {
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(agencyId, id),
        UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.failingSince as string | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Records a success after failures: the subscription is no longer failing. Written only when it was. */
export async function markRecovered(store: Store, agencyId: string, id: string, at: string): Promise<void> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(agencyId, id),
        UpdateExpression: 'REMOVE failingSince SET lastSuccessAt = :at',
        ConditionExpression: 'attribute_exists(failingSince)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Disables a subscription that has been failing since `failingSince` (only if it is still on and still failing since
 * then: exactly one caller wins, and tells the agency). Returns whether this call disabled it.
 */
export async function disableFailing(store: Store, record: SubscriptionRecord, failingSince: string, at: string): Promise<boolean> {
  const { subscription } = record;
  const after: WebhookSubscription = {
    ...subscription,
    failingSince,
    enabled: false,
    disabledReason: 'failing',
    disabledAt: at,
    updatedAt: at,
    version: subscription.version + 1,
  };
  // One transaction: the subscription off, its fan-out items off (the publisher then skips it), its audit entry.
  const items: TransactItem[] = [
    {
      Update: {
        TableName: '',
        Key: keyOf(subscription.agencyId, subscription.id),
        UpdateExpression: 'SET enabled = :off, disabledReason = :why, disabledAt = :at, updatedAt = :at, version = version + :one',
        ConditionExpression: 'enabled = :on AND failingSince = :since',
        ExpressionAttributeValues: { ':off': false, ':on': true, ':why': 'failing', ':at': at, ':one': 1, ':since': failingSince },
      },
    },
    ...eventItems(after),
    {
      Put: {
        TableName: '',
        Item: auditItem(partitionOf(subscription.agencyId), {
          actor: { sub: 'webhook-deliverer', role: 'system', agencyId: 'platform', requestId: `disable-${subscription.id}` },
          at,
          action: 'disableFailingWebhook',
          before: subscription,
          after,
        }),
      },
    },
  ];
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems: items.map((item) => inTable(store, item)) }));
  } catch (error) {
    // Another delivery disabled it first, or it recovered, or its agency changed it: not this call's to tell.
    if (isConditionFailure(error)) return false;
    throw error;
  }
  return true;
}

function deliveryFromItem(item: Record<string, unknown>): WebhookDelivery {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, ...delivery } = item;
  return delivery as unknown as WebhookDelivery;
}

/**
 * Stores a new delivery unless one with its id exists (the same change published twice); answers the stored one in
 * that case, so the publisher can tell a delivery never queued from one already under way.
 */
export async function putDelivery(
  store: Store,
  delivery: WebhookDelivery,
): Promise<{ created: true } | { created: false; existing: WebhookDelivery }> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: {
          ...deliveryKey(delivery.webhookId, delivery.id),
          kind: 'webhook-delivery',
          expiresAt: Math.floor(Date.parse(delivery.createdAt) / 1000) + deliveryRetentionSeconds,
          ...delivery,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (error) {
    const old = (error as { Item?: Record<string, unknown> }).Item;
    // The document client leaves this Item marshalled (aws/aws-sdk-js-v3#6723): read it in either form.
    const marshalled = old !== undefined && typeof old.pk === 'object';
    if (isConditionFailure(error) && old)
      return { created: false, existing: deliveryFromItem(marshalled ? unmarshall(old as Record<string, AttributeValue>) : old) };
    throw error;
  }
}

/** One delivery of a subscription. */
export async function getDelivery(
  store: Store,
  webhookId: string,
  deliveryId: string,
  consistent = false,
): Promise<WebhookDelivery | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: deliveryKey(webhookId, deliveryId), ConsistentRead: consistent }),
  );
  return Item ? deliveryFromItem(Item) : undefined;
}

/** What one attempt got: the delivery's new status and the answer (or why there was none). */
export interface AttemptOutcome {
  status: DeliveryStatus;
  at: string;
  statusCode?: number;
  response?: string;
}

/** Records an attempt (or a decision not to attempt: held, cancelled) on its delivery. */
export async function recordAttempt(store: Store, delivery: WebhookDelivery, outcome: AttemptOutcome, attempted: boolean): Promise<void> {
  const sets = ['#status = :status'];
  const values: Record<string, unknown> = { ':status': outcome.status };
  const removes: string[] = [];
  if (attempted) {
    sets.push(
      'attempts = if_not_exists(attempts, :zero) + :one',
      'lastAttemptAt = :at',
      'windowStartedAt = if_not_exists(windowStartedAt, :at)',
    );
    Object.assign(values, { ':zero': 0, ':one': 1, ':at': outcome.at });
    if (outcome.statusCode !== undefined) {
      sets.push('lastStatusCode = :code');
      values[':code'] = outcome.statusCode;
    } else removes.push('lastStatusCode');
    if (outcome.response !== undefined) {
      sets.push('lastResponse = :response');
      values[':response'] = outcome.response;
    }
    if (outcome.status === 'delivered') sets.push('deliveredAt = :at');
  }
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: deliveryKey(delivery.webhookId, delivery.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    }),
  );
}

/** Opens a new retry window on a delivery (a redelivery): pending again, its window starting at the next attempt. */
export async function reopenDelivery(store: Store, delivery: WebhookDelivery): Promise<WebhookDelivery> {
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: deliveryKey(delivery.webhookId, delivery.id),
      UpdateExpression: 'SET #status = :pending REMOVE windowStartedAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return deliveryFromItem(Attributes!);
}

/** A page of a subscription's deliveries, newest first. */
export async function listDeliveries(store: Store, webhookId: string, limit: number, cursor?: string): Promise<Page<WebhookDelivery>> {
  const pk = `HOOK#${webhookId}`;
  const startKey = decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === pk && key.sk!.startsWith('DELIVERY#'));
  return queryPage(
    store,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :delivery)',
      ExpressionAttributeValues: { ':pk': pk, ':delivery': 'DELIVERY#' },
      ScanIndexForward: false,
    },
    limit,
    startKey,
    deliveryFromItem,
  );
}
