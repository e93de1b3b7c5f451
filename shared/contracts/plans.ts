import * as z from 'zod';
import { allOf, lazySchema, listOf } from '../domain/schema.ts';
import {
  coverageQuery,
  planCreate,
  planListQuery,
  progressCreate,
  targetSchema,
  taskCreate,
  taskReview,
  taskStates,
  type Plan,
  type Task,
} from '../domain/plans.ts';
import { evidenceCreate } from '../domain/submissions.ts';
import { namingGroupBys, namingReportQuery } from '../domain/naming-statistics.ts';
import { civilDate } from '../domain/time.ts';
import { unitTypes } from '../domain/units.ts';
import type { TaskProgress } from '../data/plans.ts';
import { named, type Contract, type Describes } from '../http/contract.ts';
import { evidence, evidenceUpload, rowRefusal } from './common.ts';

const target = named(
  targetSchema,
  'Target',
  'A coverage target (创建目标): the share of units taking part or named, over key units, all units or one type.',
);

/** A creation plan with its phases and targets. */
const plan = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      title: z.string(),
      regionCode: z.string(),
      phases: z.array(z.object({ name: z.string(), from: civilDate, to: civilDate })),
      targets: z.array(target),
      authorityId: z.string().describe('The authority that wrote it, which alone changes its tasks'),
      version: z.int(),
      createdAt: z.string(),
    }),
  ),
  'Plan',
  "An authority's creation plan (创建规划) for its region: phases with date ranges, coverage targets.",
);

/** A task of a plan's task table. */
const task = named(
  lazySchema(() =>
    taskCreate.unwrap().extend({
      id: z.string(),
      planId: z.string(),
      planTitle: z.string(),
      regionCode: z.string(),
      authorityId: z.string(),
      state: z.enum(taskStates),
      percent: z.int().min(0).max(100),
      reportedOn: civilDate.optional().describe('When 100 % was reported'),
      acceptedOn: civilDate.optional(),
      sentBackReason: z.string().optional(),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      nextMilestone: z.int().optional().describe('The next due-date reminder, in days before it (-1: overdue), while the task is live'),
    }),
  ),
  'Task',
  'A task of the task table (任务分解表): responsible agency, phase, due date, measure of done, its state and percent.',
);

/** A progress report on a task. */
const progress = named(
  lazySchema(() =>
    z.object({
      percent: z.int().min(0).max(100),
      text: z.string(),
      evidenceIds: z.array(z.string()),
      at: z.string(),
      by: z.string().describe('The reporting agency'),
    }),
  ),
  'TaskProgress',
  'A progress report (进展报告) on a task: percent done, text, evidence.',
);

/** Units, taking part and named, with their shares (null when there are no units). */
const coverageCounts = named(
  lazySchema(() =>
    z.object({
      units: z.int(),
      takingPart: z.int(),
      named: z.int(),
      coverage: z.number().nullable().describe('takingPart ÷ units'),
      namedShare: z.number().nullable().describe('named ÷ units'),
    }),
  ),
  'CoverageCounts',
  'Units, those taking part (参与创建) and those named (已命名), with their shares.',
);

/** Key units, all units and each type of a region. */
const coverageRow = lazySchema(() =>
  z.object({ key: coverageCounts, all: coverageCounts, byType: z.partialRecord(z.enum(unitTypes), coverageCounts) }),
);

/** What each route of the `plans` function accepts and answers: the schemas that validate its requests and document it. */
export const plansContract = {
  createPlan: { body: named(planCreate, 'PlanCreate'), response: plan },
  listPlans: { query: planListQuery, response: named(listOf(plan), 'PlanPage') },
  getPlan: { response: plan },
  createTask: { body: named(taskCreate, 'TaskCreate'), response: task },
  listTasks: { response: named(allOf(task), 'TaskList') },
  importTasks: {
    body: lazySchema(() => z.string().max(1024 * 1024)),
    response: named(
      lazySchema(() => z.object({ created: z.array(z.object({ row: z.int().min(0), id: z.string() })), refused: z.array(rowRefusal) })),
      'TaskImport',
      'What a task table import (任务导入) did, row by row: the tasks created and the rows refused.',
    ),
  },
  getBoard: {
    response: named(
      lazySchema(() => {
        const byState = z.record(z.enum(taskStates), z.int());
        return z.object({
          planId: z.string(),
          asOf: civilDate,
          total: z.int(),
          byState,
          byPhase: z.record(z.string(), byState).describe('By phase name'),
          overdue: z.array(task).describe('Soonest due first'),
          onTime: z.array(
            z.object({
              agency: z.string(),
              due: z.int().describe('Its tasks due before today'),
              onTime: z.int().describe('Of those, reported by their due date'),
              rate: z.number().nullable(),
            }),
          ),
        });
      }),
      'Board',
      "A plan's board (督查看板): counts by state and phase, the overdue tasks, each agency's on-time rate.",
    ),
  },
  getTask: {
    response: named(
      lazySchema(() => task.unwrap().extend({ progress: z.array(progress), evidence: z.array(evidence) })),
      'TaskWithProgress',
      'A task (任务) with its progress reports and evidence files.',
    ),
    etag: true,
  },
  reportProgress: { body: named(progressCreate, 'ProgressCreate'), response: task, etag: 'target' },
  reviewTask: { body: named(taskReview, 'TaskReview'), response: task, etag: true },
  createTaskEvidence: { body: named(evidenceCreate, 'EvidenceCreate'), response: evidenceUpload },
  confirmTaskEvidence: { response: evidence },
  coverageReport: {
    query: coverageQuery,
    response: named(
      lazySchema(() =>
        z.object({
          region: z.string(),
          asOf: civilDate,
          planTargets: z.array(target).describe("The targets of the region's latest plan written by asOf"),
          total: coverageRow.unwrap().extend({
            targets: z.array(targetSchema.unwrap().extend({ actual: z.number().nullable(), met: z.boolean() })),
          }),
          rows: z.array(
            coverageRow.unwrap().extend({
              regionCode: z.string(),
              name: z.string(),
              level: z.string().describe('county, city or province'),
            }),
          ),
        }),
      ),
      'CoverageReport',
      "Creation coverage (创建覆盖率) of a region per unit type, county → city → province, against its plan's targets.",
    ),
  },
  namingReport: {
    query: namingReportQuery,
    response: named(
      lazySchema(() =>
        z.object({
          region: z.string(),
          groupBy: z.enum(namingGroupBys),
          total: z.int().describe('Every naming counted in the region, whatever its status'),
          groups: z
            .array(
              z.object({
                key: z.string().describe('the level, unit type, kind, year (YYYY) or stored status'),
                label: z.string().describe('its Chinese name (县级, 社区, 示范单位, 2026年, 有效 …)'),
                count: z.int().min(1),
              }),
            )
            .describe("Groups of at least one naming, in the dimension's order (levels lowest first, years ascending)"),
        }),
      ),
      'NamingReport',
      'Namings (命名统计) of a region — county, city or province, with everything under it — counted by one dimension. By status the stored status counts: active, expired (marked by the sweep the day after the last day), revoked, superseded; "expiring" is a view of active namings by date (GET /v1/namings?expiringWithin=) and is not a group.',
    ),
  },
} satisfies Contract<'plans'>;

true satisfies Describes<typeof plan, Plan>;
true satisfies Describes<typeof task, Task>;
true satisfies Describes<typeof progress, TaskProgress>;
