import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import { urlProblems, type WebhookCreate, type WebhookPatch, type WebhookSubscription } from '../../shared/domain/webhooks.ts';
import * as webhooks from '../../shared/data/webhooks.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl, RouteRequest } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';
import { secretSealer } from '../../shared/webhooks/secrets.ts';
import { newSigningSecret } from '../../shared/webhooks/signing.ts';

/** How long the secret a rotation replaces still signs. */
const rotationOverlapMs = 24 * 60 * 60 * 1000;

/** The caller's agency: subscriptions belong to an agency, and a caller manages its own agency's only. */
export function agencyOf(request: RouteRequest): { agencyId: string; regionCode: string } {
  const { agencyId, region } = request.caller;
  if (!agencyId || !region)
    throw new ForbiddenError(
      text('只有属于某个部门的调用方才能管理 Webhook 订阅。', 'Only a caller acting for an agency manages webhook subscriptions.'),
    );
  return { agencyId, regionCode: region };
}

/** 422 when the URL breaks the rules (https only outside local mode, no private or loopback address, no credentials). */
function checkUrl(url: string, request: RouteRequest): void {
  const problems = urlProblems(url, request.config.STAGE === 'local');
  if (problems.length > 0) throw new ValidationError(problems.map((detail) => ({ pointer: '/url', detail })));
}

/** A subscription as answered: never a secret. */
const shown = (record: webhooks.SubscriptionRecord): WebhookSubscription => record.subscription;

/** `POST /v1/webhooks`: a subscription of the caller's agency; its secret answered this once. */
export const createWebhook: RouteImpl<WebhookCreate> = async (request) => {
  const { agencyId, regionCode } = agencyOf(request);
  checkUrl(request.body.url, request);
  const id = `wh_${request.newId()}`;
  const secret = newSigningSecret();
  const sealed = await (await secretSealer(request.config)).seal(secret, id);
  const subscription: WebhookSubscription = {
    id,
    agencyId,
    regionCode,
    url: request.body.url,
    events: request.body.events,
    ...(request.body.description ? { description: request.body.description } : {}),
    enabled: true,
    createdAt: request.now,
    updatedAt: request.now,
    version: 1,
  };
  await webhooks.createSubscription(mainStore(), { subscription, secrets: [{ sealed }] }, actorOf(request));
  return {
    status: 201,
    body: { ...subscription, secret },
    etag: subscription.version,
    headers: { location: `/v1/webhooks/${id}`, 'cache-control': 'no-store' },
  };
};

/** `GET /v1/webhooks`: the caller's agency's subscriptions. */
export const listWebhooks: RouteImpl = async (request) => {
  const { agencyId } = agencyOf(request);
  return { body: { items: await webhooks.listSubscriptions(mainStore(), agencyId) } };
};

/** `GET /v1/webhooks/{id}`: one of them (another agency's is not found). */
export const getWebhook: RouteImpl = async (request) => {
  const record = await webhooks.requireSubscription(mainStore(), agencyOf(request).agencyId, request.params.id!);
  return { body: shown(record), etag: record.subscription.version };
};

/** `PATCH /v1/webhooks/{id}`: its URL, events, description, or whether it is on (turning it on clears its failures). */
export const updateWebhook: RouteImpl<WebhookPatch> = async (request) => {
  const { body: patch } = request;
  const before = await webhooks.requireSubscription(mainStore(), agencyOf(request).agencyId, request.params.id!);
  checkIfMatch(request.ifMatch, before.subscription.version);
  if (patch.url !== undefined) checkUrl(patch.url, request);
  const { enabled, ...fields } = patch;
  let next: WebhookSubscription = { ...before.subscription, ...fields, updatedAt: request.now, version: before.subscription.version + 1 };
  if (enabled === true && !before.subscription.enabled) {
    const { disabledReason: _r, disabledAt: _a, failingSince: _f, ...on } = next;
    next = { ...on, enabled: true };
  } else if (enabled === false && before.subscription.enabled)
    next = { ...next, enabled: false, disabledReason: 'by-agency', disabledAt: request.now };
  const after = { ...before, subscription: next };
  await webhooks.updateSubscription(mainStore(), before, after, actorOf(request), 'updateWebhook');
  return { body: shown(after), etag: next.version };
};

/** `DELETE /v1/webhooks/{id}`: nothing more goes to it; what is queued for it is dropped when its turn comes. */
export const deleteWebhook: RouteImpl = async (request) => {
  const record = await webhooks.requireSubscription(mainStore(), agencyOf(request).agencyId, request.params.id!);
  checkIfMatch(request.ifMatch, record.subscription.version);
  await webhooks.deleteSubscription(mainStore(), record, actorOf(request), request.now);
  return { status: 204 };
};

/** `POST /v1/webhooks/{id}/rotate-secret`: a new secret, shown once; the one it replaces signs too for 24 hours. */
export const rotateWebhookSecret: RouteImpl = async (request) => {
  const before = await webhooks.requireSubscription(mainStore(), agencyOf(request).agencyId, request.params.id!);
  checkIfMatch(request.ifMatch, before.subscription.version);
  const secret = newSigningSecret();
  const sealed = await (await secretSealer(request.config)).seal(secret, before.subscription.id);
  const until = new Date(Date.parse(request.now) + rotationOverlapMs).toISOString();
  // The newest signs first; only the secret in force until now is kept beside it (an older one has no overlap left).
  const current = before.secrets.find((s) => s.until === undefined) ?? before.secrets[0]!;
  const subscription: WebhookSubscription = {
    ...before.subscription,
    previousSecretUntil: until,
    updatedAt: request.now,
    version: before.subscription.version + 1,
  };
  const after = { subscription, secrets: [{ sealed }, { sealed: current.sealed, until }] };
  await webhooks.updateSubscription(mainStore(), before, after, actorOf(request), 'rotateWebhookSecret');
  return { body: { ...subscription, secret }, etag: subscription.version, headers: { 'cache-control': 'no-store' } };
};
