import { describe, expect, it } from 'vitest';
import {
  addDays, addYears, certificateNo, certificateNumber, certificatePrefix, expiryMilestones, expiryOf, milestonesOf, nextMilestone, shownStatus,
} from '../../../../shared/domain/namings.ts';

describe('Function: expiryOf', () => {
  it('adds five years, turning Feb 29 into Feb 28 when the year has none', () => {
    expect(expiryOf('2026-03-01')).toBe('2031-03-01');
    expect(expiryOf('2024-02-29')).toBe('2029-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(expiryOf('2026-12-31')).toBe('2031-12-31');
  });
});

describe('Function: milestonesOf', () => {
  it('falls on the right dates across leap days and year ends', () => {
    expect(milestonesOf('2029-02-28', expiryMilestones).map((m) => m.date)).toEqual(['2028-09-01', '2028-11-30', '2029-01-29', '2029-02-21', '2029-02-28']);
    expect(milestonesOf('2031-01-05', [30, 7]).map((m) => m.date)).toEqual(['2030-12-06', '2030-12-29']);
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('Function: nextMilestone', () => {
  const expires = '2031-03-01';

  it('is the first milestone ahead when none has passed', () => {
    expect(nextMilestone(expires, expiryMilestones, '2026-03-01')).toEqual({ daysBefore: 180, date: '2030-09-02' });
  });

  it('is only the latest passed milestone for a naming imported late, never the older ones', () => {
    expect(nextMilestone(expires, expiryMilestones, '2031-02-10')).toEqual({ daysBefore: 30, date: '2031-01-30' });
  });

  it('moves past the one acted on to the next ahead, or to the latest due after a missed day', () => {
    expect(nextMilestone(expires, expiryMilestones, '2030-09-02', 180)).toEqual({ daysBefore: 90, date: '2030-12-01' });
    expect(nextMilestone(expires, expiryMilestones, '2031-02-25', 180)).toEqual({ daysBefore: 7, date: '2031-02-22' });
  });

  it('is the expiry day itself last, then nothing', () => {
    expect(nextMilestone(expires, expiryMilestones, '2031-02-22', 7)).toEqual({ daysBefore: 0, date: expires });
    expect(nextMilestone(expires, expiryMilestones, '2031-03-01', 0)).toBeUndefined();
  });
});

describe('Function: shownStatus', () => {
  it('shows an active naming as expiring within 180 days and expired from its expiry date', () => {
    expect(shownStatus('active', '2031-03-01', '2030-09-01')).toBe('active');
    expect(shownStatus('active', '2031-03-01', '2030-09-02')).toBe('expiring');
    expect(shownStatus('active', '2031-03-01', '2031-03-01')).toBe('expired');
    expect(shownStatus('revoked', '2031-03-01', '2027-01-01')).toBe('revoked');
  });
});

describe('Function: certificateNumber', () => {
  it('uses the province abbreviation, the year in 〔〕 and a 4-digit sequence', () => {
    expect(certificateNumber(certificatePrefix('province', '420100'), 2026, 7)).toBe('鄂民示〔2026〕0007');
    expect(certificateNumber(certificatePrefix('national', '420100'), 2026, 12)).toBe('国民示〔2026〕0012');
  });

  it('refuses numbers with odd characters', () => {
    expect(certificateNo.safeParse('鄂民示〔2022〕0007').success).toBe(true);
    expect(certificateNo.safeParse("鄂民示〔2022〕0007' OR 1=1").success).toBe(false);
    expect(certificateNo.safeParse('ABC[2022]0007').success).toBe(false);
  });
});
