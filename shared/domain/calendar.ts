import { z } from 'zod';
import chineseDays from 'chinese-days';
import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { FieldProblem } from './errors.ts';
import { addDays } from './namings.ts';
import { civilDate } from './time.ts';

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
export const calendarBody = z.strictObject({
  holidays: z.array(civilDate).max(maxCalendarDates).describe('every day off of the holiday spans, weekends inside them included'),
  workdays: z.array(civilDate).max(maxCalendarDates).describe('make-up workdays (调休上班): Saturdays or Sundays that are worked'),
});

/** The State Council's arrangement for a year, as an admin loads it. */
export type CalendarBody = z.infer<typeof calendarBody>;

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekdayOf(date) === 0 || weekdayOf(date) === 6;
const yearOf = (date: string) => Number(date.slice(0, 4));

/** Every rule a year's arrangement must keep beyond its shape; each problem names the offending entry. */
export function calendarProblems(year: number, body: CalendarBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const) {
    body[list].forEach((date, i) => {
      const pointer = `/${list}/${i}`;
      const earlier = seen.get(date);
      if (yearOf(date) !== year) problems.push({ pointer, detail: `must lie in ${year}` });
      else if (earlier?.startsWith(`/${list}/`)) problems.push({ pointer, detail: `repeats ${earlier}` });
      else if (earlier) problems.push({ pointer, detail: `is also a holiday (${earlier}); a day is either off or worked` });
      else if (list === 'workdays' && !isWeekend(date)) problems.push({ pointer, detail: 'must be a Saturday or Sunday: a make-up workday replaces a weekend day' });
      if (!earlier) seen.set(date, pointer);
    });
  }
  return problems;
}

const publishedDays = published as { holidays: Record<string, string>; workdays: Record<string, string> };

/**
 * The arrangement chinese-days carries for a year, if it carries one. Read from the package's data file rather
 * than its functions, whose day lookups slip by a day west of Greenwich. A year is carried when its New Year's
 * Day is listed as a holiday: every published arrangement lists it, and a year the package does not know
 * (2027 in 1.5.7) has no entry at all, so the package counts 2027-01-01 as a workday.
 */
export function publishedYear(year: number): YearCalendar | undefined {
  if (publishedDays.holidays[`${year}-01-01`] === undefined) return undefined;
  const inYear = (dates: Record<string, string>) => Object.keys(dates).filter((d) => yearOf(d) === year).sort();
  return { year, holidays: inYear(publishedDays.holidays), workdays: inYear(publishedDays.workdays), source: 'published' };
}

/** The Gregorian date of a day of a regular (not leap) lunar month; the lunar date goes in as local time, which is how chinese-days reads it. */
function fromLunar(year: number, month: number, day: number): string {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * Qingming (清明). chinese-days formats the UTC midnight of the term with local getters, which west of Greenwich
 * names the day before; whether this process does so is read off the same midnight, and the slip undone.
 */
function qingmingOf(year: number): string {
  const shown = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const next = addDays(shown, 1);
  return new Date(`${next}T00:00:00Z`).getDate() === Number(next.slice(8)) ? shown : next;
}

/** The statutory holidays (rules in force since 2025; 13 days), by festival. */
const statutoryHolidays: Record<string, (year: number) => string[]> = {
  newYear: (y) => [`${y}-01-01`],
  // Lunar New Year's Eve is the day before 1/1, whether the 12th month has 29 days or 30.
  springFestival: (y) => [-1, 0, 1, 2].map((d) => addDays(fromLunar(y, 1, 1), d)),
  qingming: (y) => [qingmingOf(y)],
  labourDay: (y) => [`${y}-05-01`, `${y}-05-02`],
  dragonBoat: (y) => [fromLunar(y, 5, 5)],
  midAutumn: (y) => [fromLunar(y, 8, 15)],
  nationalDay: (y) => [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`],
};

/** Years whose lunar dates and solar terms chinese-days can compute. */
const derivable = { first: 1901, last: 2099 };

/**
 * A year nobody has published: the statutory holidays from the Gregorian and lunar calendars, without the
 * make-up days and bridged weekends the State Council adds, so anything computed from it is provisional.
 * Mid-Autumn on a National Day date counts once.
 */
export function derivedYear(year: number): YearCalendar {
  if (!Number.isInteger(year) || year < derivable.first || year > derivable.last) {
    throw new RangeError(`holidays can be derived for ${derivable.first}–${derivable.last}, not ${year}`);
  }
  const holidays = [...new Set(Object.values(statutoryHolidays).flatMap((days) => days(year)))].sort();
  return { year, holidays, workdays: [], source: 'derived' };
}

/** The calendar to use for a year: the one an admin loaded, else the one chinese-days carries, else a derived one. */
export function calendarFor(year: number, loaded?: YearCalendar): YearCalendar {
  return loaded ?? publishedYear(year) ?? derivedYear(year);
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
export function addWorkingDays(start: string, n: number, calendarOf: (year: number) => YearCalendar): { date: string; provisional: boolean } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of at least 1, not ${n}`);
  let date = start;
  let calendar: YearCalendar | undefined;
  let provisional = false;
  for (let left = n; left > 0;) {
    date = addDays(date, 1);
    if (calendar?.year !== yearOf(date)) {
      calendar = calendarOf(yearOf(date));
      provisional ||= calendar.source === 'derived';
    }
    if (isWorkingDay(date, calendar)) left -= 1;
  }
  return { date, provisional };
}
