import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import * as z from 'zod';
import { says, text, type Text } from './errors.ts';
import { covers } from './regions.ts';
import { lazySchema } from './schema.ts';

/*
 * Events for agency systems (issue #21): the catalogue of events a subscription may ask for, what each carries, the
 * rules a subscription's URL obeys, which addresses a delivery refuses, how a change of the table becomes events, and
 * when a failing delivery is tried again. Pure: the data layer, the publisher and the deliverer apply these.
 */

/** Every event a subscription may ask for (the OpenAPI document lists each under `webhooks`, with its payload). */
export const webhookEventTypes = [
  'submission.state-changed',
  'campaign.ranked',
  'campaign.finalized',
  'campaign.concluded',
  'naming.created',
  'naming.expiring',
  'naming.expired',
  'naming.revoked',
  'naming.renewed',
  'recheck.due',
  'recheck.overdue',
  'recheck.decided',
  'instructor.term-ending',
  'filing.submitted',
  'filing.acknowledged',
  'task.overdue',
  'task.reported',
] as const;

/** An event's name. */
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What each event tells, in Chinese first (the catalogue's descriptions). */
export const webhookEventNames: Record<WebhookEventType, string> = {
  'submission.state-changed': '申报状态变更 / a submission moved to another state',
  'campaign.ranked': '评选活动已排名 / a campaign was ranked',
  'campaign.finalized': "评选结果已确定、进入公示 / a campaign's results became final (public notice)",
  'campaign.concluded': '评选活动已结束 / a campaign concluded',
  'naming.created': '新命名 / a naming was made',
  'naming.expiring': '命名即将期满（提醒节点） / a naming reached an expiry reminder',
  'naming.expired': '命名已期满 / a naming expired',
  'naming.revoked': '命名已撤销 / a naming was revoked',
  'naming.renewed': '命名已由复评接续 / a naming was renewed (superseded by its renewal)',
  'recheck.due': '复查即将到期（提醒节点） / a recheck reached a reminder before its due date',
  'recheck.overdue': '复查已逾期 / a recheck is overdue',
  'recheck.decided': '复查已有结论 / a recheck was decided',
  'instructor.term-ending': "指导员任期即将届满 / an instructor's term is ending",
  'filing.submitted': '指导员备案已报送 / an instructor filing was submitted',
  'filing.acknowledged': '指导员备案已确认 / an instructor filing was acknowledged',
  'task.overdue': '任务已逾期 / a task is overdue',
  'task.reported': '任务进展已报送 / a task reported its progress',
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const region = z
  .string()
  .regex(/^\d{6}$/)
  .describe('the 6-digit region code of the resource (GB/T 2260)');

/**
 * Each event's `data`: ids, states and dates — never a name of a person, a contact or personal data. A receiver reads
 * the resource itself through the API when it needs more.
 */
export const webhookPayloads = {
  'submission.state-changed': z.object({
    submissionId: z.string(),
    campaignId: z.string(),
    unitId: z.string(),
    regionCode: region,
    from: z.string().describe('the state before'),
    to: z.string().describe('the state after'),
  }),
  campaign: z.object({
    campaignId: z.string(),
    level: z.string(),
    regionCode: region,
    status: z.string(),
    on: date.optional().describe("the day of the step: rankedOn, finalOn, or the decision's date of a conclusion"),
  }),
  naming: z.object({
    namingId: z.string(),
    unitId: z.string(),
    certificateNo: z.string(),
    kind: z.string().describe('unit, zone, base or individual'),
    level: z.string(),
    regionCode: region,
    status: z.string(),
    namedOn: date,
    expiresOn: date,
    daysLeft: z.number().int().optional().describe('naming.expiring: the reminder reached, in days before the last day'),
    revokedOn: date.optional(),
    supersededBy: z.string().optional().describe('naming.renewed: the naming that renews it'),
  }),
  recheck: z.object({
    recheckId: z.string(),
    namingId: z.string(),
    kind: z.string(),
    regionCode: region,
    status: z.string(),
    dueOn: date,
    daysLeft: z.number().int().optional().describe('recheck.due: the reminder reached, in days before the due date'),
  }),
  'instructor.term-ending': z.object({
    appointmentId: z.string(),
    instructorId: z.string(),
    unitId: z.string(),
    regionCode: region,
    termEndsOn: date,
    daysLeft: z.number().int(),
  }),
  filing: z.object({
    filingId: z.string(),
    regionCode: region,
    level: z.string(),
    status: z.string(),
    asOf: date,
  }),
  task: z.object({
    taskId: z.string(),
    planId: z.string(),
    regionCode: region,
    state: z.string(),
    percent: z.number(),
    dueOn: date.optional(),
  }),
} as const;

/** The payload schema of an event (events of one resource share theirs). */
export function payloadOf(type: WebhookEventType): z.ZodType {
  const [resource] = type.split('.') as [string];
  const own = (webhookPayloads as Record<string, z.ZodType>)[type];
  return own ?? (webhookPayloads as Record<string, z.ZodType>)[resource]!;
}

/**
 * What a delivery's body holds, per the Standard Webhooks specification: the event's type, when it happened (ISO
 * instant) and its data. The `webhook-id` header names it; retries and redeliveries keep that id.
 */
export function webhookEnvelope(type: WebhookEventType): z.ZodType {
  return z.object({
    type: z.literal(type),
    timestamp: z.string().describe('when the change happened (ISO 8601 instant)'),
    data: payloadOf(type),
  });
}

/** An event as the publisher fans it out: its type, the region it belongs to (who may receive it), its data. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The resource's region: a subscription receives the event only if its agency's region covers it. */
  regionCode: string;
  /** A stable id of the change (the same change always yields the same id), so a replay is not a new event. */
  key: string;
  data: Record<string, unknown>;
}

/** Whether an agency scoped to `agencyRegion` may receive an event: the same region scope as the API's reads. */
export function receives(agencyRegion: string, event: Pick<WebhookEvent, 'regionCode'>): boolean {
  return covers(agencyRegion, event.regionCode);
}

/** How many subscriptions one agency may keep. */
export const maxSubscriptions = 20;

/** Body of `POST /v1/webhooks`. */
export const webhookCreate = lazySchema(() =>
  z.strictObject({
    url: z.string().min(1).max(2048).describe('where events are POSTed: https (http on loopback in local mode only)'),
    events: z
      .array(z.enum(webhookEventTypes))
      .min(1)
      .max(webhookEventTypes.length)
      .refine((events) => new Set(events).size === events.length, says('事件不得重复', 'events must be unique'))
      .describe('the events to receive, from the catalogue'),
    description: z.string().max(200).optional(),
  }),
);
/** Body of `POST /v1/webhooks`. */
export type WebhookCreate = z.infer<typeof webhookCreate>;

/** Body of `PATCH /v1/webhooks/{id}`: what changes; `enabled: true` turns a disabled subscription on again. */
export const webhookPatch = lazySchema(() =>
  webhookCreate
    .unwrap()
    .partial()
    .extend({ enabled: z.boolean().optional() })
    .refine((p) => Object.keys(p).length > 0, says('至少修改一项', 'change at least one field')),
);
/** Body of `PATCH /v1/webhooks/{id}`. */
export type WebhookPatch = z.infer<typeof webhookPatch>;

/** A subscription of an agency's system, as stored and answered (its signing secrets are stored sealed and never answered). */
export interface WebhookSubscription {
  id: string;
  agencyId: string;
  /** The agency's region when it subscribed: the events it receives are those of resources inside it. */
  regionCode: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
  /** False once disabled: by its agency (`PATCH enabled: false`) or after failing for 3 days (`disabledReason: failing`). */
  enabled: boolean;
  disabledReason?: 'by-agency' | 'failing';
  disabledAt?: string;
  /** Since when every delivery has failed (cleared by a success). */
  failingSince?: string;
  lastSuccessAt?: string;
  /** Until when the secret before the last rotation still signs (both sign until then). */
  previousSecretUntil?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A subscription as the API answers it. */
export const webhookSubscription = lazySchema(() =>
  z.object({
    id: z.string(),
    agencyId: z.string(),
    regionCode: region,
    url: z.string(),
    events: z.array(z.enum(webhookEventTypes)),
    description: z.string().optional(),
    enabled: z.boolean(),
    disabledReason: z.enum(['by-agency', 'failing']).optional().describe('why it is off: by its agency, or after failing for 3 days'),
    disabledAt: z.string().optional(),
    failingSince: z.string().optional().describe('since when every delivery has failed'),
    lastSuccessAt: z.string().optional(),
    previousSecretUntil: z.string().optional().describe('until when the secret before the last rotation signs too'),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  }),
);

/** The answer to a create or a rotation: the subscription and its (new) signing secret, shown this once. */
export const webhookWithSecret = lazySchema(() =>
  webhookSubscription.unwrap().extend({
    secret: z.string().describe('The signing secret (`whsec_…`, Standard Webhooks): shown this once, never answered again'),
  }),
);

/** Where a delivery stands. */
export const deliveryStatuses = ['pending', 'retrying', 'delivered', 'dead', 'cancelled', 'held'] as const;
/** Where a delivery stands: queued, failed and waiting for its next attempt, delivered, given up after 24 h (DLQ), dropped with its subscription, held while its subscription is off. */
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One event's delivery to one subscription, with what its last attempt got back. */
export interface WebhookDelivery {
  /** The `webhook-id` header: the same at every attempt and redelivery. */
  id: string;
  webhookId: string;
  agencyId: string;
  type: WebhookEventType | 'webhook.ping';
  /** The body sent (the envelope, JSON). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  /** When its current retry window began (its first attempt, or its last redelivery). */
  windowStartedAt?: string;
  lastAttemptAt?: string;
  /** The HTTP status of the last attempt's answer; absent when it got none (refused address, timeout, connection). */
  lastStatusCode?: number;
  /** The first 1 KB of the last answer's body, or why there was none. */
  lastResponse?: string;
  deliveredAt?: string;
}

/** A delivery as the API answers it (its body included: what the receiver got). */
export const webhookDelivery = lazySchema(() =>
  z.object({
    id: z.string().describe('the `webhook-id` of every attempt'),
    webhookId: z.string(),
    agencyId: z.string(),
    type: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    createdAt: z.string(),
    windowStartedAt: z.string().optional(),
    lastAttemptAt: z.string().optional(),
    lastStatusCode: z.number().int().optional(),
    lastResponse: z.string().optional().describe("the first 1 KB of the last answer's body, or why there was none"),
    deliveredAt: z.string().optional(),
    body: z.string().describe('what was POSTed (the signed JSON envelope)'),
  }),
);

/** How much of an answer's body a delivery keeps. */
export const keptResponseBytes = 1024;

/**
 * The `webhook-id` of an event's delivery to a subscription: the time of the change and a digest of both, so that the
 * same change seen twice (a stream record read again) is the same delivery, a receiver de-duplicates on it, and a
 * subscription's deliveries sort by the time of their changes (`msg_20261203T080517605Z_…`).
 */
export function deliveryIdOf(webhookId: string, eventKey: string, at: string): string {
  const digest = createHash('sha256').update(`${webhookId}\n${eventKey}`).digest('base64url').slice(0, 22);
  return `msg_${at.replace(/[-:.]/g, '')}_${digest}`;
}

/** The body of a delivery: the Standard Webhooks envelope of an event. */
export function envelopeOf(type: WebhookEventType | 'webhook.ping', timestamp: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp, data });
}

/** Whether a subscription has been failing long enough to be disabled. */
export function failingTooLong(failingSince: string, now: string): boolean {
  return Date.parse(now) - Date.parse(failingSince) >= disableAfterDays * 24 * 60 * 60 * 1000;
}

/** Addresses a delivery never targets: private, loopback, link-local, metadata, shared, reserved. */
const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  refused.addSubnet(net, bits, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) stands for. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * Why a delivery may not go to this resolved address, or undefined when it may. Loopback is admitted in local mode only
 * (a test's receiver listens there); everything private, link-local or a metadata address (169.254.169.254,
 * fd00:ec2::254) never — checked at every delivery, after resolving, so a name that later resolves inside is refused.
 */
export function refusedAddress(address: string, local: boolean): Text | undefined {
  const ip = unmapped(address);
  const family = isIP(ip);
  if (family === 0) return text(`${address} 不是 IP 地址`, `${address} is not an IP address`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (local && loopback.check(ip, type)) return undefined;
  if (refused.check(ip, type))
    return text(
      `地址 ${ip} 属于内网、回环、链路本地或元数据地址，不予投递`,
      `${ip} is private, loopback, link-local or a metadata address`,
    );
  return undefined;
}

/** What is wrong with a subscription's URL before any address is resolved (422 problems; pointer `/url`). */
export function urlProblems(url: string, local: boolean): Text[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [text('不是有效的 URL', 'not a valid URL')];
  }
  const problems: Text[] = [];
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const isLoopbackHost =
    host === 'localhost' || (isIP(unmapped(host)) !== 0 && loopback.check(unmapped(host), isIP(unmapped(host)) === 4 ? 'ipv4' : 'ipv6'));
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:' && isLoopbackHost))
    problems.push(text('须为 https 地址', 'must be an https URL'));
  if (parsed.username || parsed.password) problems.push(text('URL 中不得含用户名或密码', 'must not carry credentials'));
  if (parsed.hash) problems.push(text('URL 中不得含片段（#）', 'must not carry a fragment'));
  if (isIP(unmapped(host)) !== 0) {
    const why = refusedAddress(host, local);
    if (why) problems.push(why);
  } else if (!local && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || !host.includes('.')))
    problems.push(text('须为公网域名', 'must be a public host name'));
  return problems;
}

/** A delivery is tried again for this long after its first attempt, then goes to the dead-letter queue. */
export const retryWindowSeconds = 24 * 60 * 60;

/** The longest an SQS message can be hidden (its visibility timeout's maximum). */
const maxVisibilitySeconds = 12 * 60 * 60;

/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed: exponential from 30 s (doubling), capped at
 * 6 hours, with full jitter (`random` in [0, 1)) so that receivers coming back are not hit all at once; never less
 * than 10 s.
 */
export function retryDelaySeconds(attempt: number, random: number): number {
  const ceiling = Math.min(6 * 60 * 60, 30 * 2 ** Math.max(0, attempt - 1));
  return Math.min(maxVisibilitySeconds, Math.max(10, Math.floor(ceiling * random)));
}

/** Whether a delivery first tried at `firstAttemptAt` has run out of its retry window at `now` (ISO instants). */
export function retriesExhausted(firstAttemptAt: string, now: string): boolean {
  return Date.parse(now) - Date.parse(firstAttemptAt) >= retryWindowSeconds * 1000;
}

/** A subscription failing without a success for this long is disabled and its agency told. */
export const disableAfterDays = 3;

type Image = Record<string, unknown> | undefined;

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const num = (v: unknown) => (v === undefined || v === null ? undefined : Number(v));

/**
 * The events one change of the table stands for, from its stream record's old and new images (undefined when the item
 * did not exist before, or no longer exists). Items are told apart by their keys; each event's `key` is the item's key
 * and its version or step, so a stream record seen twice yields the same keys (the publisher writes each once).
 */
export function eventsOfChange(before: Image, after: Image): WebhookEvent[] {
  const image = after ?? before;
  if (!image) return [];
  return readerOf(String(image.pk ?? ''), String(image.sk ?? ''))?.(before, after) ?? [];
}

/** The reader of the events of an item's changes, by the item's keys; undefined for an item whose changes have none. */
function readerOf(pk: string, sk: string): ((before: Image, after: Image) => WebhookEvent[]) | undefined {
  if (pk.startsWith('SUB#') && sk === 'SUB') return submissionEvents;
  if (pk.startsWith('CAMPAIGN#') && sk === 'CAMPAIGN') return campaignEvents;
  if (pk.startsWith('NAMING#') && sk === 'NAMING') return namingEvents;
  if (pk.startsWith('NAMING#') && sk.startsWith('RECHECK#')) return recheckEvents;
  if (pk.startsWith('UNIT#') && sk.startsWith('APPOINTMENT#')) return appointmentEvents;
  if (pk.startsWith('FILING#') && sk === 'FILING') return filingEvents;
  if (pk.startsWith('TASK#') && sk === 'TASK') return taskEvents;
  return undefined;
}

/**
 * Whether a change of the item under these keys can stand for events: the publisher reads the images of no other
 * item (the audit entries beside a submission pass the stream's filter by their partition key, but tell nothing).
 */
export function yieldsEvents(pk: string, sk: string): boolean {
  return readerOf(pk, sk) !== undefined;
}

/**
 * The partition key prefixes of the items `eventsOfChange` reads: the stream's event source passes only their changes
 * to the publisher (Lambda's filter criteria in the stack; the local stream poller applies the same).
 */
export const eventSourcePrefixes = ['SUB#', 'CAMPAIGN#', 'NAMING#', 'UNIT#', 'FILING#', 'TASK#'] as const;

/**
 * The reminder step an agenda item just passed: its milestone before the sweep moved it on, if the sweep did. The sweep
 * moves an item on to a later (lower) milestone, or off the agenda after its last, and leaves its status as it was; a
 * write that changes the status (a revocation, a decision, an end, a renewal) and so drops or resets the agenda is no
 * reminder reached.
 */
function passedMilestone(before: Image, after: Image, kind: string): number | undefined {
  if (!before || !after || before.agendaKind !== kind || before.status !== after.status) return undefined;
  const was = num(before.agendaMilestone);
  if (was === undefined || was < 0) return undefined;
  if (after.agendaKind !== kind) return was;
  const now = num(after.agendaMilestone);
  return now !== undefined && now < was ? was : undefined;
}

function submissionEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after || before?.state === after.state) return [];
  return [
    {
      type: 'submission.state-changed',
      regionCode: String(after.regionCode),
      key: `${after.pk}#v${after.version}`,
      data: {
        submissionId: String(after.id),
        campaignId: String(after.campaignId),
        unitId: String(after.unitId),
        regionCode: String(after.regionCode),
        from: str(before?.state) ?? 'none',
        to: String(after.state),
      },
    },
  ];
}

function campaignEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after || before?.status === after.status) return [];
  const type = { ranked: 'campaign.ranked', 'public-notice': 'campaign.finalized', concluded: 'campaign.concluded' }[
    String(after.status)
  ] as WebhookEventType | undefined;
  if (!type) return [];
  // The day of the step; a conclusion is dated by its decision document when it has one.
  const on = { ranked: after.rankedOn, 'public-notice': after.finalOn, concluded: (after.decision as { date?: string } | undefined)?.date }[
    String(after.status)
  ];
  return [
    {
      type,
      regionCode: String(after.regionCode),
      key: `${after.pk}#${after.status}`,
      data: {
        campaignId: String(after.id),
        level: String(after.level),
        regionCode: String(after.regionCode),
        status: String(after.status),
        ...(on ? { on: String(on) } : {}),
      },
    },
  ];
}

function namingData(n: Record<string, unknown>): Record<string, unknown> {
  return {
    namingId: String(n.id),
    unitId: String(n.unitId),
    certificateNo: String(n.certificateNo),
    kind: str(n.namingKind) ?? 'unit',
    level: String(n.level),
    regionCode: String(n.regionCode),
    status: String(n.status),
    namedOn: String(n.namedOn),
    expiresOn: String(n.expiresOn),
  };
}

function namingEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after) return [];
  const events: WebhookEvent[] = [];
  const event = (type: WebhookEventType, step: string, extra: Record<string, unknown> = {}) =>
    events.push({ type, regionCode: String(after.regionCode), key: `${after.pk}#${step}`, data: { ...namingData(after), ...extra } });
  if (!before) event('naming.created', 'created');
  else if (before.status !== after.status) {
    if (after.status === 'revoked') event('naming.revoked', 'revoked', { revokedOn: str(after.revokedOn) });
    if (after.status === 'expired') event('naming.expired', 'expired');
    if (after.status === 'superseded') event('naming.renewed', 'renewed', { supersededBy: str(after.supersededBy) });
  }
  const reminded = passedMilestone(before, after, 'naming-expiry');
  if (reminded !== undefined) event('naming.expiring', `expiring-${reminded}`, { daysLeft: reminded });
  return events;
}

function recheckEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after) return [];
  const events: WebhookEvent[] = [];
  // A recheck's region is its naming's; the item carries it when written by this version (else the publisher looks it up).
  const regionCode = str(after.regionCode) ?? '';
  const event = (type: WebhookEventType, step: string, extra: Record<string, unknown> = {}) =>
    events.push({
      type,
      regionCode,
      key: `${after.pk}#${after.sk}#${step}`,
      data: {
        recheckId: String(after.id),
        namingId: String(after.namingId),
        kind: String(after.recheckKind),
        regionCode,
        status: String(after.status),
        dueOn: String(after.dueOn),
        ...extra,
      },
    });
  if (before && before.status !== after.status) {
    if (after.status === 'overdue') event('recheck.overdue', 'overdue');
    else if (['passed', 'rectifying', 'revoked'].includes(String(after.status)) && ['open', 'overdue'].includes(String(before.status)))
      event('recheck.decided', `decided-${after.status}`);
  }
  const reminded = passedMilestone(before, after, 'recheck');
  if (reminded !== undefined) event('recheck.due', `due-${reminded}`, { daysLeft: reminded });
  return events;
}

function appointmentEvents(before: Image, after: Image): WebhookEvent[] {
  const reminded = passedMilestone(before, after, 'instructor-term');
  if (!after || reminded === undefined) return [];
  return [
    {
      type: 'instructor.term-ending',
      regionCode: String(after.unitRegion),
      key: `${after.pk}#${after.sk}#term-${reminded}`,
      data: {
        appointmentId: String(after.id),
        instructorId: String(after.instructorId),
        unitId: String(after.unitId),
        regionCode: String(after.unitRegion),
        termEndsOn: String(after.termEndsOn),
        daysLeft: reminded,
      },
    },
  ];
}

function filingEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after || before?.status === after.status) return [];
  const type = { filed: 'filing.submitted', acknowledged: 'filing.acknowledged' }[String(after.status)] as WebhookEventType | undefined;
  if (!type) return [];
  return [
    {
      type,
      regionCode: String(after.regionCode),
      key: `${after.pk}#${after.status}`,
      data: {
        filingId: String(after.id),
        regionCode: String(after.regionCode),
        level: String(after.level),
        status: String(after.status),
        asOf: String(after.asOf),
      },
    },
  ];
}

function taskEvents(before: Image, after: Image): WebhookEvent[] {
  if (!after || before?.state === after.state) return [];
  const type = { overdue: 'task.overdue', reported: 'task.reported' }[String(after.state)] as WebhookEventType | undefined;
  if (!type) return [];
  return [
    {
      type,
      regionCode: String(after.regionCode),
      key: `${after.pk}#v${after.version}`,
      data: {
        taskId: String(after.id),
        planId: String(after.planId),
        regionCode: String(after.regionCode),
        state: String(after.state),
        percent: Number(after.percent ?? 0),
        ...(after.dueOn ? { dueOn: String(after.dueOn) } : {}),
      },
    },
  ];
}
