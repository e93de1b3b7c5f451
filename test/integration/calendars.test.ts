import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { calendarsFor, getLoadedCalendars, putCalendar } from '../../shared/data/calendars.ts';
import { addWorkingDays } from '../../shared/domain/calendar.ts';
import { PreconditionFailedError } from '../../shared/domain/errors.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * Calendars of 2031 and 2032, years no other test loads. The 2031 arrangement here is made up but keeps the rules:
 * Spring Festival off Wed 01-22 … Wed 01-29, worked Sun 01-19 and Sat 02-08. 2032 stays unloaded: derived.
 */

const actor = { sub: 't', role: 'admin', agencyId: 'state-ethnic-affairs', requestId: 't' };
const arrangement2031 = {
  holidays: ['2031-01-29', '2031-01-01', ...['22', '23', '24', '25', '26', '27', '28'].map((d) => `2031-01-${d}`)],
  workdays: ['2031-02-08', '2031-01-19'],
};

async function versionOf(year: number): Promise<number> {
  return (await getLoadedCalendars(mainStore(), [year])).get(year)?.version ?? 0;
}

describe('Repository: calendars', () => {
  it('stores a year sorted, as its next version, and reads it back in a batch beside years never loaded', async () => {
    const before = await versionOf(2031);
    const stored = await putCalendar(mainStore(), 2031, arrangement2031, actor, '2030-11-20T08:00:00.000Z');
    expect(stored).toMatchObject({ year: 2031, source: 'loaded', version: before + 1, updatedAt: '2030-11-20T08:00:00.000Z' });
    expect(stored.holidays[0]).toBe('2031-01-01');
    expect(stored.workdays).toEqual(['2031-01-19', '2031-02-08']);
    const loaded = await getLoadedCalendars(mainStore(), [2031, 2032, 2031]);
    expect([...loaded.keys()]).toEqual([2031]);
    expect(loaded.get(2031)).toEqual(stored);
  });

  it('counts working days with the loaded year, and provisionally once past it into a derived one', async () => {
    await putCalendar(mainStore(), 2031, arrangement2031, actor, '2030-11-21T08:00:00.000Z');
    const calendarOf = await calendarsFor(mainStore(), 2031, 2032);
    expect(calendarOf(2031).source).toBe('loaded');
    expect(calendarOf(2032).source).toBe('derived');
    expect(addWorkingDays('2031-01-17', 1, calendarOf)).toEqual({ date: '2031-01-19', provisional: false });
    expect(addWorkingDays('2031-01-21', 1, calendarOf)).toEqual({ date: '2031-01-30', provisional: false });
    expect(addWorkingDays('2031-12-31', 1, calendarOf)).toEqual({ date: '2032-01-02', provisional: true });
    expect(() => calendarOf(2033)).toThrow(RangeError);
  });

  it('keeps an audit entry per load, before → after', async () => {
    const version = await versionOf(2031);
    await putCalendar(mainStore(), 2031, { holidays: ['2031-01-01'], workdays: [] }, actor, '2030-11-22T08:00:00.000Z');
    const { Items } = await mainStore().doc.send(
      new QueryCommand({
        TableName: mainStore().table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': 'CALENDAR#2031', ':audit': 'AUDIT#2030-11-22' },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(Items![0]).toMatchObject({
      action: 'putCalendar',
      actor,
      before: { version, holidays: expect.arrayContaining(['2031-01-22']) },
      after: { version: version + 1, holidays: ['2031-01-01'], workdays: [] },
    });
  });

  it('refuses a load against a stale version and leaves the year as it was', async () => {
    const current = (await getLoadedCalendars(mainStore(), [2031])).get(2031)!;
    await expect(
      putCalendar(mainStore(), 2031, { holidays: [], workdays: [] }, actor, '2030-11-23T08:00:00.000Z', {
        kind: 'tags',
        versions: [current.version - 1],
      }),
    ).rejects.toThrow(PreconditionFailedError);
    expect((await getLoadedCalendars(mainStore(), [2031])).get(2031)).toEqual(current);
    const next = await putCalendar(mainStore(), 2031, arrangement2031, actor, '2030-11-24T08:00:00.000Z', {
      kind: 'tags',
      versions: [current.version],
    });
    expect(next.version).toBe(current.version + 1);
  });
});
