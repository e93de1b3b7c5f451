import * as z from 'zod';
import { webhookCreate, webhookDelivery, webhookPatch, webhookSubscription, webhookWithSecret } from '../domain/webhooks.ts';
import { allOf, listOf, pageQuery } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';

const subscription = named(
  webhookSubscription,
  'WebhookSubscription',
  "A subscription of an agency's system to events (Standard Webhooks): where they go, which, and whether it is on.",
);
const withSecret = named(
  webhookWithSecret,
  'WebhookSubscriptionWithSecret',
  'A subscription with its signing secret (`whsec_…`): answered when made and when rotated, never again.',
);
const delivery = named(
  webhookDelivery,
  'WebhookDelivery',
  "One event's delivery to a subscription: its `webhook-id`, status, attempts and what the last attempt got back.",
);
const deliveryParams = z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });

/** What each route of the `webhooks` function accepts and answers. */
export const webhooksContract = {
  createWebhook: { body: named(webhookCreate, 'WebhookCreate'), response: withSecret, etag: true },
  listWebhooks: { response: allOf(subscription) },
  getWebhook: { response: subscription, etag: true },
  updateWebhook: { body: named(webhookPatch, 'WebhookPatch'), response: subscription, etag: true },
  deleteWebhook: {},
  rotateWebhookSecret: { response: withSecret, etag: true },
  pingWebhook: { response: delivery },
  listWebhookDeliveries: { query: pageQuery, response: listOf(delivery) },
  redeliverWebhookDelivery: { params: deliveryParams, response: delivery },
} satisfies Contract<'webhooks'>;
