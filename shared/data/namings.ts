import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  certificateNumber, certificatePrefix, expiryOf, nextMilestone, type NamingLevel, type NamingStatus,
} from '../domain/namings.ts';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import type { Unit, UnitType } from '../domain/units.ts';
import { auditItem, type Actor } from './audit.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import { failedFrom, inTable, isConditionFailure, type Store, type TransactItem } from './store.ts';
import { getConfig } from '../config.ts';

/** The expiry milestones in force (days before expiry, ending with 0), from configuration. */
export function namingMilestones(): readonly number[] {
  return getConfig().NAMING_REMINDER_DAYS;
}

/*
 * Access patterns:
 * - a naming by id: GetItem pk=NAMING#<id>, sk=NAMING
 * - a naming by certificate number: GetItem pk=CERT#<no>, sk=CERT (a guard that also keeps numbers unique)
 * - the next certificate number of an issuer and year: pk=CERTSEQ#<prefix>#<year>, sk=SEQ, advanced in the same
 *   transaction that stores the naming, so numbers have neither gaps nor duplicates
 * - a unit's namings (renewal): Query index byOwner, ownerPk=UNIT#<unitId>, begins_with(ownerSk, NAMING#)
 * - namings in a region (registry, eligibility): Query index region, regionPk=naming#<province>, begins_with(regionSk, <prefix>)
 * - due expiry milestones: index agenda, agendaKind=naming-expiry, agendaDue <= today (sparse)
 */

/** A naming (命名). */
export interface Naming {
  id: string;
  unitId: string;
  unitName: string;
  unitType: UnitType;
  regionCode: string;
  level: NamingLevel;
  campaignId?: string;
  certificateNo: string;
  namedOn: string;
  expiresOn: string;
  status: NamingStatus;
  supersededBy?: string;
  revokedOn?: string;
  revokeReason?: string;
  issuedBy: string;
  /** The unit's supervising authority, copied in its notices. */
  supervisorId?: string;
  /** The renewal submitted for it: its reminders stopped then. */
  renewalSubmissionId?: string;
  /** Where its notices go: the unit's contact emails, kept here so the sweep reads nothing but what is due. */
  recipients: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The next expiry milestone to act on (days before expiry), while one is left. */
  nextMilestone?: number;
  nextMilestoneOn?: string;
}

/** The agenda kind of expiry reminders. */
export const namingExpiryKind = 'naming-expiry';

/** The agenda kind of a revocation notice not yet known to be queued. */
export const revocationNoticeKind = 'revocation-notice';

/** Takes a revoked naming's notice off the agenda once a sweep queued it. Returns whether this call did. */
export async function revocationNoticeQueued(store: Store, namingId: string): Promise<boolean> {
  try {
    await store.doc.send(new UpdateCommand({
      TableName: store.table, Key: keyOf(namingId), UpdateExpression: 'REMOVE agendaKind, agendaDue, agendaMilestone',
      ConditionExpression: 'agendaKind = :kind', ExpressionAttributeValues: { ':kind': revocationNoticeKind },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const keyOf = (id: string) => ({ pk: `NAMING#${id}`, sk: 'NAMING' });
const certKey = (no: string) => ({ pk: `CERT#${no}`, sk: 'CERT' });
const fields = ['id', 'unitId', 'unitName', 'unitType', 'regionCode', 'level', 'campaignId', 'certificateNo', 'namedOn', 'expiresOn', 'status',
  'supersededBy', 'revokedOn', 'revokeReason', 'issuedBy', 'supervisorId', 'renewalSubmissionId', 'recipients', 'version', 'createdAt', 'updatedAt'] as const;

function fromItem(item: Record<string, unknown>): Naming {
  const naming = Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Naming;
  if (item.agendaMilestone !== undefined && item.agendaKind === namingExpiryKind) {
    naming.nextMilestone = Number(item.agendaMilestone);
    naming.nextMilestoneOn = String(item.agendaDue);
  }
  return naming;
}

function toItem(n: Naming): Record<string, unknown> {
  const { nextMilestone: milestone, nextMilestoneOn, ...rest } = n;
  return {
    ...keyOf(n.id), kind: 'naming', ...rest,
    regionPk: `naming#${n.regionCode.slice(0, 2)}`, regionSk: `${n.regionCode}#${n.id}`,
    ownerPk: `UNIT#${n.unitId}`, ownerSk: `NAMING#${n.namedOn}#${n.id}`,
    ...(milestone !== undefined ? { agendaKind: namingExpiryKind, agendaDue: nextMilestoneOn, agendaMilestone: milestone } : {}),
  };
}

/** A new naming record for a unit, with its first expiry milestone as seen on `today`. */
function newNaming(unit: Unit, input: { level: NamingLevel; namedOn: string; certificateNo: string; campaignId?: string; issuedBy: string }, today: string, now: string): Naming {
  const expiresOn = expiryOf(input.namedOn);
  const milestone = nextMilestone(expiresOn, namingMilestones(), today);
  return {
    id: randomUUID(), unitId: unit.id, unitName: unit.name, unitType: unit.type, regionCode: unit.regionCode, level: input.level,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    certificateNo: input.certificateNo, namedOn: input.namedOn, expiresOn, status: 'active', issuedBy: input.issuedBy,
    ...(unit.authorityId ? { supervisorId: unit.authorityId } : {}),
    recipients: unit.contacts.map((c) => c.email),
    version: 1, createdAt: now, updatedAt: now,
    ...(milestone ? { nextMilestone: milestone.daysBefore, nextMilestoneOn: milestone.date } : {}),
  };
}

/** The active naming of a unit at a level, if any (the one a renewal supersedes). */
export async function activeNamingOf(store: Store, unitId: string, level: NamingLevel): Promise<Naming | undefined> {
  const { Items = [] } = await store.doc.send(new QueryCommand({
    TableName: store.table, IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :naming)',
    FilterExpression: '#level = :level AND #status = :active',
    ExpressionAttributeNames: { '#level': 'level', '#status': 'status' },
    ExpressionAttributeValues: { ':owner': `UNIT#${unitId}`, ':naming': 'NAMING#', ':level': level, ':active': 'active' },
  }));
  return Items.map(fromItem).at(-1);
}

/**
 * Names a unit: allocates the issuer's next certificate number and stores the naming in one transaction; a renewal
 * at the same level supersedes the unit's active naming (its reminders stop). Concurrent namings retry, so numbers
 * never repeat and never skip.
 */
export async function createNaming(store: Store, unit: Unit, input: { level: NamingLevel; namedOn: string; campaignId?: string; issuedBy: string },
  actor: Actor, today: string, now: string, alongside: (naming: Naming) => TransactItem[] = () => []): Promise<Naming> {
  const prefix = certificatePrefix(input.level, unit.regionCode);
  const year = Number(input.namedOn.slice(0, 4));
  const seqKey = { pk: `CERTSEQ#${prefix}#${year}`, sk: 'SEQ' };
  for (let attempt = 0; attempt < 60; attempt++) {
    // Writers of one issuer and year contend for one counter: back off with jitter before retrying.
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * attempt)));
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: seqKey, ConsistentRead: true }));
    const current = Number(Item?.seq ?? 0);
    const naming = newNaming(unit, { ...input, certificateNo: certificateNumber(prefix, year, current + 1) }, today, now);
    const previous = await activeNamingOf(store, unit.id, input.level);
    const others = alongside(naming).map((item) => inTable(store, item));
    try {
      await store.doc.send(new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.table, Key: seqKey, UpdateExpression: 'SET seq = :next',
              ConditionExpression: current === 0 ? 'attribute_not_exists(seq)' : 'seq = :current',
              ExpressionAttributeValues: { ':next': current + 1, ...(current === 0 ? {} : { ':current': current }) },
            },
          },
          { Put: { TableName: store.table, Item: toItem(naming), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: store.table, Item: { ...certKey(naming.certificateNo), namingId: naming.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(previous ? [{
            Update: {
              TableName: store.table, Key: keyOf(previous.id),
              UpdateExpression: 'SET #status = :superseded, supersededBy = :by, updatedAt = :now, version = version + :one REMOVE agendaKind, agendaDue, agendaMilestone',
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':superseded': 'superseded', ':by': naming.id, ':now': now, ':one': 1, ':active': 'active' },
            },
          }] : []),
          { Put: { TableName: store.table, Item: auditItem(keyOf(naming.id).pk, { actor, at: now, action: 'createNaming', after: naming }) } },
          ...others,
        ],
      }));
      return naming;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (others.length > 0 && failedFrom(error, (previous ? 5 : 4))) throw new ConflictError('What this naming was made for changed at the same time; retry.', 'busy');
    }
  }
  throw new ConflictError('Too many namings at once for this issuer; retry.', 'busy');
}

/** Stores a naming that predates Shifan with its own certificate number; a number already used is refused. */
export async function importNaming(store: Store, unit: Unit, row: { level: NamingLevel; certificateNo: string; namedOn: string }, issuedBy: string,
  actor: Actor, today: string, now: string): Promise<Naming> {
  const naming = newNaming(unit, { ...row, issuedBy }, today, now);
  try {
    await store.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: store.table, Item: toItem(naming), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: store.table, Item: { ...certKey(naming.certificateNo), namingId: naming.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: store.table, Item: auditItem(keyOf(naming.id).pk, { actor, at: now, action: 'importNaming', after: naming }) } },
      ],
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`Certificate number ${row.certificateNo} is already in the registry.`, 'duplicate-certificate');
    throw error;
  }
  return naming;
}

/** The naming with this id, if any. */
export async function getNaming(store: Store, id: string): Promise<Naming | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id) }));
  return Item ? fromItem(Item) : undefined;
}

/** The naming with this certificate number, if any. */
export async function getNamingByCertificate(store: Store, certificateNo: string): Promise<Naming | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: certKey(certificateNo) }));
  return Item ? getNaming(store, String(Item.namingId)) : undefined;
}

/** Namings in a region (2-, 4- or 6-digit prefix), filtered by type, level floor or exact level, and stored status. */
export function listNamingsByRegion(store: Store, query: {
  prefix: string; type?: UnitType; level?: NamingLevel; levels?: readonly NamingLevel[]; status?: NamingStatus;
  /** Only namings still in force on this date (expiresOn after it). */
  inForceOn?: string;
  limit: number; cursor?: string;
}): Promise<Page<Naming>> {
  const regionPk = `naming#${query.prefix.slice(0, 2)}`;
  const startKey = decodeCursor(query.cursor, ['pk', 'sk', 'regionPk', 'regionSk'], (k) => k.regionPk === regionPk && k.regionSk!.startsWith(query.prefix));
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': regionPk, ':prefix': query.prefix };
  if (query.type) { filters.push('unitType = :type'); values[':type'] = query.type; }
  if (query.level) { filters.push('#level = :level'); names['#level'] = 'level'; values[':level'] = query.level; }
  if (query.levels) {
    names['#level'] = 'level';
    filters.push(`#level IN (${query.levels.map((_, i) => `:l${i}`).join(', ')})`);
    query.levels.forEach((l, i) => { values[`:l${i}`] = l; });
  }
  if (query.status) { filters.push('#status = :status'); names['#status'] = 'status'; values[':status'] = query.status; }
  if (query.inForceOn) { filters.push('expiresOn > :inForceOn'); values[':inForceOn'] = query.inForceOn; }
  return queryPage(store, {
    IndexName: 'region',
    KeyConditionExpression: 'regionPk = :pk AND begins_with(regionSk, :prefix)',
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  }, query.limit, startKey, fromItem);
}

/**
 * Revokes an active naming with a reason: its reminders stop; revoking twice → 409. The revocation notice rides on
 * the agenda (due today) until a sweep has queued it, so it is sent even when queuing it right away fails.
 */
export async function revokeNaming(store: Store, id: string, reason: string, actor: Actor, today: string, now: string, alongside: TransactItem[] = []): Promise<Naming> {
  const before = await getNaming(store, id);
  if (!before) throw new NotFoundError(`No naming ${id}.`);
  if (before.status !== 'active') throw new ConflictError(`The naming is ${before.status}; only an active naming can be revoked.`, 'not-active');
  const after: Naming = { ...before, status: 'revoked', revokedOn: today, revokeReason: reason, version: before.version + 1, updatedAt: now };
  delete after.nextMilestone;
  delete after.nextMilestoneOn;
  try {
    await store.doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: store.table, Item: { ...toItem(after), agendaKind: revocationNoticeKind, agendaDue: today, agendaMilestone: 0 },
            ConditionExpression: 'version = :v AND #status = :active', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':v': before.version, ':active': 'active' },
          },
        },
        { Put: { TableName: store.table, Item: auditItem(keyOf(id).pk, { actor, at: now, action: 'revokeNaming', before, after }) } },
        ...alongside.map((item) => inTable(store, item)),
      ],
    }));
  } catch (error) {
    if (isConditionFailure(error) && failedFrom(error, 2)) throw new ConflictError('What this revocation was decided with changed at the same time; read again.', 'busy');
    if (isConditionFailure(error)) throw new PreconditionFailedError();
    throw error;
  }
  return after;
}

/**
 * Moves a naming's reminder past the milestone just notified to the next one ahead (or off the agenda), only if it
 * still stands at `stored` — no other sweep moved it first; marks it expired when the expiry day was notified.
 * Returns whether this call moved it.
 */
export async function advanceExpiryMilestone(store: Store, naming: Naming, stored: number, notified: number, today: string, now: string): Promise<boolean> {
  const next = nextMilestone(naming.expiresOn, namingMilestones(), today, notified);
  const expired = notified === 0;
  try {
    await store.doc.send(new UpdateCommand({
      TableName: store.table, Key: keyOf(naming.id),
      UpdateExpression: [
        `SET updatedAt = :now${next ? ', agendaDue = :due, agendaMilestone = :next' : ''}${expired ? ', #status = :expired, version = version + :one' : ''}`,
        next ? '' : 'REMOVE agendaKind, agendaDue, agendaMilestone',
      ].join(' ').trim(),
      ConditionExpression: 'agendaMilestone = :acted AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':now': now, ':acted': stored, ':active': 'active',
        ...(next ? { ':due': next.date, ':next': next.daysBefore } : {}),
        ...(expired ? { ':expired': 'expired', ':one': 1 } : {}),
      },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A naming item from the agenda index as a naming. */
export const namingFromItem = fromItem;

/** The stored item of a naming (for bulk loading in benchmarks and imports). */
export const namingItem = toItem;

/**
 * The updates that give a unit's namings its current contact emails and supervising authority, to be written in
 * the same transaction as the unit's change (so that reminders never go to an address the unit replaced).
 */
export async function namingRecipientUpdates(store: Store, unitId: string, recipients: readonly string[], supervisorId: string | undefined, now: string): Promise<TransactItem[]> {
  const updates: TransactItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(new QueryCommand({
      TableName: store.table, IndexName: 'byOwner', ExclusiveStartKey: startKey,
      KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :naming)',
      ExpressionAttributeValues: { ':owner': `UNIT#${unitId}`, ':naming': 'NAMING#' },
    }));
    for (const item of page.Items ?? []) {
      updates.push({
        Update: {
          TableName: store.table, Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `SET recipients = :to, updatedAt = :now${supervisorId ? ', supervisorId = :sup' : ' REMOVE supervisorId'}`, ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':to': recipients, ':now': now, ...(supervisorId ? { ':sup': supervisorId } : {}) },
        },
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return updates;
}

/**
 * The update that stops a naming's expiry reminders once its renewal is submitted, for the submission's transaction:
 * only the expiry day stays on the agenda (to mark it expired then, without a notice).
 */
export function renewalSubmitted(naming: Naming, submissionId: string, now: string): TransactItem {
  return {
    Update: {
      TableName: '', Key: keyOf(naming.id),
      UpdateExpression: 'SET renewalSubmissionId = :sid, updatedAt = :now, agendaKind = :kind, agendaDue = :due, agendaMilestone = :zero',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sid': submissionId, ':now': now, ':kind': namingExpiryKind, ':due': naming.expiresOn, ':zero': 0, ':active': 'active' },
    },
  };
}
