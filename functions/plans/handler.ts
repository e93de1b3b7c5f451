import { httpFunction } from '../../shared/http/handler.ts';
import { plansContract } from '../../shared/contracts/plans.ts';
import {
  confirmTaskEvidence, createPlan, createTask, createTaskEvidence, getBoard, getPlan, getTask, importTasks, listPlans, listTasks, reportProgress, reviewTask,
} from './plans.ts';
import { coverageReport } from './coverage.ts';

/** Creation plans: task tables, progress, supervision boards, and coverage. */
export const handler = httpFunction('plans', plansContract, {
  createPlan, getPlan, listPlans, createTask, listTasks, importTasks, getTask, reportProgress, reviewTask, createTaskEvidence, confirmTaskEvidence, getBoard, coverageReport,
});
