import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, text } from '../domain/errors.ts';
import {
  maxActivePerUnit,
  readjustmentReminder,
  termEndOf,
  termExpiredReason,
  termMilestones,
  termYears,
  type Instructor,
} from '../domain/instructors.ts';
import { nextMilestone, type AgendaStep } from '../domain/agenda.ts';
import { regionPrefix } from '../domain/regions.ts';
import { addYears } from '../domain/time.ts';
import type { Unit } from '../domain/units.ts';
import type { Appointment } from '../domain/instructors.ts';
import { auditItem, type Actor } from './audit.ts';
import { instructorKey, instructorKeys } from './instructors.ts';
import { pageByRegion } from './pagination.ts';
import { batchGet, failedAt, inTable, isConditionFailure, isTransactionConflict, type Store, type TransactItem } from './store.ts';

/*
 * Access patterns:
 * - a unit's appointments, past and present: Query pk=UNIT#<unitId>, begins_with(sk, APPOINTMENT#); how many are
 *   active: GetItem pk=UNIT#<unitId>, sk=INSTRUCTORS (a counter kept in the same transactions, never above 2); one
 *   instructor once per unit: guard pk=UNIT#<unitId>, sk=ACTIVE#<instructorId>
 * - an instructor's appointments: Query index byOwner, ownerPk=INSTR#<id>
 * - appointments in a region, past and present (filings as of a date): Query index region, regionPk=appointment#<province>,
 *   begins_with(regionSk, <prefix>)
 * - terms ending (reminders, then the end the day after the last day), and collective readjustments due
 *   (pk=COUNTY#<county>, sk=READJUSTMENT): index agenda, agendaKind=instructor-term | readjustment
 */

const counterKey = (unitId: string) => ({ pk: `UNIT#${unitId}`, sk: 'INSTRUCTORS' });
const guardKey = (unitId: string, instructorId: string) => ({ pk: `UNIT#${unitId}`, sk: `ACTIVE#${instructorId}` });
const appointmentKey = (unitId: string, id: string) => ({ pk: `UNIT#${unitId}`, sk: `APPOINTMENT#${id}` });
const readjustmentKey = (county: string) => ({ pk: `COUNTY#${county}`, sk: 'READJUSTMENT' });
const appointmentFields = [
  'id',
  'unitId',
  'unitName',
  'unitRegion',
  'instructorId',
  'instructorName',
  'appointedOn',
  'termEndsOn',
  'status',
  'endedOn',
  'endReason',
  'successorId',
  'issuedBy',
  'createdAt',
] as const;

/** An appointment from its stored item. */
export function appointmentFromItem(item: Record<string, unknown>): Appointment {
  return Object.fromEntries(appointmentFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Appointment;
}

function appointmentItem(a: Appointment, today: string): Record<string, unknown> {
  const milestone = a.status === 'active' ? nextMilestone(a.termEndsOn, termMilestones, today) : undefined;
  return {
    ...appointmentKey(a.unitId, a.id),
    kind: 'appointment',
    ...a,
    ownerPk: `INSTR#${a.instructorId}`,
    ownerSk: `APPOINTMENT#${a.appointedOn}#${a.id}`,
    regionPk: `appointment#${a.unitRegion.slice(0, 2)}`,
    regionSk: `${a.unitRegion}#${a.id}`,
    ...(milestone ? { agendaKind: 'instructor-term', agendaDue: milestone.date, agendaMilestone: milestone.daysBefore } : {}),
  };
}

/** The items that start an appointment: the counter (never above 2), the one-per-unit guard, the appointment. */
function startItems(a: Appointment, today: string, countIt: boolean): TransactItem[] {
  return [
    ...(countIt
      ? [
          {
            Update: {
              TableName: '',
              Key: counterKey(a.unitId),
              UpdateExpression: 'ADD active :one',
              ConditionExpression: 'attribute_not_exists(active) OR active < :max',
              ExpressionAttributeValues: { ':one': 1, ':max': maxActivePerUnit },
            },
          },
        ]
      : []),
    {
      Put: {
        TableName: '',
        Item: { ...guardKey(a.unitId, a.instructorId), kind: 'appointment-guard', appointmentId: a.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: '', Item: appointmentItem(a, today), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Keeps a county's collective readjustment on the agenda: due 3 years after its first appointment, reminded yearly. */
function readjustmentItem(county: string, appointedOn: string, issuedBy: string, today: string): TransactItem {
  const dueOn = addYears(appointedOn, termYears);
  const reminder = readjustmentReminder(dueOn, today);
  return {
    Update: {
      TableName: '',
      Key: readjustmentKey(county),
      UpdateExpression:
        'SET #kind = :kind, regionCode = :county, issuedBy = :by, dueOn = if_not_exists(dueOn, :due), agendaKind = if_not_exists(agendaKind, :agenda), ' +
        'agendaDue = if_not_exists(agendaDue, :on), agendaMilestone = if_not_exists(agendaMilestone, :years)',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: {
        ':kind': 'readjustment',
        ':county': county,
        ':by': issuedBy,
        ':due': dueOn,
        ':agenda': 'readjustment',
        ':on': reminder.on,
        ':years': reminder.yearsBefore,
      },
    },
  };
}

/**
 * Appoints an instructor to a unit for 3 years, all or nothing: at most 2 active per unit (409 `instructor-limit`),
 * an instructor once per unit (409 `already-appointed`), only an active instructor (409 `not-active`).
 */
export async function appoint(
  store: Store,
  unit: Unit,
  instructor: Instructor,
  appointedOn: string,
  actor: Actor,
  today: string,
  now: string,
  id: string = randomUUID(),
): Promise<Appointment> {
  const appointment: Appointment = {
    id,
    unitId: unit.id,
    unitName: unit.name,
    unitRegion: unit.regionCode,
    instructorId: instructor.id,
    instructorName: instructor.name,
    appointedOn,
    termEndsOn: termEndOf(appointedOn),
    status: 'active',
    issuedBy: actor.agencyId,
    createdAt: now,
  };
  const items: TransactItem[] = [
    ...startItems(appointment, today, true),
    // The instructor's version moves too, so that retiring it at the same moment fails instead of leaving it appointed.
    {
      Update: {
        TableName: '',
        Key: instructorKey(instructor.id),
        UpdateExpression: 'ADD version :one',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':one': 1 },
      },
    },
    readjustmentItem(unit.regionCode, appointedOn, actor.agencyId, today),
    {
      Put: {
        TableName: '',
        Item: auditItem(`UNIT#${unit.id}`, {
          actor,
          at: now,
          action: 'appointInstructor',
          after: { appointmentId: appointment.id, instructorId: instructor.id, appointedOn },
        }),
      },
    },
  ];
  const send = () => store.doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => inTable(store, i)) }));
  try {
    await send().catch(async (error: unknown) => {
      // A place, or this instructor's guard, may still be held by a term that ran out before the sweep came by: end it, try again.
      if (!(failedAt(error, 0) || failedAt(error, 1)) || !(await endRunOutTerms(store, unit.id, actor, today, now))) throw error;
      return send();
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (failedAt(error, 1))
      throw new ConflictError(
        text(`${instructor.name} 已是 ${unit.name} 的在任指导员。`, `${instructor.name} is an active instructor of ${unit.name} already.`),
        'already-appointed',
      );
    if (failedAt(error, 0))
      throw new ConflictError(
        text(
          `${unit.name} 已有 ${maxActivePerUnit} 名在任指导员，请先调整其中一名。`,
          `${unit.name} has ${maxActivePerUnit} active instructors already; adjust one first.`,
        ),
        'instructor-limit',
      );
    if (failedAt(error, 3))
      throw new ConflictError(
        text(`${instructor.name} 的状态为 ${instructor.status}，不在任。`, `${instructor.name} is ${instructor.status}, not active.`),
        'not-active',
      );
    throw new ConflictError(
      text('该单位同时有另一项聘任，请重试。', 'Another appointment for this unit happened at the same time; retry.'),
      'busy',
    );
  }
  return appointment;
}

/** A unit's appointments, newest first (the history stays readable). */
export async function listUnitAppointments(store: Store, unitId: string): Promise<Appointment[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `UNIT#${unitId}`, ':a': 'APPOINTMENT#' },
      ConsistentRead: true,
    }),
  );
  return Items.map(appointmentFromItem).sort(
    (a, b) => b.appointedOn.localeCompare(a.appointedOn) || b.createdAt.localeCompare(a.createdAt),
  );
}

/** An instructor's appointments, oldest first. */
export async function listInstructorAppointments(store: Store, instructorId: string): Promise<Appointment[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :o AND begins_with(ownerSk, :a)',
      ExpressionAttributeValues: { ':o': `INSTR#${instructorId}`, ':a': 'APPOINTMENT#' },
    }),
  );
  return Items.map(appointmentFromItem);
}

/** Every appointment of a region, past and present (what a filing is made from), in region order. */
export async function regionAppointments(store: Store, regionCode: string): Promise<Appointment[]> {
  const found: Appointment[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageByRegion(
      store,
      { partition: `appointment#${regionCode.slice(0, 2)}`, prefix: regionPrefix(regionCode), limit: 100, cursor },
      appointmentFromItem,
    );
    found.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return found;
}

/** How many active instructors each unit has. */
export async function activeCounts(store: Store, unitIds: readonly string[]): Promise<Map<string, number>> {
  const items = await batchGet(store, unitIds.map(counterKey));
  return new Map(items.map((item) => [String(item.pk).slice('UNIT#'.length), Number(item.active ?? 0)]));
}

/**
 * Ends an instructor's active appointments (all, or one unit's) for a reason, all or nothing; with a successor,
 * the successor takes each ended place from the same day for a full term. The instructor becomes `adjusted` once
 * no appointment is left active.
 */
export async function adjust(
  store: Store,
  instructor: Instructor,
  ending: readonly Appointment[],
  reason: string,
  effectiveOn: string,
  successor: Instructor | undefined,
  remaining: number,
  actor: Actor,
  today: string,
  now: string,
): Promise<{ ended: Appointment[]; started: Appointment[] }> {
  const ended = ending.map(
    (a): Appointment => ({
      ...a,
      status: 'ended',
      endedOn: effectiveOn,
      endReason: reason,
      ...(successor ? { successorId: successor.id } : {}),
    }),
  );
  const started = successor
    ? ending.map(
        (a): Appointment => ({
          ...a,
          id: randomUUID(),
          instructorId: successor.id,
          instructorName: successor.name,
          appointedOn: effectiveOn,
          termEndsOn: termEndOf(effectiveOn),
          status: 'active',
          issuedBy: actor.agencyId,
          createdAt: now,
        }),
      )
    : [];
  const items: TransactItem[] = [];
  for (const a of ended) {
    items.push(
      {
        Put: {
          TableName: '',
          Item: appointmentItem(a, today),
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      },
      { Delete: { TableName: '', Key: guardKey(a.unitId, a.instructorId) } },
    );
    // A successor takes the place: the unit's count stays as it was.
    if (!successor)
      items.push({
        Update: {
          TableName: '',
          Key: counterKey(a.unitId),
          UpdateExpression: 'ADD active :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      });
  }
  for (const a of started) items.push(...startItems(a, today, false));
  if (successor)
    items.push({
      Update: {
        TableName: '',
        Key: instructorKey(successor.id),
        UpdateExpression: 'ADD version :one',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':one': 1 },
      },
    });
  if (remaining === 0) {
    const { fPk, fSk } = instructorKeys(instructor, 'adjusted');
    items.push({
      Update: {
        TableName: '',
        Key: instructorKey(instructor.id),
        UpdateExpression: 'SET #status = :adjusted, fPk = :fPk, fSk = :fSk, updatedAt = :now ADD version :one',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':adjusted': 'adjusted', ':fPk': fPk, ':fSk': fSk, ':now': now, ':one': 1 },
      },
    });
  }
  items.push({
    Put: {
      TableName: '',
      Item: auditItem(instructorKey(instructor.id).pk, {
        actor,
        at: now,
        action: 'adjustInstructor',
        after: { reason, effectiveOn, ended: ended.map((a) => a.unitId), successorId: successor?.id },
      }),
    },
  });
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => inTable(store, i)) }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConflictError(
      text(
        '有聘任同时发生了变化（或接任者已在其中某单位任职，或不在任），请重新读取。',
        'An appointment changed at the same time (or the successor already serves one of these units, or is not active); read again.',
      ),
      'busy',
    );
  }
  return { ended, started };
}

/**
 * Ends an appointment whose term has run out (in force through `termEndsOn`, ended from the next day): `ended` on its
 * last day, off the agenda, its place and its one-per-unit guard given back, with an audit entry. Only while it is
 * still active, so that two sweeps (or a sweep and an appointment that found it first) end it once and one adjusted
 * by hand is left alone. The instructor's own status is not touched: a term that ran out leaves them free to be
 * appointed again, not adjusted. Returns whether this call ended it.
 */
export async function endTerm(store: Store, a: Appointment, actor: Actor, today: string, now: string): Promise<boolean> {
  if (a.termEndsOn >= today) return false;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: '',
        Key: appointmentKey(a.unitId, a.id),
        UpdateExpression: 'SET #status = :ended, endedOn = :last, endReason = :reason REMOVE agendaKind, agendaDue, agendaMilestone',
        ConditionExpression: '#status = :active AND termEndsOn < :today',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':ended': 'ended',
          ':last': a.termEndsOn,
          ':reason': termExpiredReason,
          ':active': 'active',
          ':today': today,
        },
      },
    },
    { Delete: { TableName: '', Key: guardKey(a.unitId, a.instructorId) } },
    {
      Update: {
        TableName: '',
        Key: counterKey(a.unitId),
        UpdateExpression: 'ADD active :minus',
        ExpressionAttributeValues: { ':minus': -1 },
      },
    },
    {
      Put: {
        TableName: '',
        Item: auditItem(`UNIT#${a.unitId}`, {
          actor,
          at: now,
          action: 'endInstructorTerm',
          before: { appointmentId: a.id, status: 'active' },
          after: {
            appointmentId: a.id,
            instructorId: a.instructorId,
            status: 'ended',
            endedOn: a.termEndsOn,
            endReason: termExpiredReason,
          },
        }),
      },
    },
  ];
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => inTable(store, i)) }));
    return true;
  } catch (error) {
    // Ended already (by another sweep, an appointment, or by hand), or being ended by a transaction at this moment.
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

/** Ends a unit's appointments whose term ran out by `today` but are not marked yet; returns whether there were any. */
async function endRunOutTerms(store: Store, unitId: string, actor: Actor, today: string, now: string): Promise<boolean> {
  const runOut = (await listUnitAppointments(store, unitId)).filter((a) => a.status === 'active' && a.termEndsOn < today);
  for (const a of runOut) await endTerm(store, a, actor, today, now);
  return runOut.length > 0;
}

/**
 * Moves a term's agenda entry past the reminder just notified to the step's next one (after the last, the day its
 * term ends: `endTerm`), if it still stands at `stored` (so two sweeps notify once). Returns whether this call moved it.
 */
export async function advanceTermMilestone(store: Store, a: Appointment, { stored, next }: AgendaStep): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: appointmentKey(a.unitId, a.id),
        UpdateExpression: next ? 'SET agendaDue = :due, agendaMilestone = :next' : 'REMOVE agendaKind, agendaDue, agendaMilestone',
        ConditionExpression: 'agendaMilestone = :stored AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':stored': stored,
          ':active': 'active',
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

/**
 * Moves a county's readjustment reminder to `next` (the next year's, or the next cycle's), if it still stands at
 * `stored`. Returns whether this call moved it.
 */
export async function advanceReadjustment(
  store: Store,
  county: string,
  dueOn: string,
  stored: number,
  next: { dueOn: string; yearsBefore: number; on: string },
): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: readjustmentKey(county),
        UpdateExpression: 'SET dueOn = :due, agendaDue = :on, agendaMilestone = :years',
        ConditionExpression: 'agendaMilestone = :stored AND dueOn = :was',
        ExpressionAttributeValues: { ':due': next.dueOn, ':on': next.on, ':years': next.yearsBefore, ':stored': stored, ':was': dueOn },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
