import { ForbiddenError, NotFoundError, type FieldProblem, text } from '../../shared/domain/errors.ts';
import { taskProblems, type Plan, type Task, type TaskCreate } from '../../shared/domain/plans.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import * as plans from '../../shared/data/plans.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** The plan the caller may see (an authority in its region), or 404. */
export async function readPlan(caller: Caller, id: string): Promise<Plan> {
  const plan = await plans.getPlan(mainStore(), id);
  if (!plan || !inScope(caller, plan.regionCode))
    throw new NotFoundError(text(`您的管辖地区内没有规划 ${id}。`, `No plan ${id} in your region.`));
  return plan;
}

/** Refuses anyone but the authority that wrote the plan (or an admin). */
export function requirePlanAuthority(caller: Caller, plan: { authorityId: string }): void {
  if (caller.role !== 'admin' && caller.agencyId !== plan.authorityId)
    throw new ForbiddenError(text('只有制定该规划的民族工作部门可以执行此操作。', 'Only the authority that wrote the plan may do this.'));
}

/** The task the caller may see: in its region, or one its agency is responsible for. */
export async function readTask(caller: Caller, id: string): Promise<Task> {
  const task = await plans.getTask(mainStore(), id);
  if (!task || !(inScope(caller, task.regionCode) || caller.agencyId === task.responsibleAgency))
    throw new NotFoundError(text(`没有您可查看的任务 ${id}。`, `No task ${id} for you.`));
  return task;
}

/** Refuses anyone but the task's responsible agency (or an admin). */
export function requireResponsible(caller: Caller, task: Task): void {
  if (caller.role !== 'admin' && caller.agencyId !== task.responsibleAgency)
    throw new ForbiddenError(
      text(
        `只有责任单位（${task.responsibleAgency}）可以报告该任务的进展。`,
        `Only the responsible agency (${task.responsibleAgency}) reports on this task.`,
      ),
    );
}

/** Problems of tasks against their plan and the agency directory (a responsible agency must be reachable), by row pointer. */
export async function checkTasks(plan: Plan, rows: readonly { at: string; task: TaskCreate }[]): Promise<Map<string, FieldProblem[]>> {
  const known = await getAuthorities(
    mainStore(),
    rows.map((r) => r.task.responsibleAgency),
  );
  return new Map(
    rows.map(({ at, task }) => [
      at,
      [
        ...taskProblems(plan, task, at),
        ...(known.has(task.responsibleAgency)
          ? []
          : [
              {
                pointer: `${at}/responsibleAgency`,
                detail: text(`部门名录中没有 ${task.responsibleAgency}`, `${task.responsibleAgency} is not in the agency directory`),
              },
            ]),
      ],
    ]),
  );
}
