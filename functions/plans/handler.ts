import { httpFunction } from '../../shared/http/handler.ts';
import { plansContract } from '../../shared/contracts/plans.ts';
import { confirmTaskEvidence } from './confirm-task-evidence.ts';
import { coverageReport } from './coverage-report.ts';
import { createPlan } from './create-plan.ts';
import { createTask } from './create-task.ts';
import { createTaskEvidence } from './create-task-evidence.ts';
import { getBoard } from './get-board.ts';
import { getPlan } from './get-plan.ts';
import { getTask } from './get-task.ts';
import { importTasks } from './import-tasks.ts';
import { listPlans } from './list-plans.ts';
import { listTasks } from './list-tasks.ts';
import { namingReport } from './naming-report.ts';
import { reportProgress } from './report-progress.ts';
import { reviewTask } from './review-task.ts';

/** Creation plans: task tables, progress, supervision boards, coverage and naming statistics. */
export const handler = httpFunction('plans', plansContract, {
  createPlan,
  getPlan,
  listPlans,
  createTask,
  listTasks,
  importTasks,
  getTask,
  reportProgress,
  reviewTask,
  createTaskEvidence,
  confirmTaskEvidence,
  getBoard,
  coverageReport,
  namingReport,
});
