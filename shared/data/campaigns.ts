import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign, CampaignCreate, CampaignDecision, CampaignStatus } from '../domain/campaigns.ts';
import { ValidationError, text } from '../domain/errors.ts';
import { regionPrefix } from '../domain/regions.ts';
import { auditItem, type Actor } from './audit.ts';
import { filterKeys, pageByRegion, type Page } from './pagination.ts';
import { createWithAudit, type Store, type TransactItem, versionedWrite } from './store.ts';

/*
 * Access patterns:
 * - a campaign by id: GetItem pk=CAMPAIGN#<id>, sk=CAMPAIGN
 * - campaigns in a region: Query index region, regionPk=campaign#<2-digit province, 00 national>, begins_with(regionSk, <prefix>);
 *   of one status: Query index filter, fPk=campaign#<province>#status=<status>, begins_with(fSk, <prefix>)
 * - campaigns whose appeal window or public notice has ended: index agenda, agendaKind=appeal-window|public-notice
 */

const keyOf = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });
const fields = [
  'id',
  'name',
  'kind',
  'honour',
  'level',
  'regionCode',
  'frameworkId',
  'rounds',
  'passMark',
  'quota',
  'grassrootsShare',
  'benchmarks',
  'onSite',
  'rectification',
  'onSiteSubmissionIds',
  'bands',
  'dates',
  'authorityId',
  'status',
  'rankedOn',
  'appealEndsOn',
  'finalOn',
  'noticeEndsOn',
  'commendation',
  'coOrganisers',
  'decision',
  'provisional',
  'version',
  'createdAt',
  'updatedAt',
] as const;

/** A campaign from its stored item (where `kind` names the entity, so the campaign's own kind is `campaignKind`). */
export function campaignFromItem(item: Record<string, unknown>): Campaign {
  // Campaigns stored before joint organisers were recorded have none.
  const source: Record<string, unknown> = { coOrganisers: [], ...item, kind: item.campaignKind };
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])) as unknown as Campaign;
}

/**
 * The stored item of a campaign, with its agenda entry when a time-driven move is pending. Every write puts the whole
 * item, so the status filter keys follow each change of status.
 */
function toItem(c: Campaign, agenda?: { kind: 'appeal-window' | 'public-notice'; due: string }): Record<string, unknown> {
  const regionPk = `campaign#${c.regionCode.slice(0, 2)}`;
  const regionSk = `${c.regionCode}#${c.id}`;
  return {
    ...keyOf(c.id),
    ...c,
    kind: 'campaign',
    campaignKind: c.kind,
    regionPk,
    regionSk,
    ...filterKeys(regionPk, regionSk, 'status', c.status),
    ...(agenda ? { agendaKind: agenda.kind, agendaDue: agenda.due } : {}),
  };
}

/** The stored item of a campaign, with its index keys (the reindex gives older items the keys it names). */
export const campaignItem = toItem;

/** Stores a new campaign and marks its framework in use (frameworks in use never change), in one transaction. */
export async function createCampaign(
  store: Store,
  body: Omit<CampaignCreate, 'honour' | 'coOrganisers'> & {
    honour?: CampaignCreate['honour'];
    coOrganisers?: CampaignCreate['coOrganisers'];
    regionCode: string;
  },
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<Campaign> {
  const campaign: Campaign = {
    id,
    ...body,
    honour: body.honour ?? 'unit',
    coOrganisers: body.coOrganisers ?? [],
    authorityId: actor.agencyId,
    status: 'open',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await createWithAudit(store, {
    item: toItem(campaign),
    audit: auditItem(keyOf(id).pk, { actor, at: now, action: 'createCampaign', after: campaign }),
    extra: [
      {
        Update: {
          TableName: store.table,
          Key: { pk: `FRAMEWORK#${body.frameworkId}`, sk: 'FRAMEWORK' },
          UpdateExpression: 'SET inUse = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        },
      },
    ],
    explain: async () => {
      throw new ValidationError([
        { pointer: '/frameworkId', detail: text(`没有测评体系 ${body.frameworkId}`, `no framework ${body.frameworkId}`) },
      ]);
    },
  });
  return campaign;
}

/** The campaign with this id, if any. */
export async function getCampaign(store: Store, id: string, consistent = false): Promise<Campaign | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id), ConsistentRead: consistent }));
  return Item ? campaignFromItem(Item) : undefined;
}

/** Campaigns in a region (a prefix of codes), optionally of one status; or those at any of `exactly` these regions. */
export function listCampaigns(
  store: Store,
  query: { region: string; status?: CampaignStatus; exactly?: readonly string[]; limit: number; cursor?: string },
): Promise<Page<Campaign>> {
  const province = query.region === '000000' ? undefined : query.region.slice(0, 2);
  const exactly = query.exactly && Object.fromEntries(query.exactly.map((code, i) => [`:r${i}`, code]));
  return pageByRegion(
    store,
    {
      partition: `campaign#${province ?? '00'}`,
      // The national partition holds the campaigns run nationally (regionSk `000000#…`); an empty prefix is no key condition.
      prefix: province ? regionPrefix(query.region) : '000000',
      keyed: { name: 'status', value: query.status },
      // A unit's own chain (county, city, province), not a filter it chose: read from the province and dropped.
      filters: exactly ? [{ expression: `regionCode IN (${Object.keys(exactly).join(', ')})`, values: exactly }] : [],
      limit: query.limit,
      cursor: query.cursor,
    },
    campaignFromItem,
  );
}

/**
 * Replaces a campaign with its next version if it is still at `before.version` (412 otherwise), with an audit entry
 * and any other items of the same step, all or nothing.
 */
export async function saveCampaign(
  store: Store,
  before: Campaign,
  next: Campaign,
  audit: { actor: Actor; action: string; at: string },
  options: { agenda?: { kind: 'appeal-window' | 'public-notice'; due: string }; extra?: TransactItem[] } = {},
): Promise<Campaign> {
  const saved = { ...next, version: before.version + 1, updatedAt: audit.at };
  await versionedWrite(store, {
    item: toItem(saved, options.agenda),
    expectedVersion: before.version,
    audit: auditItem(keyOf(before.id).pk, { ...audit, before: pick(before), after: pick(saved) }),
    extra: options.extra,
    current: () => getCampaign(store, before.id, true),
  });
  return saved;
}

/**
 * Records a campaign's decision document (命名／表彰决定) on its next version, keeping the time-driven move it waits
 * for (its agenda entry, read with the item), only if it is still at `before.version` (412 otherwise).
 */
export async function recordDecision(
  store: Store,
  before: Campaign,
  decision: CampaignDecision,
  audit: { actor: Actor; action: string; at: string },
): Promise<Campaign> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(before.id), ConsistentRead: true }));
  const pending = Item?.agendaKind as 'appeal-window' | 'public-notice' | undefined;
  return saveCampaign(store, before, { ...before, decision }, audit, {
    ...(pending ? { agenda: { kind: pending, due: String(Item!.agendaDue) } } : {}),
  });
}

/** What an audit entry of a campaign records: the fields a step changes. */
function pick(c: Campaign) {
  const { status, rankedOn, appealEndsOn, finalOn, noticeEndsOn, decision, version } = c;
  return { status, rankedOn, appealEndsOn, finalOn, noticeEndsOn, decision, version };
}

/** A check, for a transaction composed elsewhere, that a campaign is still at the version read (a step that relied on it). */
export function campaignUnchanged(campaign: Campaign): TransactItem {
  return {
    ConditionCheck: {
      TableName: '',
      Key: keyOf(campaign.id),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': campaign.version },
    },
  };
}
