import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { type FieldProblem, text as bilingual, says } from './errors.ts';
import { regionCode } from './regions.ts';
import { addDays, addYears, civilDate } from './time.ts';
import { knownRegionCode, phone, text, type UnitType } from './units.ts';

/*
 * Instructors (指导员), DOMAIN.md rule 10 (seed 002): 1–2 per unit or area with heavy ethnic work, chosen by the
 * county department, filed up the chain, readjusted collectively every 3 years and sooner when needed, trained
 * every year.
 */

/** How an instructor was put forward. */
export const instructorSources = ['unit-recommendation', 'self-recommendation'] as const;
/** An instructor's standing in the database. */
export const instructorStatuses = ['active', 'adjusted', 'retired'] as const;
/** An instructor's status. */
export type InstructorStatus = (typeof instructorStatuses)[number];

/** Body of `POST /v1/instructors` (a contract: keep the field names). */
export const instructorCreate = lazySchema(() =>
  z.strictObject({
    name: text(50),
    gender: z.enum(['female', 'male']),
    ethnicity: text(20).optional(),
    phone,
    email: z.email(says('须为有效的电子邮件地址', 'must be a valid email address')).max(254),
    employer: text(200),
    position: text(100),
    regionCode: knownRegionCode,
    source: z.enum(instructorSources),
  }),
);
/** An instructor as submitted. */
export type InstructorCreate = z.infer<typeof instructorCreate>;

/** Body of `PATCH /v1/instructors/{id}`: a merge patch; `status: retired` takes one out of the database. */
export const instructorPatch = lazySchema(() =>
  instructorCreate
    .unwrap()
    .extend({ ethnicity: text(20).nullable(), status: z.literal('retired') })
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, says('须至少修改一个字段', 'must change at least one field')),
);
/** A patch. */
export type InstructorPatch = z.infer<typeof instructorPatch>;

/** A stored instructor. */
export const instructorSchema = lazySchema(() =>
  instructorCreate.unwrap().extend({
    id: z.string(),
    status: z.enum(instructorStatuses),
    trainedYears: z.array(z.string()).describe('years with at least one training'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
/** A stored instructor. */
export type Instructor = z.infer<typeof instructorSchema>;

/** Query of `GET /v1/instructors`. */
export const instructorListQuery = lazySchema(() =>
  z.strictObject({
    region: regionCode.optional(),
    status: z.enum(instructorStatuses).optional(),
    unitId: z.string().min(1).max(100).optional(),
    limit,
    cursor,
  }),
);

/** An instructor's term in years (collective readjustment every 3 years). */
export const termYears = 3;
/** Most active instructors a unit has. */
export const maxActivePerUnit = 2;
/** Days before a term ends on which the county department is reminded. */
export const termReminders = [90, 30] as const;
/** The agenda milestone on which the sweep ends a term: the day after its last day (-1 day before it). */
export const termEndMilestone = -1;
/** A term's milestones on the agenda: its reminders, then its end. */
export const termMilestones = [...termReminders, termEndMilestone] as const;
/** Why an appointment ended when its term ran out rather than by an adjustment. */
export const termExpiredReason = 'term-expired';
/** How far ahead an appointment may start: a list is filed as it stands, not as it might become. */
export const maxDaysAhead = 30;

/** The day a term that starts on `appointedOn` ends. */
export function termEndOf(appointedOn: string): string {
  return addYears(appointedOn, termYears);
}

/** What decides whether an appointment is in force on a day: its dates and how it ended, if it did. */
export interface AppointmentTerm {
  appointedOn: string;
  termEndsOn: string;
  status: 'active' | 'ended';
  /** An adjustment's effective day (its successor's first), or the term's last day when the term ran out. */
  endedOn?: string;
  endReason?: string;
}

/**
 * The last day an appointment is in force: its term's last day (DOMAIN.md rule 16), or the day before an adjustment
 * took effect if that came sooner.
 */
export function lastDayInForce(a: AppointmentTerm): string {
  if (a.status === 'active' || a.endReason === termExpiredReason) return a.termEndsOn;
  const dayBefore = addDays(a.endedOn!, -1);
  return dayBefore < a.termEndsOn ? dayBefore : a.termEndsOn;
}

/** Whether an appointment is in force on a day: from its first day through its last. */
export function inForceOn(a: AppointmentTerm, on: string): boolean {
  return a.appointedOn <= on && on <= lastDayInForce(a);
}

/**
 * An appointment as it stands on `today`: one whose term has run out is ended from the day after its last day,
 * whether or not the sweep has recorded it yet, so that every check by date agrees with the sweep.
 */
export function appointmentOn<T extends AppointmentTerm>(a: T, today: string): T {
  return a.status === 'active' && a.termEndsOn < today ? { ...a, status: 'ended', endedOn: a.termEndsOn, endReason: termExpiredReason } : a;
}

/** Whether an appointment holds one of its unit's places on `today` (one that starts later holds it already). */
export function isActiveOn(a: AppointmentTerm, today: string): boolean {
  return appointmentOn(a, today).status === 'active';
}

/** Whether an appointment had left the list by `on` because its term ran out (not because it was adjusted sooner). */
export function termRanOutBy(a: AppointmentTerm, on: string): boolean {
  return lastDayInForce(a) === a.termEndsOn && a.termEndsOn < on;
}

/** Body of `POST /v1/units/{id}/instructors`. */
export const appointmentCreate = lazySchema(() => z.strictObject({ instructorId: z.string().min(1).max(100), appointedOn: civilDate }));

/**
 * What is wrong with an appointment's start: more than 30 days ahead, or before the county's last filing (a filed
 * list is not rewritten after the fact).
 */
export function appointmentProblems(appointedOn: string, today: string, lastFiledAsOf?: string): FieldProblem[] {
  if (appointedOn > addDays(today, maxDaysAhead))
    return [
      {
        pointer: '/appointedOn',
        detail: bilingual(
          `不得晚于 ${addDays(today, maxDaysAhead)}（${maxDaysAhead} 天以内）`,
          `must be no later than ${addDays(today, maxDaysAhead)} (${maxDaysAhead} days ahead)`,
        ),
      },
    ];
  if (lastFiledAsOf && appointedOn < lastFiledAsOf)
    return [
      {
        pointer: '/appointedOn',
        detail: bilingual(
          `不得早于 ${lastFiledAsOf}，即本县上一次备案的日期`,
          `must not be before ${lastFiledAsOf}, the date of the county's last filing`,
        ),
      },
    ];
  return [];
}

/** Why an instructor is readjusted. */
export const adjustmentReasons = ['term-end', 'performance', 'wish', 'health', 'job-change'] as const;

/** Body of `POST /v1/instructors/{id}/adjustments`: ends the instructor's appointments, optionally handing them to a successor. */
export const adjustmentCreate = lazySchema(() =>
  z.strictObject({
    reason: z.enum(adjustmentReasons),
    effectiveOn: civilDate.optional().describe('today by default'),
    successorId: z.string().min(1).max(100).optional(),
    unitId: z.string().min(1).max(100).optional().describe("only this unit's appointment; all of them by default"),
    note: z.string().trim().max(1000).optional(),
  }),
);
/** An adjustment. */
export type AdjustmentCreate = z.infer<typeof adjustmentCreate>;

/** Body of `POST /v1/instructors/{id}/trainings`. */
export const trainingCreate = lazySchema(() =>
  z.strictObject({
    date: civilDate,
    title: text(200),
    hours: z.number().positive().max(200),
    organiser: text(200),
  }),
);
/** A training. */
export type TrainingCreate = z.infer<typeof trainingCreate>;

/** Unit types with heavy ethnic work, where a unit without an instructor is flagged. */
export const heavyEthnicWorkTypes: readonly UnitType[] = [
  'community',
  'village',
  'township',
  'subdistrict',
  'school',
  'religious-venue',
  'enterprise',
  'park',
];

/** Body of `POST /v1/instructors/filings`: the filer's active list as of a date, filed with the level above. */
export const filingCreate = lazySchema(() =>
  z.strictObject({
    asOf: civilDate,
    regionCode: regionCode.optional().describe("the filer's own region by default"),
  }),
);

/** Query of `GET /v1/instructors/filings`. */
export const filingListQuery = lazySchema(() =>
  z.strictObject({ region: regionCode.optional(), level: z.enum(['county', 'city', 'province']).optional(), limit, cursor }),
);

/** Query of `GET /v1/reports/units-without-instructors`. */
export const reportRegionQuery = lazySchema(() => z.strictObject({ region: regionCode.optional(), limit, cursor }));

/** Query of `GET /v1/reports/training`. */
export const trainingReportQuery = lazySchema(() =>
  z.strictObject({ year: z.string().regex(/^\d{4}$/, says('须为年份', 'must be a year')), region: regionCode.optional(), limit, cursor }),
);

/** One line of a filed list. */
export interface FilingEntry {
  instructorId: string;
  instructorName: string;
  unitId: string;
  unitName: string;
  appointedOn: string;
  termEndsOn: string;
}

/** The line of a filed list for an appointment. */
export function filingEntryOf({ instructorId, instructorName, unitId, unitName, appointedOn, termEndsOn }: FilingEntry): FilingEntry {
  return { instructorId, instructorName, unitId, unitName, appointedOn, termEndsOn };
}

/**
 * What changed between two filings of a region: who came, whose term ended (ran out), who else went (adjusted),
 * whose appointment changed.
 */
export interface FilingChanges {
  added: FilingEntry[];
  removed: FilingEntry[];
  ended: FilingEntry[];
  changed: { before: FilingEntry; after: FilingEntry }[];
}

/**
 * The difference between a region's previous filing and this one, by instructor and unit; a line that went is
 * `ended` if it is one of `ranOut` (appointments whose term ran out by this filing's date), `removed` otherwise.
 */
export function filingChanges(
  previous: readonly FilingEntry[],
  current: readonly FilingEntry[],
  ranOut: readonly FilingEntry[] = [],
): FilingChanges {
  const key = (e: FilingEntry) => `${e.unitId}#${e.instructorId}`;
  const term = (e: FilingEntry) => `${key(e)}#${e.appointedOn}`;
  const before = new Map(previous.map((e) => [key(e), e]));
  const after = new Map(current.map((e) => [key(e), e]));
  const expired = new Set(ranOut.map(term));
  const went = previous.filter((e) => !after.has(key(e)));
  return {
    added: current.filter((e) => !before.has(key(e))),
    removed: went.filter((e) => !expired.has(term(e))),
    ended: went.filter((e) => expired.has(term(e))),
    changed: current.flatMap((e) => {
      const was = before.get(key(e));
      return was &&
        (was.appointedOn !== e.appointedOn ||
          was.termEndsOn !== e.termEndsOn ||
          was.instructorName !== e.instructorName ||
          was.unitName !== e.unitName)
        ? [{ before: was, after: e }]
        : [];
    }),
  };
}

/**
 * The yearly reminders of a county's collective readjustment: on the anniversaries 2 and 1 years before it is due,
 * and on the day. Returns the next one on or after `today` (or the latest passed, if all are past).
 */
export function readjustmentReminder(dueOn: string, today: string): { yearsBefore: number; on: string } {
  const reminders = [2, 1, 0].map((years) => ({ yearsBefore: years, on: addYears(dueOn, -years) }));
  const passed = reminders.filter((r) => r.on <= today);
  return passed.at(-1) ?? reminders[0]!;
}

/**
 * The reminder after the one `yearsBefore` a readjustment due on `dueOn`: the next year's, or after the one on the
 * due day, the first of the next cycle (due 3 years later).
 */
export function nextReadjustmentReminder(dueOn: string, yearsBefore: number): { dueOn: string; yearsBefore: number; on: string } {
  if (yearsBefore > 0) return { dueOn, yearsBefore: yearsBefore - 1, on: addYears(dueOn, -(yearsBefore - 1)) };
  const nextDue = addYears(dueOn, termYears);
  return { dueOn: nextDue, yearsBefore: 2, on: addYears(nextDue, -2) };
}

/** An appointment of an instructor to a unit, for a 3-year term. */
export interface Appointment {
  id: string;
  unitId: string;
  unitName: string;
  unitRegion: string;
  instructorId: string;
  instructorName: string;
  appointedOn: string;
  termEndsOn: string;
  status: 'active' | 'ended';
  /** An adjustment's effective day (its successor's first), or the term's last day when the term ran out. */
  endedOn?: string;
  /** An adjustment's reason, or `term-expired`. */
  endReason?: string;
  successorId?: string;
  /** The county department that appointed (its contacts get the reminders). */
  issuedBy: string;
  createdAt: string;
}

/** A filed list (备案) of a county, city or province, with what changed since its previous filing. */
export interface Filing {
  id: string;
  regionCode: string;
  level: 'county' | 'city' | 'province';
  asOf: string;
  filedBy: string;
  filedWith: string;
  status: 'filed' | 'acknowledged';
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  entries: FilingEntry[];
  previousFilingId?: string;
  changes: FilingChanges;
  createdAt: string;
}
