import { describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { scheduleInput, toCroner } from '../../../../infra/local/scheduler.ts';
import { schedules } from '../../../../shared/topology.ts';

describe('Function: toCroner', () => {
  it('drops the year field and turns "?" into "*"', () => {
    expect(toCroner('0 8 * * ? *')).toBe('0 8 * * *');
    expect(toCroner('30 9 ? * MON-FRI *')).toBe('30 9 * * MON-FRI');
  });

  it('refuses a cron without exactly six fields', () => {
    expect(() => toCroner('0 8 * * *')).toThrow(/six cron fields/);
    expect(() => toCroner('0 8 * * ? * *')).toThrow(/six cron fields/);
  });

  it('refuses day-of-week numbers, which EventBridge and croner count differently', () => {
    expect(() => toCroner('0 8 ? * 2 *')).toThrow(/day-of-week names/);
  });

  it('runs the daily sweep at 08:00 China time, which is midnight UTC', () => {
    // Prepare
    const sweep = schedules.find((s) => s.name === 'agenda-sweep')!;

    // Act
    const next = new Cron(toCroner(sweep.cron), { timezone: sweep.timeZone }).nextRuns(2, new Date('2026-11-22T12:00:00Z'));

    // Assess
    expect(next.map((d) => d.toISOString())).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z']);
  });

  it('sends the weekly digest on Mondays at 09:00 China time, which is 01:00 UTC', () => {
    // Prepare: Sunday 2026-11-22, noon UTC
    const digest = schedules.find((s) => s.name === 'weekly-digest')!;

    // Act
    const next = new Cron(toCroner(digest.cron), { timezone: digest.timeZone }).nextRuns(3, new Date('2026-11-22T12:00:00Z'));

    // Assess
    expect(digest.fn).toBe('agenda-sweep');
    expect(next.map((d) => d.toISOString())).toEqual(['2026-11-23T01:00:00.000Z', '2026-11-30T01:00:00.000Z', '2026-12-07T01:00:00.000Z']);
  });

  it('keeps a weekday schedule to its weekdays', () => {
    const next = new Cron(toCroner('0 8 ? * MON *'), { timezone: 'Asia/Shanghai' }).nextRuns(2, new Date('2026-11-22T12:00:00Z'));

    expect(next.map((d) => d.toISOString())).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
  });

  it('converts every schedule of the topology', () => {
    for (const schedule of schedules) expect(() => new Cron(toCroner(schedule.cron), { timezone: schedule.timeZone })).not.toThrow();
  });
});

describe('Function: scheduleInput', () => {
  it('names the schedule, and the date only when a person gave one', () => {
    const [sweep] = schedules;
    expect(scheduleInput(sweep)).toEqual({ schedule: 'agenda-sweep' });
    expect(scheduleInput(sweep, '2027-01-04')).toEqual({ schedule: 'agenda-sweep', date: '2027-01-04' });
  });
});
