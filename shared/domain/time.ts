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
  if (!format) formatters.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(instant);
}
