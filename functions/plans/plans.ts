import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/domain/errors.ts';
import {
  board, planProblems, stateAfterReport, stateAfterSendBack, taskCreate, taskProblems, type PlanCreate, type ProgressCreate, type TaskCreate, type TaskReview,
} from '../../shared/domain/plans.ts';
import type { EvidenceCreate } from '../../shared/domain/submissions.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import * as plans from '../../shared/data/plans.ts';
import { createOnce, mainStore } from '../../shared/data/store.ts';
import { confirmUpload, declareEvidence, evidenceOf, withDownload } from '../../shared/evidence/files.ts';
import { fromCsv, toCsv } from '../../shared/http/csv.ts';
import { fieldProblems } from '../../shared/http/problem.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import type { Plan, Task } from '../../shared/domain/plans.ts';


/** The plan the caller may see (an authority in its region), or 404. */
async function readPlan(caller: Caller, id: string): Promise<Plan> {
  const plan = await plans.getPlan(mainStore(), id);
  if (!plan || !inScope(caller, plan.regionCode)) throw new NotFoundError(`No plan ${id} in your region.`);
  return plan;
}

/** Refuses anyone but the authority that wrote the plan (or an admin). */
function requirePlanAuthority(caller: Caller, plan: { authorityId: string }): void {
  if (caller.role !== 'admin' && caller.agencyId !== plan.authorityId) throw new ForbiddenError('Only the authority that wrote the plan may do this.');
}

/** The task the caller may see: in its region, or one its agency is responsible for. */
async function readTask(caller: Caller, id: string): Promise<Task> {
  const task = await plans.getTask(mainStore(), id);
  if (!task || !(inScope(caller, task.regionCode) || caller.agencyId === task.responsibleAgency)) throw new NotFoundError(`No task ${id} for you.`);
  return task;
}

/** `POST /v1/plans`: an authority's creation plan for its region: phases with date ranges, targets. */
export const createPlan: RouteImpl<PlanCreate> = async (request) => {
  const { caller, body } = request;
  const regionCode = body.regionCode ?? caller.region;
  if (caller.role !== 'admin' && regionCode !== caller.region) throw new ForbiddenError(`An authority plans for its own region (${caller.region}).`);
  const problems = planProblems(body);
  if (problems.length > 0) throw new ValidationError(problems, 'The plan breaks these rules; see errors.');
  const id = request.newId();
  const plan = await createOnce(() => plans.createPlan(mainStore(), { ...body, regionCode }, actorOf(request), request.now, id), () => plans.getPlan(mainStore(), id));
  return { status: 201, body: plan, headers: { location: `/v1/plans/${plan.id}` } };
};

/** `GET /v1/plans/{id}`. */
export const getPlan: RouteImpl = async (request) => ({ body: await readPlan(request.caller, request.params.id!) });

/** `GET /v1/plans?region=`: plans in a region (its whole subtree). */
export const listPlans: RouteImpl<undefined, { region?: string; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const region = query.region ?? caller.region;
  if (!inScope(caller, region)) throw new ForbiddenError(`Region ${region} lies outside your region ${caller.region}.`);
  if (region === '000000') throw new ValidationError([{ pointer: 'region', detail: 'give a province or narrower' }]);
  return { body: await plans.listPlans(mainStore(), { prefix: regionPrefix(region), province: region.slice(0, 2), limit: query.limit, cursor: query.cursor }) };
};

/** Problems of one task against its plan and the agency directory (a responsible agency must be reachable). */
async function checkTasks(plan: Plan, rows: readonly { at: string; task: TaskCreate }[]): Promise<Map<string, FieldProblem[]>> {
  const known = await getAuthorities(mainStore(), rows.map((r) => r.task.responsibleAgency));
  return new Map(rows.map(({ at, task }) => [at, [
    ...taskProblems(plan, task, at),
    ...(known.has(task.responsibleAgency) ? [] : [{ pointer: `${at}/responsibleAgency`, detail: `${task.responsibleAgency} is not in the agency directory` }]),
  ]]));
}

/** `POST /v1/plans/{id}/tasks`: one task: title, responsible agency, phase, due date (within the phase), measure of done. */
export const createTask: RouteImpl<TaskCreate> = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  requirePlanAuthority(request.caller, plan);
  const problems = (await checkTasks(plan, [{ at: '', task: request.body }])).get('')!;
  if (problems.length > 0) throw new ValidationError(problems);
  return { status: 201, body: await plans.createTask(mainStore(), plan, request.body, actorOf(request), request.today, request.now) };
};

const csvHeader = ['id', 'title', 'responsibleAgency', 'phase', 'dueOn', 'measure', 'state', 'percent', 'reportedOn', 'acceptedOn'] as const;

/** `GET /v1/plans/{id}/tasks`: the task table; `Accept: text/csv` gives it as spreadsheet-friendly CSV (UTF-8 with BOM). */
export const listTasks: RouteImpl = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  const tasks = await plans.listPlanTasks(mainStore(), plan.id);
  if (/text\/csv/.test(request.headers.accept ?? '')) {
    return { raw: toCsv(csvHeader, tasks.map((t) => csvHeader.map((c) => t[c]))), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tasks-${plan.id}.csv"` } };
  }
  return { body: { items: tasks } };
};

/**
 * `POST /v1/plans/{id}/tasks/import` (text/csv, a header row with title, responsibleAgency, phase, dueOn, measure):
 * each row is checked on its own; the valid are stored, the others refused with their problems.
 */
export const importTasks: RouteImpl<string> = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  requirePlanAuthority(request.caller, plan);
  let records: Record<string, string>[];
  try {
    records = await fromCsv(request.body);
  } catch (error) {
    throw new ValidationError([{ pointer: '', detail: `not readable as CSV: ${(error as Error).message}` }]);
  }
  if (records.length === 0 || records.length > 500) throw new ValidationError([{ pointer: '', detail: 'give 1 to 500 rows under a header row' }]);
  const parsed = records.map((record, row) => {
    const { title, responsibleAgency, phase, dueOn, measure } = record;
    const result = taskCreate.safeParse({ title, responsibleAgency, phase, dueOn, measure });
    return { row, at: `/rows/${row}`, result };
  });
  const valid = parsed.flatMap((p) => (p.result.success ? [{ at: p.at, task: p.result.data }] : []));
  const checked = await checkTasks(plan, valid);
  const created: { row: number; id: string }[] = [];
  const refused: { row: number; errors: FieldProblem[] }[] = [];
  for (const p of parsed) {
    if (!p.result.success) { refused.push({ row: p.row, errors: fieldProblems(p.result.error, 'body').map((e) => ({ ...e, pointer: `${p.at}${e.pointer}` })) }); continue; }
    const problems = checked.get(p.at)!;
    if (problems.length > 0) { refused.push({ row: p.row, errors: problems }); continue; }
    const task = await plans.createTask(mainStore(), plan, p.result.data, actorOf(request), request.today, request.now);
    created.push({ row: p.row, id: task.id });
  }
  return { body: { created, refused } };
};

/** `GET /v1/tasks/{id}`: a task with its progress reports and evidence. */
export const getTask: RouteImpl = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  const store = mainStore();
  const progress = (await plans.taskChildren(store, task.id, 'PROGRESS#')).map(({ percent, text, evidenceIds, at, by }) => ({ percent, text, evidenceIds, at, by }));
  const evidence = await Promise.all((await plans.taskChildren(store, task.id, 'EVIDENCE#')).map(evidenceOf).map(withDownload));
  return { body: { ...task, progress, evidence }, etag: task.version };
};

function requireResponsible(caller: Caller, task: Task): void {
  if (caller.role !== 'admin' && caller.agencyId !== task.responsibleAgency) throw new ForbiddenError(`Only the responsible agency (${task.responsibleAgency}) reports on this task.`);
}

/** `POST /v1/tasks/{id}/progress`: the responsible agency reports a percent done (100 % awaits acceptance) with text and evidence. */
export const reportProgress: RouteImpl<ProgressCreate> = async (request) => {
  const { caller, body } = request;
  const task = await readTask(caller, request.params.id!);
  requireResponsible(caller, task);
  if (task.state === 'accepted' || task.state === 'reported') throw new ConflictError(`The task is ${task.state}; ${task.state === 'reported' ? 'it awaits the authority' : 'it is done'}.`, 'illegal-transition');
  const store = mainStore();
  const evidence = await plans.taskChildren(store, task.id, 'EVIDENCE#');
  body.evidenceIds.forEach((id, i) => {
    if (!evidence.some((e) => e.id === id && e.status === 'confirmed')) throw new ValidationError([{ pointer: `/evidenceIds/${i}`, detail: `no confirmed evidence ${id} on this task` }]);
  });
  const state = stateAfterReport(task.state, body.percent);
  const next: Task = { ...task, percent: body.percent, state, ...(state === 'reported' ? { reportedOn: request.today } : {}) };
  const saved = await plans.saveTask(store, task, next, { actor: actorOf(request), action: 'reportProgress', at: request.now, detail: { percent: body.percent } }, request.today, [
    { Put: { TableName: '', Item: { ...plans.taskChildKey(task.id, `PROGRESS#${request.now}#${request.requestId}`), kind: 'progress', ...body, at: request.now, by: caller.agencyId } } },
  ]);
  return { status: 201, body: saved, etag: saved.version };
};

/** `POST /v1/tasks/{id}/review`: the plan's authority accepts a reported task, or sends it back with a reason. */
export const reviewTask: RouteImpl<TaskReview> = async (request) => {
  const { caller, body } = request;
  const task = await readTask(caller, request.params.id!);
  requirePlanAuthority(caller, task);
  if (task.state !== 'reported') throw new ConflictError(`Only a reported task is reviewed; this one is ${task.state}.`, 'illegal-transition');
  const next: Task = body.decision === 'accept'
    ? { ...task, state: 'accepted', acceptedOn: request.today }
    : { ...task, state: stateAfterSendBack(task.dueOn, request.today), sentBackReason: body.reason };
  if (body.decision === 'send-back') delete next.reportedOn;
  const saved = await plans.saveTask(mainStore(), task, next, { actor: actorOf(request), action: body.decision === 'accept' ? 'acceptTask' : 'sendBackTask', at: request.now, detail: body }, request.today);
  return { body: saved, etag: saved.version };
};

/** `POST /v1/tasks/{id}/evidence`: a presigned upload for the responsible agency's evidence (as for submissions). */
export const createTaskEvidence: RouteImpl<EvidenceCreate> = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  requireResponsible(request.caller, task);
  const { evidence, upload } = await declareEvidence(`evidence/tasks/${task.id}`, request.body, request.caller.sub, request.now);
  await mainStore().doc.send(new PutCommand({
    TableName: mainStore().table, Item: { ...plans.taskChildKey(task.id, `EVIDENCE#${evidence.id}`), kind: 'evidence', ...evidence }, ConditionExpression: 'attribute_not_exists(pk)',
  }));
  return { status: 201, body: { ...evidence, upload } };
};

/** `POST /v1/tasks/{id}/evidence/{evidenceId}/confirm`: size and SHA-256 checked; a mismatch discards the upload (422). */
export const confirmTaskEvidence: RouteImpl = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  requireResponsible(request.caller, task);
  const store = mainStore();
  const item = (await plans.taskChildren(store, task.id, `EVIDENCE#${request.params.evidenceId}`))[0];
  if (!item) throw new NotFoundError(`No evidence ${request.params.evidenceId} on this task.`);
  const evidence = evidenceOf(item);
  if (evidence.status === 'confirmed') return { body: evidence };
  const confirmed = await confirmUpload(evidence, request.now);
  await store.doc.send(new PutCommand({ TableName: store.table, Item: { ...item, ...confirmed }, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } }));
  return { body: confirmed };
};

/** `GET /v1/plans/{id}/board`: counts by state and phase, the overdue list, each agency's on-time rate. */
export const getBoard: RouteImpl = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  const tasks = await plans.listPlanTasks(mainStore(), plan.id);
  return { body: { planId: plan.id, asOf: request.today, ...board(tasks, request.today) } };
};
