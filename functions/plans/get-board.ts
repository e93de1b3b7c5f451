import { board } from '../../shared/domain/plans.ts';
import * as plans from '../../shared/data/plans.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readPlan } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/plans/{id}/board`: counts by state and phase, the overdue list, each agency's on-time rate. */
export const getBoard: RouteImpl = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  const tasks = await plans.listPlanTasks(mainStore(), plan.id);
  return { body: { planId: plan.id, asOf: request.today, ...board(tasks, request.today) } };
};
