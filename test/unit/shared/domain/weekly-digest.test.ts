import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../../../../shared/domain/time.ts';
import { digestRecipients, firstDigestOn, isoWeekOf, nextDigestOn } from '../../../../shared/domain/weekly-digest.ts';

describe('Module: weekly-digest', () => {
  describe('Function: isoWeekOf', () => {
    it('numbers weeks from Monday, week 1 being the one with the first Thursday of the year', () => {
      // 2026-01-01 is a Thursday: its week (Mon 2025-12-29 … Sun 2026-01-04) is 2026's first
      expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
      expect(isoWeekOf('2026-01-04')).toBe('2026-W01');
      expect(isoWeekOf('2026-01-05')).toBe('2026-W02');
      // Thursday 2026-12-03 is the 337th day, 48 weeks after Jan 1: week 49, from Monday 2026-11-30 to Sunday 2026-12-06
      expect(isoWeekOf('2026-11-30')).toBe('2026-W49');
      expect(isoWeekOf('2026-12-03')).toBe('2026-W49');
      expect(isoWeekOf('2026-12-06')).toBe('2026-W49');
      expect(isoWeekOf('2026-12-07')).toBe('2026-W50');
    });

    it("gives a year starting on a Thursday a 53rd week, which holds the next year's first days", () => {
      expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
      expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
      expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
      expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
      // 2027 starts on a Friday: its last days belong to 2027-W52, and 2028-01-02 (a Sunday) too
      expect(isoWeekOf('2027-12-31')).toBe('2027-W52');
      expect(isoWeekOf('2028-01-02')).toBe('2027-W52');
      expect(isoWeekOf('2028-01-03')).toBe('2028-W01');
    });

    it('gives the seven days from a Monday one week, and the next Monday another', () => {
      let monday = '2024-01-01';
      for (let week = 0; week < 260; week++, monday = addDays(monday, 7)) {
        const days = Array.from({ length: 7 }, (_, i) => isoWeekOf(addDays(monday, i)));
        expect(new Set(days).size).toBe(1);
        expect(isoWeekOf(addDays(monday, 7))).not.toBe(days[0]);
      }
    });
  });

  describe('Function: firstDigestOn', () => {
    it('is the Monday on or after the day an agency joins', () => {
      expect(firstDigestOn('2026-12-03')).toBe('2026-12-07');
      expect(firstDigestOn('2026-12-06')).toBe('2026-12-07');
      expect(firstDigestOn('2026-12-07')).toBe('2026-12-07');
      expect(firstDigestOn('2026-12-08')).toBe('2026-12-14');
    });
  });

  describe('Function: nextDigestOn', () => {
    it('is the Monday after the run, whichever day it ran on', () => {
      expect(nextDigestOn('2026-12-07')).toBe('2026-12-14');
      expect(nextDigestOn('2026-12-08')).toBe('2026-12-14');
      expect(nextDigestOn('2026-12-13')).toBe('2026-12-14');
      expect(nextDigestOn('2026-12-28')).toBe('2027-01-04');
      for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 1)) {
        expect(weekdayOf(nextDigestOn(day))).toBe(1);
        expect(isoWeekOf(nextDigestOn(day))).not.toBe(isoWeekOf(day));
      }
    });
  });

  describe('Function: digestRecipients', () => {
    it('writes to every contact but those who opted out, each address once', () => {
      const authority = {
        contacts: [
          { email: 'a@example.cn' },
          { email: 'b@example.cn', digest: false },
          { email: 'c@example.cn', digest: true },
          { email: 'a@example.cn', digest: true },
        ],
      };
      expect(digestRecipients(authority)).toEqual(['a@example.cn', 'c@example.cn']);
      expect(digestRecipients({ contacts: [{ email: 'b@example.cn', digest: false }] })).toEqual([]);
    });
  });
});
