import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import { stateAfterReport, type ProgressCreate, type Task } from '../../shared/domain/plans.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import * as plans from '../../shared/data/plans.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask, requireResponsible } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/tasks/{id}/progress`: the responsible agency reports a percent done (100 % awaits acceptance) with text and evidence. */
export const reportProgress: RouteImpl<ProgressCreate> = async (request) => {
  const { caller, body } = request;
  const task = await readTask(caller, request.params.id!);
  requireResponsible(caller, task);
  checkIfMatch(request.ifMatch, task.version);
  if (task.state === 'accepted' || task.state === 'reported')
    throw new ConflictError(
      text(
        `该任务状态为 ${task.state}；${task.state === 'reported' ? '正等待民族工作部门审核' : '已经完成'}。`,
        `The task is ${task.state}; ${task.state === 'reported' ? 'it awaits the authority' : 'it is done'}.`,
      ),
      'illegal-transition',
    );
  const store = mainStore();
  const evidence = await plans.listTaskEvidence(store, task.id);
  body.evidenceIds.forEach((id, i) => {
    if (!evidence.some((e) => e.id === id && e.status === 'confirmed'))
      throw new ValidationError([
        { pointer: `/evidenceIds/${i}`, detail: text(`该任务没有已确认的证明材料 ${id}`, `no confirmed evidence ${id} on this task`) },
      ]);
  });
  const state = stateAfterReport(task.state, body.percent);
  const next: Task = { ...task, percent: body.percent, state, ...(state === 'reported' ? { reportedOn: request.today } : {}) };
  const progress = { ...body, at: request.now, by: caller.agencyId };
  const saved = await plans.reportProgress(
    store,
    task,
    next,
    progress,
    { actor: actorOf(request), at: request.now, detail: { percent: body.percent } },
    request.today,
    request.requestId,
  );
  return { status: 201, body: saved, etag: saved.version, headers: { location: `/v1/tasks/${task.id}` } };
};
