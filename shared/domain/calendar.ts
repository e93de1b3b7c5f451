import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { type FieldProblem, text } from './errors.ts';
import { addDays, civilDate, isWeekend, yearOf } from './time.ts';

/**
 * One year's official working-day calendar (DESIGN.md, Time). `holidays`: every day of the official holiday spans,
 * weekends inside them included; `workdays`: make-up workdays (调休上班), weekend days that are worked.
 * `source`: loaded by an admin, published in chinese-days, or derived from the statutory rules (provisional).
 */
export interface YearCalendar {
  year: number;
  holidays: string[];
  workdays: string[];
  source: 'loaded' | 'published' | 'derived';
}

/** Most dates either list of a year may hold (a real year has about 30 holidays and 6 make-up workdays). */
export const maxCalendarDates = 60;

/** Body of `PUT /v1/admin/calendars/{year}`: the State Council's arrangement for the year. */
export const calendarBody = lazySchema(() =>
  z.strictObject({
    holidays: z.array(civilDate).max(maxCalendarDates).describe('every day off of the holiday spans, weekends inside them included'),
    workdays: z.array(civilDate).max(maxCalendarDates).describe('make-up workdays (调休上班): Saturdays or Sundays that are worked'),
  }),
);

/** The State Council's arrangement for a year, as an admin loads it. */
export type CalendarBody = z.infer<typeof calendarBody>;

/** Every rule a year's arrangement must keep beyond its shape; each problem names the offending entry. */
export function calendarProblems(year: number, body: CalendarBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const) {
    body[list].forEach((date, i) => {
      const pointer = `/${list}/${i}`;
      const earlier = seen.get(date);
      if (yearOf(date) !== year) problems.push({ pointer, detail: text(`须在 ${year} 年内`, `must lie in ${year}`) });
      else if (earlier?.startsWith(`/${list}/`)) problems.push({ pointer, detail: text(`与 ${earlier} 重复`, `repeats ${earlier}`) });
      else if (earlier)
        problems.push({
          pointer,
          detail: text(
            `同时被列为放假日（${earlier}）；一天要么放假，要么上班`,
            `is also a holiday (${earlier}); a day is either off or worked`,
          ),
        });
      else if (list === 'workdays' && !isWeekend(date))
        problems.push({
          pointer,
          detail: text(
            '须为星期六或星期日：调休上班日替换的是周末',
            'must be a Saturday or Sunday: a make-up workday replaces a weekend day',
          ),
        });
      if (!earlier) seen.set(date, pointer);
    });
  }
  return problems;
}

/** Whether a date is worked: a make-up workday is, a holiday is not, otherwise Monday to Friday. */
export function isWorkingDay(date: string, calendar: YearCalendar): boolean {
  if (yearOf(date) !== calendar.year) throw new RangeError(`${date} is not in the calendar of ${calendar.year}`);
  if (calendar.workdays.includes(date)) return true;
  return !calendar.holidays.includes(date) && !isWeekend(date);
}

/**
 * The `n`-th working day after `start` (`start` itself not counted; n ≥ 1), across years. `provisional` when a
 * calendar consulted on the way was derived: the date may move once that year is loaded.
 */
export function addWorkingDays(
  start: string,
  n: number,
  calendarOf: (year: number) => YearCalendar,
): { date: string; provisional: boolean } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of at least 1, not ${n}`);
  let date = start;
  let calendar: YearCalendar | undefined;
  let provisional = false;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (calendar?.year !== yearOf(date)) {
      calendar = calendarOf(yearOf(date));
      provisional ||= calendar.source === 'derived';
    }
    if (isWorkingDay(date, calendar)) left -= 1;
  }
  return { date, provisional };
}
