import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarBody, calendarProblems, isWorkingDay, type YearCalendar } from '../../../../shared/domain/calendar.ts';
import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { calendarFor, derivedYear, publishedYear } from '../../../../shared/domain/holidays.ts';

/*
 * The 2026 arrangement (gov.cn/zhengce/zhengceku/202511/content_7047091.htm) as chinese-days 1.5.7 carries it,
 * hand-checked against the weekdays:
 * Spring Festival off Sun 02-15 … Mon 02-23, worked Sat 02-14 and Sat 02-28;
 * Mid-Autumn off Fri 09-25 … Sun 09-27; National Day off Thu 10-01 … Wed 10-07, worked Sun 09-20 and Sat 10-10.
 */
const byYear = (year: number) => calendarFor(year);
const workdaysAfter = (start: string, n: number) => addWorkingDays(start, n, byYear);

describe('Function: publishedYear', () => {
  it('carries the 2026 arrangement, its make-up workdays included', () => {
    const year = publishedYear(2026)!;
    expect(year.source).toBe('published');
    expect(year.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(year.holidays).toHaveLength(33);
    expect(year.holidays).toEqual(
      expect.arrayContaining(['2026-01-03', '2026-02-15', '2026-02-23', '2026-06-21', '2026-09-27', '2026-10-07']),
    );
  });

  it('does not carry 2027, which the package would count as all weekdays worked', () => {
    expect(publishedYear(2027)).toBeUndefined();
  });

  it('keeps every rule an admin-loaded year must keep', () => {
    for (const year of [2024, 2025, 2026]) expect(calendarProblems(year, publishedYear(year)!)).toEqual([]);
  });

  it('holds exactly the days of the chinese-days package, year by year (run `npm run holidays` after upgrading it)', () => {
    const years = [...new Set(Object.keys(published.holidays).map((d) => Number(d.slice(0, 4))))];
    expect(years.length).toBeGreaterThan(20);
    for (const year of years) {
      const inYear = (days: Record<string, string>) =>
        Object.keys(days)
          .filter((d) => d.startsWith(`${year}-`))
          .sort();
      const carried = publishedYear(year);
      expect(carried, String(year)).toBeDefined();
      expect(carried!.holidays, String(year)).toEqual(inYear(published.holidays));
      expect(carried!.workdays, String(year)).toEqual(inYear(published.workdays));
    }
  });
});

describe('Function: derivedYear', () => {
  const statutory2027 = [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08', // eve, then lunar 1/1–1/3 (1/1 = Feb 6)
    '2027-04-05', // Qingming
    '2027-05-01',
    '2027-05-02',
    '2027-06-09', // Dragon Boat, lunar 5/5
    '2027-09-15', // Mid-Autumn, lunar 8/15
    '2027-10-01',
    '2027-10-02',
    '2027-10-03',
  ];

  it('derives the 13 statutory days of 2027, the Spring Festival eve being lunar 12/29', () => {
    expect(derivedYear(2027)).toEqual({ year: 2027, holidays: statutory2027, workdays: [], source: 'derived' });
  });

  it('counts a Mid-Autumn that falls on National Day once (2028-10-03)', () => {
    const holidays = derivedYear(2028).holidays;
    expect(holidays).toHaveLength(12);
    expect(holidays.filter((d) => d >= '2028-09-01')).toEqual(['2028-10-01', '2028-10-02', '2028-10-03']);
  });

  it('lands every statutory day inside the published spans of the years under the current rules', () => {
    for (const year of [2025, 2026]) expect(publishedYear(year)!.holidays).toEqual(expect.arrayContaining(derivedYear(year).holidays));
  });

  it('derives the same dates in any time zone, though chinese-days itself slips a day west of Greenwich', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(derivedYear(2027).holidays).toEqual(statutory2027);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses a year beyond the lunar tables', () => {
    expect(() => derivedYear(2100)).toThrow(RangeError);
  });
});

describe('Function: calendarFor', () => {
  it('prefers a loaded year to the published one', () => {
    const loaded: YearCalendar = { year: 2026, holidays: [], workdays: [], source: 'loaded' };
    expect(calendarFor(2026, loaded)).toBe(loaded);
    expect(isWorkingDay('2026-10-01', calendarFor(2026, loaded))).toBe(true);
    expect(isWorkingDay('2026-10-10', calendarFor(2026, loaded))).toBe(false);
  });

  it('falls back to the published year, then to a derived one', () => {
    expect(calendarFor(2026).source).toBe('published');
    expect(calendarFor(2027).source).toBe('derived');
  });
});

describe('Function: isWorkingDay', () => {
  it('works a make-up Saturday, rests a holiday weekday, and otherwise follows Monday to Friday', () => {
    const year = calendarFor(2026);
    expect(isWorkingDay('2026-10-10', year)).toBe(true);
    expect(isWorkingDay('2026-10-07', year)).toBe(false);
    expect(isWorkingDay('2026-10-09', year)).toBe(true);
    expect(isWorkingDay('2026-10-11', year)).toBe(false);
  });

  it('refuses a date outside the calendar it is given', () => {
    expect(() => isWorkingDay('2027-01-04', calendarFor(2026))).toThrow(RangeError);
  });
});

describe('Function: addWorkingDays', () => {
  it('steps over the 2026 Spring Festival and counts its make-up Saturdays', () => {
    expect(workdaysAfter('2026-02-12', 1)).toEqual({ date: '2026-02-13', provisional: false });
    expect(workdaysAfter('2026-02-13', 1).date).toBe('2026-02-14');
    expect(workdaysAfter('2026-02-13', 2).date).toBe('2026-02-24');
    expect(workdaysAfter('2026-02-24', 4).date).toBe('2026-02-28');
    expect(workdaysAfter('2026-02-24', 5).date).toBe('2026-03-02');
  });

  it('steps over Mid-Autumn and National Day 2026 and counts the make-up 09-20 and 10-10', () => {
    expect(workdaysAfter('2026-09-18', 1).date).toBe('2026-09-20');
    expect(workdaysAfter('2026-09-24', 1).date).toBe('2026-09-28');
    expect(workdaysAfter('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
    expect(workdaysAfter('2026-09-30', 3).date).toBe('2026-10-10');
    expect(workdaysAfter('2026-09-30', 4).date).toBe('2026-10-12');
    expect(workdaysAfter('2026-09-24', 10).date).toBe('2026-10-15');
  });

  it('is provisional once it reaches into a derived year, and only then', () => {
    expect(workdaysAfter('2026-12-29', 2)).toEqual({ date: '2026-12-31', provisional: false });
    expect(workdaysAfter('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: true });
    expect(workdaysAfter('2027-02-04', 1)).toEqual({ date: '2027-02-09', provisional: true });
  });

  it('is no longer provisional once the year is loaded', () => {
    const loaded2027: YearCalendar = { ...derivedYear(2027), source: 'loaded' };
    expect(addWorkingDays('2026-12-30', 2, (year) => (year === 2027 ? loaded2027 : calendarFor(year)))).toEqual({
      date: '2027-01-04',
      provisional: false,
    });
  });

  it('refuses to count zero, negative or fractional working days', () => {
    for (const n of [0, -1, 1.5]) expect(() => workdaysAfter('2026-10-08', n)).toThrow(RangeError);
  });
});

describe('Function: calendarProblems', () => {
  const problems = (holidays: string[], workdays: string[]) => calendarProblems(2031, { holidays, workdays });

  it('accepts a year whose dates all keep the rules', () => {
    expect(problems(['2031-01-01', '2031-01-22'], ['2031-01-25'])).toEqual([]);
  });

  it('refuses a date of another year', () => {
    expect(problems(['2031-01-01', '2030-12-31'], ['2032-01-03'])).toEqual([
      { pointer: '/holidays/1', detail: expect.objectContaining({ en: 'must lie in 2031' }) },
      { pointer: '/workdays/0', detail: expect.objectContaining({ en: 'must lie in 2031' }) },
    ]);
  });

  it('refuses a date listed twice', () => {
    expect(problems(['2031-01-01', '2031-01-01'], ['2031-01-25', '2031-01-25'])).toEqual([
      { pointer: '/holidays/1', detail: expect.objectContaining({ en: 'repeats /holidays/0' }) },
      { pointer: '/workdays/1', detail: expect.objectContaining({ en: 'repeats /workdays/0' }) },
    ]);
  });

  it('refuses a day that is both off and worked', () => {
    expect(problems(['2031-01-25'], ['2031-01-25'])).toEqual([
      { pointer: '/workdays/0', detail: expect.objectContaining({ en: 'is also a holiday (/holidays/0); a day is either off or worked' }) },
    ]);
  });

  it('refuses a make-up workday that is not a weekend day', () => {
    expect(problems([], ['2031-01-24'])).toEqual([
      {
        pointer: '/workdays/0',
        detail: expect.objectContaining({ en: 'must be a Saturday or Sunday: a make-up workday replaces a weekend day' }),
      },
    ]);
  });
});

describe('Schema: calendarBody', () => {
  it('refuses dates that do not exist, unknown fields and more than 60 dates', () => {
    expect(calendarBody.safeParse({ holidays: ['2031-02-29'], workdays: [] }).success).toBe(false);
    expect(calendarBody.safeParse({ holidays: [], workdays: [], year: 2031 }).success).toBe(false);
    expect(calendarBody.safeParse({ holidays: Array(61).fill('2031-01-01'), workdays: [] }).success).toBe(false);
    expect(calendarBody.safeParse({ holidays: ['2031-01-01'], workdays: [] }).success).toBe(true);
  });
});
