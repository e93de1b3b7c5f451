import * as plans from '../../shared/data/plans.ts';
import { toCsv } from '../../shared/http/csv.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readPlan } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

const csvHeader = [
  'id',
  'title',
  'responsibleAgency',
  'phase',
  'dueOn',
  'measure',
  'state',
  'percent',
  'reportedOn',
  'acceptedOn',
] as const;

/** `GET /v1/plans/{id}/tasks`: the task table; `Accept: text/csv` gives it as spreadsheet-friendly CSV (UTF-8 with BOM). */
export const listTasks: RouteImpl = async (request) => {
  const plan = await readPlan(request.caller, request.params.id!);
  const tasks = await plans.listPlanTasks(mainStore(), plan.id);
  if (/text\/csv/.test(request.headers.accept ?? '')) {
    return {
      raw: toCsv(
        csvHeader,
        tasks.map((t) => csvHeader.map((c) => t[c])),
      ),
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tasks-${plan.id}.csv"` },
    };
  }
  return { body: { items: tasks } };
};
