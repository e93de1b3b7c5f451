import { httpFunction } from '../../shared/http/handler.ts';
import { webhooksContract } from '../../shared/contracts/webhooks.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, updateWebhook } from './subscriptions.ts';
import { listWebhookDeliveries, pingWebhook, redeliverWebhookDelivery } from './deliveries.ts';

/** Webhook subscriptions of agencies' systems, and their deliveries. */
export const handler = httpFunction('webhooks', webhooksContract, {
  createWebhook,
  listWebhooks,
  getWebhook,
  updateWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  pingWebhook,
  listWebhookDeliveries,
  redeliverWebhookDelivery,
});
