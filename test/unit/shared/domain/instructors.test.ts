import { describe, expect, it } from 'vitest';
import {
  appointmentOn,
  filingChanges,
  inForceOn,
  isActiveOn,
  lastDayInForce,
  termEndMilestone,
  termEndOf,
  termExpiredReason,
  termMilestones,
  termRanOutBy,
  type AppointmentTerm,
  type FilingEntry,
} from '../../../../shared/domain/instructors.ts';
import { nextMilestone } from '../../../../shared/domain/agenda.ts';

const term = (fields: Partial<AppointmentTerm> = {}): AppointmentTerm => ({
  appointedOn: '2026-03-01',
  termEndsOn: '2029-03-01',
  status: 'active',
  ...fields,
});

describe('Function: termEndOf', () => {
  it('ends a term three years on, on the corresponding day (Feb 29 → Feb 28)', () => {
    expect(termEndOf('2026-03-01')).toBe('2029-03-01');
    expect(termEndOf('2028-02-29')).toBe('2031-02-28');
  });
});

describe('Constant: termMilestones', () => {
  it('reminds 90 and 30 days before the last day, then ends the term the day after it', () => {
    const last = '2029-03-01';

    expect(nextMilestone(last, termMilestones, '2028-12-01', 90)).toEqual({ daysBefore: 30, date: '2029-01-30' });
    expect(nextMilestone(last, termMilestones, '2029-01-30', 30)).toEqual({ daysBefore: termEndMilestone, date: '2029-03-02' });
    expect(nextMilestone(last, termMilestones, '2029-03-05', 90)).toEqual({ daysBefore: termEndMilestone, date: '2029-03-02' });
  });
});

describe('Function: lastDayInForce', () => {
  it('is the last day of the term for an active appointment and for one whose term ran out', () => {
    expect(lastDayInForce(term())).toBe('2029-03-01');
    expect(lastDayInForce(term({ status: 'ended', endedOn: '2029-03-01', endReason: termExpiredReason }))).toBe('2029-03-01');
  });

  it("is the day before an adjustment took effect (its successor's first day), if that came sooner", () => {
    expect(lastDayInForce(term({ status: 'ended', endedOn: '2027-06-10', endReason: 'wish' }))).toBe('2027-06-09');
    expect(lastDayInForce(term({ status: 'ended', endedOn: '2029-03-01', endReason: 'term-end' }))).toBe('2029-02-28');
    expect(lastDayInForce(term({ status: 'ended', endedOn: '2029-03-20', endReason: 'term-end' }))).toBe('2029-03-01');
  });
});

describe('Function: inForceOn', () => {
  it('holds from the first day through the last day of the term, and not the day after', () => {
    expect(inForceOn(term(), '2026-02-28')).toBe(false);
    expect(inForceOn(term(), '2026-03-01')).toBe(true);
    expect(inForceOn(term(), '2029-03-01')).toBe(true);
    expect(inForceOn(term(), '2029-03-02')).toBe(false);
  });

  it('agrees before and after the sweep has recorded the end', () => {
    const recorded = term({ status: 'ended', endedOn: '2029-03-01', endReason: termExpiredReason });

    for (const on of ['2029-02-28', '2029-03-01', '2029-03-02']) expect(inForceOn(recorded, on)).toBe(inForceOn(term(), on));
  });

  it('stops the day an adjustment takes effect', () => {
    expect(inForceOn(term({ status: 'ended', endedOn: '2027-06-10', endReason: 'health' }), '2027-06-09')).toBe(true);
    expect(inForceOn(term({ status: 'ended', endedOn: '2027-06-10', endReason: 'health' }), '2027-06-10')).toBe(false);
  });
});

describe('Function: appointmentOn', () => {
  it('leaves an appointment active through the last day of its term', () => {
    expect(appointmentOn(term(), '2029-03-01')).toEqual(term());
    expect(isActiveOn(term(), '2029-03-01')).toBe(true);
  });

  it('shows it ended on its last day from the next day, as the sweep records it', () => {
    expect(appointmentOn(term(), '2029-03-02')).toEqual(term({ status: 'ended', endedOn: '2029-03-01', endReason: termExpiredReason }));
    expect(isActiveOn(term(), '2029-03-02')).toBe(false);
  });

  it('leaves an appointment ended by hand as it was', () => {
    const adjusted = term({ status: 'ended', endedOn: '2027-06-10', endReason: 'wish' });

    expect(appointmentOn(adjusted, '2030-01-01')).toBe(adjusted);
  });

  it('counts an appointment starting later as active already (it holds its place)', () => {
    expect(isActiveOn(term({ appointedOn: '2026-03-20', termEndsOn: '2029-03-20' }), '2026-03-01')).toBe(true);
  });
});

describe('Function: termRanOutBy', () => {
  it('is true once the last day has passed, recorded or not, and not for an appointment adjusted before its term ran out', () => {
    expect(termRanOutBy(term(), '2029-03-01')).toBe(false);
    expect(termRanOutBy(term(), '2029-03-02')).toBe(true);
    expect(termRanOutBy(term({ status: 'ended', endedOn: '2029-03-01', endReason: termExpiredReason }), '2029-03-02')).toBe(true);
    expect(termRanOutBy(term({ status: 'ended', endedOn: '2028-01-01', endReason: 'job-change' }), '2029-06-01')).toBe(false);
  });
});

describe('Function: filingChanges', () => {
  const entry = (instructorId: string, appointedOn = '2026-03-01'): FilingEntry => ({
    instructorId,
    instructorName: `指导员${instructorId}`,
    unitId: 'u1',
    unitName: '社区',
    appointedOn,
    termEndsOn: termEndOf(appointedOn),
  });

  it('lists a line whose term ran out as ended, and one that went otherwise as removed', () => {
    // Prepare
    const previous = [entry('a'), entry('b'), entry('c')];
    const current = [entry('c'), entry('d', '2029-03-02')];

    // Act
    const changes = filingChanges(previous, current, [entry('a')]);

    // Assess
    expect(changes).toEqual({ added: [entry('d', '2029-03-02')], removed: [entry('b')], ended: [entry('a')], changed: [] });
  });

  it('matches a term that ran out by its start, not only by unit and instructor', () => {
    const changes = filingChanges([entry('a', '2026-05-01')], [], [entry('a', '2023-05-01')]);

    expect(changes).toMatchObject({ removed: [entry('a', '2026-05-01')], ended: [] });
  });
});
