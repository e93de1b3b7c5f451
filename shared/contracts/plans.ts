import * as z from 'zod';
import { lazySchema } from '../domain/schema.ts';
import { coverageQuery, planCreate, planListQuery, progressCreate, taskCreate, taskReview } from '../domain/plans.ts';
import { evidenceCreate } from '../domain/submissions.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `plans` function accepts and answers: the schemas that validate its requests and document it. */
export const plansContract = {
  createPlan: { body: planCreate },
  listPlans: { query: planListQuery },
  getPlan: {},
  createTask: { body: taskCreate },
  listTasks: {},
  importTasks: { body: lazySchema(() => z.string().max(1024 * 1024)) },
  getBoard: {},
  getTask: {},
  reportProgress: { body: progressCreate },
  reviewTask: { body: taskReview },
  createTaskEvidence: { body: evidenceCreate },
  confirmTaskEvidence: {},
  coverageReport: { query: coverageQuery },
} satisfies Contract<'plans'>;
