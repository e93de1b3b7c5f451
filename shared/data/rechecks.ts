import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deadlineMilestones, type RecheckCreate, type RecheckOutcome } from '../domain/rechecks.ts';
import { nextMilestone, overdueStep, type AgendaStep } from '../domain/agenda.ts';
import { ConflictError, NotFoundError, text } from '../domain/errors.ts';
import type { Naming } from '../domain/namings.ts';
import { isConditionFailure, type Store, type TransactItem } from './store.ts';
import type { Recheck } from '../domain/rechecks.ts';

/*
 * Access patterns:
 * - a naming's rechecks: Query pk=NAMING#<namingId>, begins_with(sk, RECHECK#) — beside the naming itself
 * - due recheck and rectification deadlines: index agenda, agendaKind=recheck|rectification, agendaDue <= today
 */

const fields = [
  'id',
  'namingId',
  'kind',
  'dueOn',
  'assignees',
  'pairedNamingId',
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

/** Schedules a recheck of an active naming, its deadline on the agenda (14 and 3 days before, and overdue). */
export async function createRecheck(
  store: Store,
  naming: Naming,
  input: RecheckCreate,
  today: string,
  now: string,
  id: string = randomUUID(),
): Promise<Recheck> {
  const recheck: Recheck = {
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
  const milestone = nextMilestone(input.dueOn, deadlineMilestones, today);
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: {
        ...keyOf(naming.id, recheck.id),
        ...recheck,
        kind: 'recheck',
        recheckKind: recheck.kind,
        ...(milestone ? { agendaKind: 'recheck', agendaDue: milestone.date, agendaMilestone: milestone.daysBefore } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return recheck;
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
export async function getRecheck(store: Store, namingId: string, id: string): Promise<Recheck | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(namingId, id) }));
  return Item ? recheckFromItem(Item) : undefined;
}

/**
 * Records an outcome once: pass closes it; rectify puts the rectification deadline on the agenda; revoke closes it
 * (the caller revokes the naming). A recheck already decided → 409.
 */
export async function recordOutcome(store: Store, recheck: Recheck, outcome: RecheckOutcome, today: string, now: string): Promise<Recheck> {
  try {
    await store.doc.send(new UpdateCommand({ ...outcomeUpdate(recheck, outcome, today, now).Update!, TableName: store.table }));
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
