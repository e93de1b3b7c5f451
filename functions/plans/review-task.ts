import { ConflictError, text } from '../../shared/domain/errors.ts';
import { stateAfterSendBack, type Task, type TaskReview } from '../../shared/domain/plans.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import * as plans from '../../shared/data/plans.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask, requirePlanAuthority } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/tasks/{id}/review`: the plan's authority accepts a reported task, or sends it back with a reason. */
export const reviewTask: RouteImpl<TaskReview> = async (request) => {
  const { caller, body } = request;
  const task = await readTask(caller, request.params.id!);
  requirePlanAuthority(caller, task);
  checkIfMatch(request.ifMatch, task.version);
  if (task.state !== 'reported')
    throw new ConflictError(
      text(`只有已报告的任务才能审核；该任务状态为 ${task.state}。`, `Only a reported task is reviewed; this one is ${task.state}.`),
      'illegal-transition',
    );
  const next: Task =
    body.decision === 'accept'
      ? { ...task, state: 'accepted', acceptedOn: request.today }
      : { ...task, state: stateAfterSendBack(task.dueOn, request.today), sentBackReason: body.reason };
  if (body.decision === 'send-back') delete next.reportedOn;
  const saved = await plans.saveTask(
    mainStore(),
    task,
    next,
    { actor: actorOf(request), action: body.decision === 'accept' ? 'acceptTask' : 'sendBackTask', at: request.now, detail: body },
    request.today,
  );
  return { body: saved, etag: saved.version };
};
