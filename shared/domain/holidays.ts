import chineseDays from 'chinese-days';
import { holidays, workdays } from './holidays-data.ts';
import type { YearCalendar } from './calendar.ts';
import { addDays, yearOf } from './time.ts';

/*
 * Where a year's holidays come from when no admin loaded it: the arrangement chinese-days carries for the years the
 * State Council published, else the statutory holidays derived from the lunar calendar. Apart from calendar.ts so
 * that only what counts deadlines loads chinese-days (its tables are built when it loads), not every function.
 */

let publishedDays: { holidays: string[]; workdays: string[] } | undefined;

/**
 * The arrangement chinese-days carries for a year, if it carries one. Read from the package's data file (as
 * holidays-data.ts holds it) rather than its functions, whose day lookups slip by a day west of Greenwich. A year
 * is carried when its New Year's Day is listed as a holiday: every published arrangement lists it, and a year the
 * package does not know (2027 in 1.5.7) has no entry at all, so the package counts 2027-01-01 as a workday.
 */
export function publishedYear(year: number): YearCalendar | undefined {
  publishedDays ??= { holidays: holidays.split(' '), workdays: workdays.split(' ') };
  if (!publishedDays.holidays.includes(`${year}-01-01`)) return undefined;
  const inYear = (dates: string[]) => dates.filter((d) => yearOf(d) === year);
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
