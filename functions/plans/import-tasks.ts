import { ValidationError, type FieldProblem, text } from '../../shared/domain/errors.ts';
import { taskCreate } from '../../shared/domain/plans.ts';
import * as plans from '../../shared/data/plans.ts';
import { fromCsv } from '../../shared/http/csv.ts';
import { fieldProblems, fieldProblemsIn } from '../../shared/http/problem.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkTasks, readPlan, requirePlanAuthority } from './read-plan.ts';
import { mainStore } from '../../shared/clients.ts';

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
    throw new ValidationError([
      { pointer: '', detail: text(`无法按 CSV 读取：${(error as Error).message}`, `not readable as CSV: ${(error as Error).message}`) },
    ]);
  }
  if (records.length === 0 || records.length > 500)
    throw new ValidationError([{ pointer: '', detail: text('请在表头行下提供 1 至 500 行', 'give 1 to 500 rows under a header row') }]);
  const parsed = records.map((record, row) => {
    const { title, responsibleAgency, phase, dueOn, measure } = record;
    const result = taskCreate.safeParse({ title, responsibleAgency, phase, dueOn, measure }, { reportInput: true });
    return { row, at: `/rows/${row}`, result };
  });
  const valid = parsed.flatMap((p) => (p.result.success ? [{ at: p.at, task: p.result.data }] : []));
  const checked = await checkTasks(plan, valid);
  const created: { row: number; id: string }[] = [];
  const refused: { row: number; errors: FieldProblem[] }[] = [];
  for (const p of parsed) {
    if (!p.result.success) {
      refused.push({ row: p.row, errors: fieldProblems(p.result.error, 'body').map((e) => ({ ...e, pointer: `${p.at}${e.pointer}` })) });
      continue;
    }
    const problems = checked.get(p.at)!;
    if (problems.length > 0) {
      refused.push({ row: p.row, errors: problems });
      continue;
    }
    const task = await plans.createTask(mainStore(), plan, p.result.data, actorOf(request), request.today, request.now);
    created.push({ row: p.row, id: task.id });
  }
  return {
    body: { created, refused: refused.map(({ row, errors }) => ({ row, errors: fieldProblemsIn(errors, request.language) })) },
    headers: { 'content-language': request.language, vary: 'Accept-Language' },
  };
};
