import { addDays } from './time.ts';

/**
 * Kinds of deadline that ride on the sparse agenda index (DESIGN.md, Data). Each capability that owns a deadline
 * registers its kind here; the daily sweep queries each kind for `agendaDue <= today`.
 */
export const agendaKinds = [
  'naming-expiry',
  'recheck',
  'rectification',
  'instructor-term',
  'readjustment',
  'appeal-window',
  'public-notice',
  'task-due',
  'revocation-notice',
  'inspection-notice',
  'evaluation-rectification',
  'evaluation-notice',
  // Swept by a schedule of its own, on Mondays (shared/domain/weekly-digest.ts).
  'weekly-digest',
] as const;

/** A kind of deadline. */
export type AgendaKind = (typeof agendaKinds)[number];

/** The step the day after a deadline: overdue (a recheck, a task), expired (a naming), ended (a term). */
export const overdueStep = -1;

/** A milestone of a deadline: how many days before it, and the date it falls on. */
export interface Milestone {
  daysBefore: number;
  date: string;
}

/** The milestones of a deadline, in date order. */
export function milestonesOf(deadline: string, daysBefore: readonly number[]): Milestone[] {
  return [...daysBefore].sort((a, b) => b - a).map((d) => ({ daysBefore: d, date: addDays(deadline, -d) }));
}

/**
 * The milestone to act on next, seen on `today`, after `after` (days-before of the last one acted on, if any):
 * the latest milestone already due — so a late start or a missed day gives one notice, never a burst of older ones —
 * else the first one still ahead; undefined when none is left.
 */
export function nextMilestone(deadline: string, daysBefore: readonly number[], today: string, after?: number): Milestone | undefined {
  const remaining = milestonesOf(deadline, daysBefore).filter((m) => after === undefined || m.daysBefore < after);
  const due = remaining.filter((m) => m.date <= today);
  return due.at(-1) ?? remaining[0];
}

/**
 * The milestone a sweep acts on for an item that stands at `stored` (the next one it was waiting for): several may
 * have passed since the last sweep, and only the latest of them is acted on.
 */
export function latestDue(deadline: string, milestones: readonly number[], today: string, stored: number): number {
  return nextMilestone(deadline, milestones, today, stored + 1)!.daysBefore;
}

/**
 * What a sweep does to an item that stands at `stored`: the milestone it acts on today, and the one the item then
 * waits for (none: it leaves the agenda). The repository writes this step only if the item still stands at `stored`.
 */
export interface AgendaStep {
  stored: number;
  acted: number;
  next?: Milestone;
}

/** The step a sweep on `today` takes for an item of a deadline with these milestones that stands at `stored`. */
export function agendaStep(deadline: string, milestones: readonly number[], today: string, stored: number): AgendaStep {
  const acted = latestDue(deadline, milestones, today, stored);
  return { stored, acted, next: nextMilestone(deadline, milestones, today, acted) };
}
