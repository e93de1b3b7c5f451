import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { milestonesOf, nextMilestone, overdueStep, type AgendaStep } from '../domain/agenda.ts';
import { taskMilestones, type PlanCreate, type ProgressCreate, type TaskCreate } from '../domain/plans.ts';
import { auditItem, type Actor } from './audit.ts';
import { pageByRegion, type Page } from './pagination.ts';
import { createWithAudit, isConditionFailure, queryAll, type Store, type TransactItem, versionedWrite } from './store.ts';
import type { Plan, Task } from '../domain/plans.ts';
import type { Evidence } from '../evidence/files.ts';

import { workPartition, workSk, type WorkItem, type WorkOwner } from '../domain/work.ts';
import { workWrites } from './work.ts';
/*
 * Access patterns:
 * - a plan by id: GetItem pk=PLAN#<id>, sk=PLAN
 * - plans in a region: Query index region, regionPk=plan#<province>, begins_with(regionSk, <prefix>)
 * - a task by id: GetItem pk=TASK#<id>, sk=TASK
 * - a task's progress reports: Query pk=TASK#<id>, begins_with(sk, PROGRESS#) (oldest first)
 * - a task's evidence: Query pk=TASK#<id>, begins_with(sk, EVIDENCE#); one by GetItem sk=EVIDENCE#<evidenceId>
 * - a plan's tasks: Query index byOwner, ownerPk=PLAN#<planId>
 * - tasks due: index agenda, agendaKind=task-due (7 and 1 days before, and overdue)
 */

const planKey = (id: string) => ({ pk: `PLAN#${id}`, sk: 'PLAN' });
const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });
const planFields = ['id', 'title', 'regionCode', 'phases', 'targets', 'authorityId', 'version', 'createdAt'] as const;
const taskFields = [
  'id',
  'planId',
  'planTitle',
  'regionCode',
  'authorityId',
  'title',
  'responsibleAgency',
  'phase',
  'dueOn',
  'measure',
  'state',
  'percent',
  'reportedOn',
  'acceptedOn',
  'sentBackReason',
  'version',
  'createdAt',
  'updatedAt',
] as const;

function pick<T>(fields: readonly string[], item: Record<string, unknown>): T {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as T;
}

/** A task from its stored item. */
export function taskFromItem(item: Record<string, unknown>): Task {
  const task = pick<Task>(taskFields, item);
  return item.agendaMilestone === undefined ? task : { ...task, nextMilestone: Number(item.agendaMilestone) };
}

/** Stores a new plan of an authority for a region. */
export async function createPlan(
  store: Store,
  body: PlanCreate & { regionCode: string },
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<Plan> {
  const plan: Plan = {
    id,
    title: body.title,
    regionCode: body.regionCode,
    phases: body.phases,
    targets: body.targets,
    authorityId: actor.agencyId,
    version: 1,
    createdAt: now,
  };
  await createWithAudit(store, {
    item: {
      ...planKey(plan.id),
      kind: 'plan',
      ...plan,
      regionPk: `plan#${plan.regionCode.slice(0, 2)}`,
      regionSk: `${plan.regionCode}#${now}#${plan.id}`,
    },
    audit: auditItem(planKey(plan.id).pk, {
      actor,
      at: now,
      action: 'createPlan',
      after: { title: plan.title, regionCode: plan.regionCode },
    }),
  });
  return plan;
}

/** The plan with this id, if any. */
export async function getPlan(store: Store, id: string): Promise<Plan | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: planKey(id) }));
  return Item ? pick<Plan>(planFields, Item) : undefined;
}

/** Plans in a region (a prefix of codes), oldest first. */
export function listPlans(store: Store, query: { prefix: string; province: string; limit: number; cursor?: string }): Promise<Page<Plan>> {
  return pageByRegion(
    store,
    { partition: `plan#${query.province}`, prefix: query.prefix, limit: query.limit, cursor: query.cursor },
    (item) => pick<Plan>(planFields, item),
  );
}

/** The stored item of a task, with its next reminder on the agenda while it is not done. */
function taskItem(t: Task, today: string): Record<string, unknown> {
  const live = t.state === 'open' || t.state === 'overdue';
  // A task that stays live keeps its next reminder; one that comes back (sent back) resumes from today.
  const kept =
    t.nextMilestone !== undefined ? milestonesOf(t.dueOn, taskMilestones).find((m) => m.daysBefore === t.nextMilestone) : undefined;
  const milestone = live ? (kept ?? nextMilestone(t.dueOn, taskMilestones, today)) : undefined;
  const { nextMilestone: _next, ...stored } = t;
  return {
    ...taskKey(t.id),
    kind: 'task',
    ...stored,
    ownerPk: `PLAN#${t.planId}`,
    ownerSk: `TASK#${t.dueOn}#${t.id}`,
    ...(milestone ? { agendaKind: 'task-due', agendaDue: milestone.date, agendaMilestone: milestone.daysBefore } : {}),
  };
}

/** Stores new tasks of a plan (one transaction each, so that an import keeps what is valid). */
export async function createTask(
  store: Store,
  plan: Plan,
  body: TaskCreate,
  actor: Actor,
  today: string,
  now: string,
  id: string = randomUUID(),
): Promise<Task> {
  const task: Task = {
    id,
    planId: plan.id,
    planTitle: plan.title,
    regionCode: plan.regionCode,
    authorityId: plan.authorityId,
    ...body,
    state: today > body.dueOn ? 'overdue' : 'open',
    percent: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await createWithAudit(store, {
    item: taskItem(task, today),
    audit: auditItem(taskKey(task.id).pk, { actor, at: now, action: 'createTask', after: { ...body } }),
  });
  return task;
}

/** The task with this id, if any. */
export async function getTask(store: Store, id: string): Promise<Task | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: taskKey(id), ConsistentRead: true }));
  return Item ? taskFromItem(Item) : undefined;
}

/** Every task of a plan, by due date. */
export async function listPlanTasks(store: Store, planId: string): Promise<Task[]> {
  const items = await queryAll(store, {
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :o AND begins_with(ownerSk, :t)',
    ExpressionAttributeValues: { ':o': `PLAN#${planId}`, ':t': 'TASK#' },
  });
  return items.map(taskFromItem);
}

/** The open work a task reported done is: its review, for the plan's authority, since the day it was reported. */
export function taskWork(task: Task): { owner: WorkOwner; item: WorkItem }[] {
  if (task.state !== 'reported') return [];
  return [
    {
      owner: { agencyId: task.authorityId },
      item: {
        kind: 'task-review',
        id: task.id,
        title: `${task.planTitle}：${task.title}`,
        since: task.reportedOn ?? task.updatedAt,
        due: task.dueOn,
        link: `/v1/tasks/${task.id}/review`,
      },
    },
  ];
}

/**
 * The open-work writes of a task's step: a review arises when it is reported, and is done once it is accepted or sent
 * back — deleted (and counted off) only if the index has it: a task reported before the index existed has none.
 */
async function taskWorkWrites(store: Store, before: Task, after: Task): Promise<TransactItem[]> {
  const key = (w: { item: WorkItem }) => `${w.item.since}#${w.item.id}`;
  const was = taskWork(before);
  const is = taskWork(after);
  const done: typeof was = [];
  for (const w of was.filter((w) => !is.some((x) => key(x) === key(w)))) {
    const { Item } = await store.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: workPartition(w.owner), sk: workSk(w.item) }, ConsistentRead: true }),
    );
    if (Item) done.push(w);
  }
  return workWrites({ done, arise: is.filter((w) => !was.some((x) => key(x) === key(w))) });
}

/**
 * Writes a task's next version (412 when another writer got there first), its audit entry, the step's other items and
 * its open work (`taskWork`).
 */
export async function saveTask(
  store: Store,
  before: Task,
  next: Task,
  audit: { actor: Actor; action: string; at: string; detail?: unknown },
  today: string,
  extra: TransactItem[] = [],
): Promise<Task> {
  const saved = { ...next, version: before.version + 1, updatedAt: audit.at };
  await versionedWrite(store, {
    item: taskItem(saved, today),
    expectedVersion: before.version,
    audit: auditItem(taskKey(before.id).pk, {
      actor: audit.actor,
      at: audit.at,
      action: audit.action,
      before: { state: before.state, percent: before.percent },
      after: { state: saved.state, percent: saved.percent, detail: audit.detail },
    }),
    extra: [...extra, ...(await taskWorkWrites(store, before, saved))],
    current: () => getTask(store, before.id),
  });
  return saved;
}

/** The key of an item beside a task (progress, evidence). */
function taskChildKey(taskId: string, sk: string): { pk: string; sk: string } {
  return { pk: taskKey(taskId).pk, sk };
}

/** Items beside a task whose sort key starts with `prefix`. */
async function taskChildren(store: Store, taskId: string, prefix: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': taskKey(taskId).pk, ':p': prefix },
      ConsistentRead: true,
    }),
  );
  return Items;
}

/** A progress report on a task. */
export interface TaskProgress extends ProgressCreate {
  at: string;
  by: string;
}

/** A task's progress reports, oldest first. */
export async function listTaskProgress(store: Store, taskId: string): Promise<TaskProgress[]> {
  return (await taskChildren(store, taskId, 'PROGRESS#')).map(
    ({ percent, text, evidenceIds, at, by }) => ({ percent, text, evidenceIds, at, by }) as TaskProgress,
  );
}

/** The stored evidence items of a task (read them with `evidenceOf`). */
export function listTaskEvidence(store: Store, taskId: string): Promise<Record<string, unknown>[]> {
  return taskChildren(store, taskId, 'EVIDENCE#');
}

/** The stored item of one piece of a task's evidence, if any. */
export async function getTaskEvidence(store: Store, taskId: string, evidenceId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: taskChildKey(taskId, `EVIDENCE#${evidenceId}`), ConsistentRead: true }),
  );
  return Item;
}

/**
 * Records a progress report: the task's next version (412 when another writer got there first), its audit entry and
 * the report itself, in one transaction. `requestId` keeps two reports at the same instant apart.
 */
export function reportProgress(
  store: Store,
  before: Task,
  next: Task,
  progress: TaskProgress,
  audit: { actor: Actor; at: string; detail?: unknown },
  today: string,
  requestId: string,
): Promise<Task> {
  return saveTask(store, before, next, { ...audit, action: 'reportProgress' }, today, [
    { Put: { TableName: '', Item: { ...taskChildKey(before.id, `PROGRESS#${progress.at}#${requestId}`), kind: 'progress', ...progress } } },
  ]);
}

/** Stores a task's newly declared evidence (pending until its upload is confirmed). */
export async function attachTaskEvidence(store: Store, taskId: string, evidence: Evidence): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { ...taskChildKey(taskId, `EVIDENCE#${evidence.id}`), kind: 'evidence', ...evidence },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Marks a task's evidence confirmed, if it is still pending (a failed condition throws). */
export async function confirmTaskEvidence(store: Store, item: Record<string, unknown>, confirmed: Evidence): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { ...item, ...confirmed },
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    }),
  );
}

/**
 * Moves a task's reminder past the milestone just notified, if it still stands at `stored`; the overdue milestone
 * marks an open task overdue. Returns whether this call moved it.
 */
export async function advanceTaskMilestone(store: Store, task: Task, { stored, acted, next }: AgendaStep, now: string): Promise<boolean> {
  const overdue = acted === overdueStep;
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: taskKey(task.id),
        UpdateExpression: `SET updatedAt = :now${overdue ? ', #state = :overdue, version = version + :one' : ''}${next ? ', agendaDue = :due, agendaMilestone = :next' : ' REMOVE agendaKind, agendaDue, agendaMilestone'}`,
        ConditionExpression: 'agendaMilestone = :stored AND #state IN (:open, :overdue)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': now,
          ':stored': stored,
          ':open': 'open',
          ':overdue': 'overdue',
          ...(overdue ? { ':one': 1 } : {}),
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
