import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deadlineMilestones, type InspectionFindings, type RecheckCreate, type RecheckOutcome } from '../domain/rechecks.ts';
import { nextMilestone, overdueStep, type AgendaStep } from '../domain/agenda.ts';
import { ConflictError, NotFoundError, text } from '../domain/errors.ts';
import type { Naming } from '../domain/namings.ts';
import { createWithAudit, inTable, isConditionFailure, writeAll, type Store, type TransactItem } from './store.ts';
import type { WorkItem, WorkOwner } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';
import { auditItem, type Actor } from './audit.ts';
import type { Recheck } from '../domain/rechecks.ts';

/*
 * Access patterns:
 * - a naming's rechecks: Query pk=NAMING#<namingId>, begins_with(sk, RECHECK#) — beside the naming itself
 * - due recheck and rectification deadlines: index agenda, agendaKind=recheck|rectification, agendaDue <= today
 * - a mutual inspection's pairing notices not yet queued by a sweep: index agenda, agendaKind=inspection-notice
 *   (items RECHECK#<id> / PAIRED-NOTICE, a copy of the recheck, deleted once queued)
 */

const fields = [
  'id',
  'namingId',
  'kind',
  'dueOn',
  'assignees',
  'pairedNamingId',
  'pairedRecheckId',
  'pairedUnitId',
  'pairedUnitName',
  'findings',
  'note',
  'status',
  'rectifyBy',
  'outcomeNote',
  'unitName',
  'certificateNo',
  'recipients',
  'issuedBy',
  'supervisorId',
  'createdAt',
  'updatedAt',
] as const;

/** A recheck from its stored item (where `kind` names the entity, so the recheck's own kind is `recheckKind`). */
export function recheckFromItem(item: Record<string, unknown>): Recheck {
  const source: Record<string, unknown> = { ...item, kind: item.recheckKind };
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])) as unknown as Recheck;
}

const keyOf = (namingId: string, id: string) => ({ pk: `NAMING#${namingId}`, sk: `RECHECK#${id}` });

/** A new recheck of a naming, open, with the naming's fields its notices need. */
function recheckOf(naming: Naming, input: RecheckCreate, now: string, id: string): Recheck {
  return {
    id,
    namingId: naming.id,
    ...input,
    status: 'open',
    unitName: naming.unitName,
    certificateNo: naming.certificateNo,
    recipients: naming.recipients,
    issuedBy: naming.issuedBy,
    ...(naming.supervisorId ? { supervisorId: naming.supervisorId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/** A recheck as stored, its deadline on the agenda (14 and 3 days before, and overdue). */
function recheckItem(recheck: Recheck, today: string): Record<string, unknown> {
  const milestone = nextMilestone(recheck.dueOn, deadlineMilestones, today);
  return {
    ...keyOf(recheck.namingId, recheck.id),
    ...recheck,
    kind: 'recheck',
    recheckKind: recheck.kind,
    ...(milestone ? { agendaKind: 'recheck', agendaDue: milestone.date, agendaMilestone: milestone.daysBefore } : {}),
  };
}

const visitNames: Record<Recheck['kind'], string> = { recheck: '复检复验', inspection: '互观互检', 'look-back': '回头看' };

/** The open work a recheck not yet decided is, for the authority that issued the naming, due on its date. */
export function recheckWork(recheck: Recheck): { owner: WorkOwner; item: WorkItem } {
  return {
    owner: { agencyId: recheck.issuedBy },
    item: {
      kind: 'recheck',
      id: recheck.id,
      title: `${recheck.unitName}${visitNames[recheck.kind]}`,
      since: recheck.createdAt,
      due: recheck.dueOn,
      link: `/v1/namings/${recheck.namingId}/rechecks/${recheck.id}/outcome`,
    },
  };
}

/** Schedules a recheck of an active naming, its deadline on the agenda (14 and 3 days before, and overdue), as open work of the issuer. */
export async function createRecheck(
  store: Store,
  naming: Naming,
  input: RecheckCreate,
  today: string,
  now: string,
  id: string = randomUUID(),
): Promise<Recheck> {
  const recheck = recheckOf(naming, input, now, id);
  await store.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: store.table, Item: recheckItem(recheck, today), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...workWrites({ arise: [recheckWork(recheck)] }).map((w) => inTable(store, w)),
      ],
    }),
  );
  return recheck;
}

/** The agenda kind of a mutual inspection's pairing notice, until a sweep has queued it. */
export const inspectionNoticeKind = 'inspection-notice';

const noticeKeyOf = (recheckId: string) => ({ pk: `RECHECK#${recheckId}`, sk: 'PAIRED-NOTICE' });

/**
 * Pairs two active namings for a mutual inspection (互观互检) in one transaction: a recheck of each, each naming the
 * other's naming, unit and recheck, with the same due date and assignees, each audited beside its naming, both
 * deadlines on the agenda, and each pairing notice on the agenda for the next sweep (the route queues them at once
 * too: the notifier sends an id once). Both namings must still be active. Returns the recheck of `naming`.
 */
export async function createInspection(
  store: Store,
  naming: Naming,
  paired: Naming,
  input: RecheckCreate,
  ids: { id: string; pairedId: string },
  actor: Actor,
  today: string,
  now: string,
): Promise<Recheck> {
  const here: Recheck = {
    ...recheckOf(naming, { ...input, pairedNamingId: paired.id }, now, ids.id),
    pairedRecheckId: ids.pairedId,
    pairedUnitId: paired.unitId,
    pairedUnitName: paired.unitName,
  };
  const there: Recheck = {
    ...recheckOf(paired, { ...input, pairedNamingId: naming.id }, now, ids.pairedId),
    pairedRecheckId: ids.id,
    pairedUnitId: naming.unitId,
    pairedUnitName: naming.unitName,
  };
  const audit = (r: Recheck) => auditItem(keyOf(r.namingId, r.id).pk, { actor, at: now, action: 'createRecheck', after: r });
  const notice = (r: Recheck) => ({
    ...noticeKeyOf(r.id),
    ...r,
    kind: inspectionNoticeKind,
    recheckKind: r.kind,
    agendaKind: inspectionNoticeKind,
    agendaDue: today,
    agendaMilestone: 0,
  });
  const active = (n: Naming): TransactItem => ({
    ConditionCheck: {
      TableName: '',
      Key: { pk: `NAMING#${n.id}`, sk: 'NAMING' },
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    },
  });
  await createWithAudit(store, {
    item: recheckItem(here, today),
    audit: audit(here),
    extra: [
      { Put: { TableName: '', Item: recheckItem(there, today), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: '', Item: audit(there) } },
      { Put: { TableName: '', Item: notice(here) } },
      { Put: { TableName: '', Item: notice(there) } },
      active(naming),
      active(paired),
      ...workWrites({ arise: [recheckWork(here), recheckWork(there)] }),
    ],
  });
  return here;
}

/** Takes a pairing notice off the agenda once a sweep has queued it. Returns whether this call did. */
export async function inspectionNoticeQueued(store: Store, recheckId: string): Promise<boolean> {
  try {
    await store.doc.send(
      new DeleteCommand({ TableName: store.table, Key: noticeKeyOf(recheckId), ConditionExpression: 'attribute_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Records the paired unit's findings on an inspection, once, while it awaits its outcome, with an audit entry. A
 * second time → 409 `findings-recorded`; an inspection already decided → 409 `already-decided`.
 */
export async function recordFindings(
  store: Store,
  recheck: Recheck,
  findings: InspectionFindings,
  actor: Actor,
  now: string,
): Promise<Recheck> {
  const after: Recheck = { ...recheck, findings, updatedAt: now };
  const key = keyOf(recheck.namingId, recheck.id);
  await writeAll(
    store,
    [
      {
        Update: {
          TableName: '',
          Key: key,
          UpdateExpression: 'SET findings = :findings, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(findings) AND #status IN (:open, :overdue)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':findings': findings, ':now': now, ':open': 'open', ':overdue': 'overdue' },
        },
      },
      { Put: { TableName: '', Item: auditItem(key.pk, { actor, at: now, action: 'recordInspectionFindings', before: recheck, after }) } },
    ],
    async () => {
      const current = await getRecheck(store, recheck.namingId, recheck.id, true);
      if (!current) throw new NotFoundError();
      if (current.findings)
        throw new ConflictError(
          text(
            `${current.pairedUnitName ?? '结对单位'}已于 ${current.findings.at} 记录了对该单位的检查意见，每次互观互检只记录一次。`,
            `The findings of this inspection were recorded at ${current.findings.at}; they are recorded once.`,
          ),
          'findings-recorded',
        );
      if (!['open', 'overdue'].includes(current.status))
        throw new ConflictError(
          text(`该互观互检已有结论（${current.status}），不能再记录检查意见。`, `This inspection was decided already (${current.status}).`),
          'already-decided',
        );
    },
  );
  return after;
}

/** A naming's rechecks, oldest first. */
export async function listRechecks(store: Store, namingId: string): Promise<Recheck[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :recheck)',
      ExpressionAttributeValues: { ':pk': `NAMING#${namingId}`, ':recheck': 'RECHECK#' },
    }),
  );
  return Items.map(recheckFromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** One recheck, if any. */
export async function getRecheck(store: Store, namingId: string, id: string, consistent = false): Promise<Recheck | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(namingId, id), ConsistentRead: consistent }));
  return Item ? recheckFromItem(Item) : undefined;
}

/**
 * Records an outcome once: pass closes it; rectify puts the rectification deadline on the agenda; revoke closes it
 * (the caller revokes the naming). A recheck already decided → 409.
 */
export async function recordOutcome(store: Store, recheck: Recheck, outcome: RecheckOutcome, today: string, now: string): Promise<Recheck> {
  try {
    const writes = (await outcomeWrites(store, recheck, outcome, today, now)).map((w) => inTable(store, w));
    await store.doc.send(new TransactWriteCommand({ TransactItems: writes }));
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError(
        text(`该复查（${recheck.kind}）已有结论（${recheck.status}）。`, `This ${recheck.kind} was already decided (${recheck.status}).`),
        'already-decided',
      );
    throw error;
  }
  return (
    (await getRecheck(store, recheck.namingId, recheck.id)) ??
    (() => {
      throw new NotFoundError();
    })()
  );
}

/** The writes that record an outcome, for a transaction (a revocation writes them with the naming's): the recheck's open work is done. */
export async function outcomeWrites(
  store: Store,
  recheck: Recheck,
  outcome: RecheckOutcome,
  today: string,
  now: string,
): Promise<TransactItem[]> {
  return [outcomeUpdate(recheck, outcome, today, now), ...workWrites({ done: await indexedWork(store, [recheckWork(recheck)]) })];
}

/** The update that records an outcome, for a transaction (a revocation writes it with the naming's). */
export function outcomeUpdate(recheck: Recheck, outcome: RecheckOutcome, today: string, now: string): TransactItem {
  const status = outcome.outcome === 'pass' ? 'passed' : outcome.outcome === 'rectify' ? 'rectifying' : 'revoked';
  const milestone = outcome.outcome === 'rectify' ? nextMilestone(outcome.rectifyBy, deadlineMilestones, today) : undefined;
  const note = outcome.outcome === 'revoke' ? outcome.reason : outcome.note;
  return {
    Update: {
      TableName: '',
      Key: keyOf(recheck.namingId, recheck.id),
      UpdateExpression: `SET #status = :status, updatedAt = :now${note ? ', outcomeNote = :note' : ''}${outcome.outcome === 'rectify' ? ', rectifyBy = :by' : ''}${
        milestone ? ', agendaKind = :kind, agendaDue = :due, agendaMilestone = :m' : ' REMOVE agendaKind, agendaDue, agendaMilestone'
      }`,
      ConditionExpression: '#status IN (:open, :overdue)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':now': now,
        ':open': 'open',
        ':overdue': 'overdue',
        ...(note ? { ':note': note } : {}),
        ...(outcome.outcome === 'rectify' ? { ':by': outcome.rectifyBy } : {}),
        ...(milestone ? { ':kind': 'rectification', ':due': milestone.date, ':m': milestone.daysBefore } : {}),
      },
    },
  };
}

/**
 * Moves a recheck or rectification deadline past the milestone just notified, if it still stands at `stored`; the
 * overdue milestone marks it overdue. Returns whether this call moved it.
 */
export async function advanceDeadline(
  store: Store,
  recheck: Recheck,
  agendaKind: 'recheck' | 'rectification',
  { stored, acted, next }: AgendaStep,
  now: string,
): Promise<boolean> {
  const overdue = acted === overdueStep;
  const live = agendaKind === 'recheck' ? 'open' : 'rectifying';
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(recheck.namingId, recheck.id),
        UpdateExpression: `SET updatedAt = :now${overdue ? ', #status = :overdue' : ''}${next ? ', agendaDue = :due, agendaMilestone = :next' : ' REMOVE agendaKind, agendaDue, agendaMilestone'}`,
        ConditionExpression: 'agendaKind = :kind AND agendaMilestone = :stored AND #status = :live',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now,
          ':kind': agendaKind,
          ':stored': stored,
          ':live': live,
          ...(overdue ? { ':overdue': agendaKind === 'recheck' ? 'overdue' : 'rectification-overdue' } : {}),
          ...(next ? { ':due': next.date, ':next': next.daysBefore } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
