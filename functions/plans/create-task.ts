import { ValidationError } from '../../shared/domain/errors.ts';
import type { TaskCreate } from '../../shared/domain/plans.ts';
import * as plans from '../../shared/data/plans.ts';
import { createOnce } from '../../shared/data/store.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkTasks, readPlan, requirePlanAuthority } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/plans/{id}/tasks`: one task: title, responsible agency, phase, due date (within the phase), measure of done. */
export const createTask: RouteImpl<TaskCreate> = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  requirePlanAuthority(request.caller, plan);
  const problems = (await checkTasks(plan, [{ at: '', task: request.body }])).get('')!;
  if (problems.length > 0) throw new ValidationError(problems);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const task = await createOnce(
    () => plans.createTask(mainStore(), plan, request.body, actorOf(request), request.today, request.now, id),
    () => plans.getTask(mainStore(), id),
  );
  return { status: 201, body: task, headers: { location: `/v1/tasks/${task.id}` } };
};
