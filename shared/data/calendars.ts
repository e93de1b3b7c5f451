import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarBody, YearCalendar } from '../domain/calendar.ts';
import { checkIfMatch, type IfMatch } from '../domain/preconditions.ts';
import { auditItem, type Actor } from './audit.ts';
import { batchGet, versionedWrite, type Store } from './store.ts';

/*
 * Access patterns:
 * - a loaded year: GetItem pk=CALENDAR#<year>, sk=CALENDAR
 * - the loaded years of a range (a deadline computation): one BatchGetItem of those keys
 */

/** A year an admin loaded, with its version (the ETag) and when it was last loaded. */
export interface LoadedCalendar extends YearCalendar {
  source: 'loaded';
  version: number;
  updatedAt: string;
}

const keyOf = (year: number) => ({ pk: `CALENDAR#${year}`, sk: 'CALENDAR' });
// BatchGetItem takes at most 100 keys.
const maxYears = 100;

function fromItem(item: Record<string, unknown>): LoadedCalendar {
  return {
    year: Number(item.year),
    holidays: item.holidays as string[],
    workdays: item.workdays as string[],
    source: 'loaded',
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Stores a year's arrangement (already checked by `calendarProblems`) as its next version, with an audit entry.
 * With `ifMatch` the stored version must match it; a stale version, or a load that races
 * another, → 412.
 */
export async function putCalendar(
  store: Store,
  year: number,
  body: CalendarBody,
  actor: Actor,
  now: string,
  ifMatch?: IfMatch,
): Promise<LoadedCalendar> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(year) }));
  const before = Item ? fromItem(Item) : undefined;
  checkIfMatch(ifMatch, before?.version);
  const calendar: LoadedCalendar = {
    year,
    holidays: [...body.holidays].sort(),
    workdays: [...body.workdays].sort(),
    source: 'loaded',
    version: (before?.version ?? 0) + 1,
    updatedAt: now,
  };
  await versionedWrite(store, {
    item: {
      ...keyOf(year),
      kind: 'calendar',
      year,
      holidays: calendar.holidays,
      workdays: calendar.workdays,
      version: calendar.version,
      updatedAt: now,
    },
    expectedVersion: before?.version ?? 0,
    audit: auditItem(keyOf(year).pk, {
      actor,
      at: now,
      action: 'putCalendar',
      before: before && { holidays: before.holidays, workdays: before.workdays, version: before.version },
      after: { holidays: calendar.holidays, workdays: calendar.workdays, version: calendar.version },
    }),
    current: async () => {
      const { Item: current } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(year), ConsistentRead: true }));
      return current ? { version: Number(current.version) } : undefined;
    },
  });
  return calendar;
}

/** The years of these an admin has loaded, read in one batch. */
export async function getLoadedCalendars(store: Store, years: readonly number[]): Promise<Map<number, LoadedCalendar>> {
  const wanted = [...new Set(years)];
  if (wanted.length > maxYears) throw new RangeError(`at most ${maxYears} years at once, not ${wanted.length}`);
  return new Map((await batchGet(store, wanted.map(keyOf))).map((item) => [Number(item.year), fromItem(item)]));
}

/**
 * The calendars of `fromYear` to `toYear`, read once: each year as loaded, else as chinese-days publishes it, else
 * derived. A year outside the range is refused rather than guessed, since a loaded one would go unseen.
 */
export async function calendarsFor(store: Store, fromYear: number, toYear: number): Promise<(year: number) => YearCalendar> {
  const years = Array.from({ length: Math.max(0, toYear - fromYear + 1) }, (_, i) => fromYear + i);
  const loaded = await getLoadedCalendars(store, years);
  // Loaded on first use: chinese-days builds its tables when it loads, a cost only deadline counting should pay.
  const { calendarFor } = await import('../domain/holidays.ts');
  const calendars = new Map(years.map((year) => [year, calendarFor(year, loaded.get(year))]));
  return (year) => {
    const calendar = calendars.get(year);
    if (!calendar) throw new RangeError(`calendars were read for ${fromYear}–${toYear}, not ${year}`);
    return calendar;
  };
}
