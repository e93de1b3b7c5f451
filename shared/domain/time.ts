import * as z from 'zod';
import { lazySchema } from './schema.ts';

/** The programme's time zone: civil dates are dates in China. */
export const chinaTimeZone = 'Asia/Shanghai';

/** A civil date, YYYY-MM-DD, that exists on the calendar. */
export const civilDate = lazySchema(() => z.iso.date());

// Building an Intl formatter costs far more than using one (it loads time zone data): one per zone, made once.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The civil date of an instant in a time zone (default China). */
export function civilDateAt(instant: Date, timeZone = chinaTimeZone): string {
  let format = formatters.get(timeZone);
  if (!format)
    formatters.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(instant);
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same month and day `years` later; Feb 29 becomes Feb 28 in a year that has none. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return format(y + years, m, m === 2 && d === 29 && !leap(y + years) ? 28 : d);
}

/** A civil date moved by whole days. */
export function addDays(date: string, days: number): string {
  const t = Date.UTC(...(parts(date).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number, number])) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day of the week of a civil date: 0 Sunday … 6 Saturday. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Whether a civil date falls on a Saturday or a Sunday. */
export const isWeekend = (date: string): boolean => weekdayOf(date) === 0 || weekdayOf(date) === 6;

/** The year of a civil date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));
