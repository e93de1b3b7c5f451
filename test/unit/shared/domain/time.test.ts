import { describe, expect, it } from 'vitest';
import { civilDate, civilDateAt } from '../../../../shared/domain/time.ts';

describe('Module: time', () => {
  describe('Function: civilDateAt', () => {
    it('gives the China date, which starts at 16:00 UTC the day before', () => {
      expect(civilDateAt(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
      expect(civilDateAt(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    });

    it('is already in the new year in China while it is still New Year’s Eve in UTC', () => {
      // Prepare
      const instant = new Date('2026-12-31T23:30:00Z');

      // Act & Assess
      expect(civilDateAt(instant)).toBe('2027-01-01');
      expect(civilDateAt(instant, 'UTC')).toBe('2026-12-31');
    });
  });

  describe('Schema: civilDate', () => {
    it('accepts Feb 29 of a leap year and refuses days that do not exist', () => {
      expect(civilDate.safeParse('2028-02-29').success).toBe(true);
      expect(civilDate.safeParse('2026-02-29').success).toBe(false);
      expect(civilDate.safeParse('2026-04-31').success).toBe(false);
      expect(civilDate.safeParse('2026-4-1').success).toBe(false);
    });
  });
});
