import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { type FieldProblem, text as bilingual, says } from './errors.ts';
import { regionCode } from './regions.ts';
import { addDays, civilDate } from './time.ts';
import { text, unitTypes, type UnitType } from './units.ts';

/*
 * Creation plans (DOMAIN.md rule 11, seed 003): a plan in phases ("one year foundation, two years results, three
 * years demonstration"), decomposed into a task table (任务分解表) with one responsible department, a phase and a
 * deadline per task, progress reported and accepted, supervision with reminders (督查), and coverage targets.
 */

/** Key units whose creation coverage is measured (seed 001, part 六). */
export const keyUnitTypes: readonly UnitType[] = ['organ', 'township', 'subdistrict', 'village', 'community', 'school'];

/** What a target measures: units taking part, or units named; over key units, all units, or one type. */
export const targetSchema = lazySchema(() =>
  z.strictObject({
    measure: z.enum(['coverage', 'named']),
    scope: z.union([z.enum(['key', 'all']), z.enum(unitTypes)]),
    atLeast: z.number().min(0).max(1),
  }),
);
/** A target. */
export type Target = z.infer<typeof targetSchema>;

/** Body of `POST /v1/plans`. */
export const planCreate = lazySchema(() =>
  z.strictObject({
    title: text(200),
    regionCode: regionCode.optional().describe("the authority's own region by default"),
    phases: z
      .array(z.strictObject({ name: text(50), from: civilDate, to: civilDate }))
      .min(1)
      .max(6),
    targets: z.array(targetSchema).max(20).default([]),
  }),
);
/** A plan as submitted. */
export type PlanCreate = z.infer<typeof planCreate>;

/** Phases in order, each a window, names unique, no overlap. */
export function planProblems(plan: PlanCreate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  plan.phases.forEach((phase, i) => {
    if (phase.to < phase.from)
      problems.push({ pointer: `/phases/${i}/to`, detail: bilingual(`不得早于 ${phase.from}`, `must be on or after ${phase.from}`) });
    const previous = plan.phases[i - 1];
    if (previous && phase.from <= previous.to)
      problems.push({
        pointer: `/phases/${i}/from`,
        detail: bilingual(`须晚于上一阶段的结束日期 ${previous.to}`, `must be after ${previous.to}, the end of the phase before`),
      });
  });
  if (new Set(plan.phases.map((p) => p.name)).size !== plan.phases.length)
    problems.push({ pointer: '/phases', detail: bilingual('阶段名称不得重复', 'phase names must be unique') });
  return problems;
}

/** Query of `GET /v1/plans`. */
export const planListQuery = lazySchema(() => z.strictObject({ region: regionCode.optional(), limit, cursor }));

/** A task's states: open, reported (100% reported, awaiting acceptance), accepted, overdue (past due, not reported). */
export const taskStates = ['open', 'reported', 'accepted', 'overdue'] as const;
/** A task's state. */
export type TaskState = (typeof taskStates)[number];

/** Body of `POST /v1/plans/{id}/tasks` (and one row of an import). */
export const taskCreate = lazySchema(() =>
  z.strictObject({
    title: text(200),
    responsibleAgency: z.string().trim().min(1).max(100),
    phase: text(50),
    dueOn: civilDate,
    measure: text(500).describe('what counts as done'),
  }),
);
/** A task as submitted. */
export type TaskCreate = z.infer<typeof taskCreate>;

/** A task due outside its phase, or in a phase the plan lacks. */
export function taskProblems(
  plan: { phases: readonly { name: string; from: string; to: string }[] },
  task: TaskCreate,
  at = '',
): FieldProblem[] {
  const phase = plan.phases.find((p) => p.name === task.phase);
  if (!phase)
    return [
      {
        pointer: `${at}/phase`,
        detail: bilingual(
          `不是该规划的阶段（${plan.phases.map((p) => p.name).join('、')}）`,
          `is not a phase of the plan (${plan.phases.map((p) => p.name).join(', ')})`,
        ),
      },
    ];
  if (task.dueOn < phase.from || task.dueOn > phase.to)
    return [
      {
        pointer: `${at}/dueOn`,
        detail: bilingual(
          `须在阶段 ${phase.name} 内，即 ${phase.from} 至 ${phase.to}`,
          `must lie in the phase ${phase.name}, ${phase.from} to ${phase.to}`,
        ),
      },
    ];
  return [];
}

/** Body of `POST /v1/tasks/{id}/progress`. */
export const progressCreate = lazySchema(() =>
  z.strictObject({
    percent: z.int().min(0, says('须在 0–100 之内', 'must lie in 0–100')).max(100, says('须在 0–100 之内', 'must lie in 0–100')),
    text: text(2000),
    evidenceIds: z.array(z.string().max(100)).max(20).default([]),
  }),
);
/** A progress report. */
export type ProgressCreate = z.infer<typeof progressCreate>;

/** Body of `POST /v1/tasks/{id}/review`: accept, or send back with a reason. */
export const taskReview = lazySchema(() =>
  z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('accept'), note: z.string().trim().max(1000).optional() }),
    z.strictObject({ decision: z.literal('send-back'), reason: text(1000) }),
  ]),
);
/** A review. */
export type TaskReview = z.infer<typeof taskReview>;

/** Reminders of a task's due date: 7 and 1 days before, and the day after it passed (overdue). */
export const taskMilestones = [7, 1, -1] as const;

/** The state a task is in after a report of `percent`: a full report awaits acceptance; a partial one changes nothing. */
export function stateAfterReport(state: TaskState, percent: number): TaskState {
  return percent === 100 ? 'reported' : state;
}

/** The state a task goes back to when sent back on `today`. */
export function stateAfterSendBack(dueOn: string, today: string): TaskState {
  return today > dueOn ? 'overdue' : 'open';
}

/** A task as the board counts it. */
export interface BoardTask {
  id: string;
  title: string;
  phase: string;
  responsibleAgency: string;
  dueOn: string;
  state: TaskState;
  reportedOn?: string;
}

/** The board of a plan: counts by state and phase, the overdue list, each agency's on-time rate among tasks due by today. */
export function board(tasks: readonly BoardTask[], today: string) {
  const byState = Object.fromEntries(taskStates.map((s) => [s, tasks.filter((t) => t.state === s).length]));
  const phases = [...new Set(tasks.map((t) => t.phase))];
  const byPhase = Object.fromEntries(
    phases.map((p) => [p, Object.fromEntries(taskStates.map((s) => [s, tasks.filter((t) => t.phase === p && t.state === s).length]))]),
  );
  const overdue = tasks.filter((t) => t.state === 'overdue').sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  const agencies = [...new Set(tasks.map((t) => t.responsibleAgency))].sort();
  const onTime = agencies.map((agency) => {
    const due = tasks.filter((t) => t.responsibleAgency === agency && t.dueOn < today);
    const kept = due.filter((t) => t.reportedOn !== undefined && t.reportedOn <= t.dueOn).length;
    return { agency, due: due.length, onTime: kept, rate: due.length === 0 ? null : kept / due.length };
  });
  return { total: tasks.length, byState, byPhase, overdue, onTime };
}

/** Query of `GET /v1/reports/coverage`. */
export const coverageQuery = lazySchema(() => z.strictObject({ region: regionCode, asOf: civilDate.optional() }));

/** How long after its creation a submission still counts a unit as taking part ("an open or recent campaign"). */
export const recentDays = 365;

/** The first day a submission created on that day no longer counts, as of `asOf`. */
export function recentSince(asOf: string): string {
  return addDays(asOf, -recentDays);
}

/** One region's coverage: per unit type, units, taking part, named. */
export type CoverageCounts = Partial<Record<UnitType, { units: number; takingPart: number; named: number }>>;

/** Sums coverage counts (a city from its counties, a province from its cities). */
export function addCoverage(into: CoverageCounts, from: CoverageCounts): CoverageCounts {
  for (const [type, c] of Object.entries(from) as [UnitType, { units: number; takingPart: number; named: number }][]) {
    const row = (into[type] ??= { units: 0, takingPart: 0, named: 0 });
    row.units += c.units;
    row.takingPart += c.takingPart;
    row.named += c.named;
  }
  return into;
}

/** Totals over key units and all units, with shares, and each target met or not. */
export function coverageSummary(counts: CoverageCounts, targets: readonly Target[]) {
  const sum = (types: readonly UnitType[]) =>
    types.reduce(
      (acc, t) => {
        const c = counts[t];
        return c ? { units: acc.units + c.units, takingPart: acc.takingPart + c.takingPart, named: acc.named + c.named } : acc;
      },
      { units: 0, takingPart: 0, named: 0 },
    );
  const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
  const withShares = (c: { units: number; takingPart: number; named: number }) => ({
    ...c,
    coverage: share(c.takingPart, c.units),
    namedShare: share(c.named, c.units),
  });
  const key = withShares(sum(keyUnitTypes));
  const all = withShares(sum(unitTypes));
  const scopeOf = (scope: Target['scope']) => (scope === 'key' ? key : scope === 'all' ? all : withShares(sum([scope])));
  return {
    key,
    all,
    byType: Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, withShares(c!)])),
    targets: targets.map((t) => {
      const actual = t.measure === 'coverage' ? scopeOf(t.scope).coverage : scopeOf(t.scope).namedShare;
      return { ...t, actual, met: actual !== null && actual >= t.atLeast };
    }),
  };
}

/** A creation plan. */
export interface Plan {
  id: string;
  title: string;
  regionCode: string;
  phases: { name: string; from: string; to: string }[];
  targets: Target[];
  authorityId: string;
  version: number;
  createdAt: string;
}

/** A task of a plan's task table (任务分解表). */
export interface Task extends TaskCreate {
  id: string;
  planId: string;
  planTitle: string;
  regionCode: string;
  authorityId: string;
  state: TaskState;
  percent: number;
  reportedOn?: string;
  acceptedOn?: string;
  sentBackReason?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The next reminder (days before due; -1 overdue) while the task is live, kept across saves so none repeats. */
  nextMilestone?: number;
}
