import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { deliveryIdOf, envelopeOf, type WebhookDelivery } from '../../shared/domain/webhooks.ts';
import * as webhooks from '../../shared/data/webhooks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { deliveryQueue, mainStore } from '../../shared/clients.ts';
import { enqueueDeliveries } from '../../shared/webhooks/queue.ts';
import { agencyOf } from './subscriptions.ts';

/** 409 when the subscription is off: nothing is delivered to it until its agency turns it on again. */
function requireEnabled(record: webhooks.SubscriptionRecord): void {
  if (!record.subscription.enabled)
    throw new ConflictError(
      text(`订阅 ${record.subscription.id} 已停用，请先重新启用。`, `Subscription ${record.subscription.id} is off; turn it on first.`),
      'subscription-disabled',
    );
}

/** `POST /v1/webhooks/{id}/ping`: a `webhook.ping` delivered like any event. */
export const pingWebhook: RouteImpl = async (request) => {
  const { agencyId } = agencyOf(request);
  const record = await webhooks.requireSubscription(mainStore(), agencyId, request.params.id!);
  requireEnabled(record);
  const webhookId = record.subscription.id;
  const delivery: WebhookDelivery = {
    id: deliveryIdOf(webhookId, `ping#${request.newId()}`, request.now),
    webhookId,
    agencyId,
    type: 'webhook.ping',
    body: envelopeOf('webhook.ping', request.now, { webhookId, agencyId }),
    status: 'pending',
    attempts: 0,
    createdAt: request.now,
  };
  await webhooks.putDelivery(mainStore(), delivery);
  await enqueueDeliveries(deliveryQueue(), [{ deliveryId: delivery.id, webhookId, agencyId }]);
  return { status: 202, body: delivery };
};

/** `GET /v1/webhooks/{id}/deliveries`: newest first, a page at a time. */
export const listWebhookDeliveries: RouteImpl<unknown, { limit: number; cursor?: string }> = async (request) => {
  const record = await webhooks.requireSubscription(mainStore(), agencyOf(request).agencyId, request.params.id!);
  const page = await webhooks.listDeliveries(mainStore(), record.subscription.id, request.query.limit, request.query.cursor);
  return { body: page };
};

/** `POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver`: the same `webhook-id`, a new 24-hour window. */
export const redeliverWebhookDelivery: RouteImpl = async (request) => {
  const { agencyId } = agencyOf(request);
  const record = await webhooks.requireSubscription(mainStore(), agencyId, request.params.id!);
  requireEnabled(record);
  const found = await webhooks.getDelivery(mainStore(), record.subscription.id, request.params.deliveryId!, true);
  if (!found) throw new NotFoundError(text(`没有投递记录 ${request.params.deliveryId}。`, `No delivery ${request.params.deliveryId}.`));
  const delivery = await webhooks.reopenDelivery(mainStore(), found);
  await enqueueDeliveries(deliveryQueue(), [{ deliveryId: delivery.id, webhookId: delivery.webhookId, agencyId }]);
  return { status: 202, body: delivery };
};
