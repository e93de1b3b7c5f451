import { describe, expect, it } from 'vitest';
import { nextDeadline, reviewProgress, submissionCounts } from '../../../../shared/domain/campaign-progress.ts';
import type { Campaign } from '../../../../shared/domain/campaigns.ts';

/** A campaign with the dates that matter here. */
const campaign = (extra: Partial<Campaign> = {}) =>
  ({
    dates: {
      applicationsOpen: '2026-03-01',
      applicationsClose: '2026-03-31',
      documentReview: { from: '2026-04-01', to: '2026-04-15' },
      onSiteReview: { from: '2026-04-20', to: '2026-04-30' },
      appealWorkingDays: 5,
      publicNoticeWorkingDays: 5,
    },
    ...extra,
  }) as Campaign;

describe('Function: nextDeadline', () => {
  it('is the earliest last day not yet past, in calendar days', () => {
    expect(nextDeadline(campaign(), '2026-03-10')).toEqual({ name: 'applicationsClose', label: '申报截止', date: '2026-03-31', days: 21 });
    expect(nextDeadline(campaign(), '2026-04-01')).toMatchObject({ name: 'documentReview', date: '2026-04-15', days: 14 });
  });

  it("counts today's own deadline as 0 days left", () => {
    expect(nextDeadline(campaign(), '2026-03-31')).toMatchObject({ name: 'applicationsClose', days: 0 });
  });

  it('takes the rectification window and the appeal and notice ends the campaign set as it went', () => {
    const ranked = campaign({ rectification: { dueOn: '2026-04-18' }, appealEndsOn: '2026-05-08', noticeEndsOn: '2026-05-20' });
    expect(nextDeadline(ranked, '2026-04-16')).toMatchObject({ name: 'rectification', label: '整改截止', days: 2 });
    expect(nextDeadline(ranked, '2026-05-01')).toMatchObject({ name: 'appeal', date: '2026-05-08', days: 7 });
    expect(nextDeadline(ranked, '2026-05-21')).toBeUndefined();
  });
});

describe('Function: submissionCounts', () => {
  it('counts every state, 0 included', () => {
    const { total, byState } = submissionCounts(['draft', 'in-review', 'in-review', 'withdrawn']);
    expect(total).toBe(4);
    expect(byState).toMatchObject({ draft: 1, 'in-review': 2, withdrawn: 1, submitted: 0, named: 0 });
  });
});

describe('Function: reviewProgress', () => {
  it('counts per round and reviewer the sheets asked, given, outstanding and declined', () => {
    // Prepare: r1 gave one sheet and owes one; r2 declined one and owes one of a rejected submission (owed no longer)
    const assignments = [
      { round: 'document', reviewerId: 'r1', status: 'submitted', submissionState: 'in-review' },
      { round: 'document', reviewerId: 'r1', status: 'assigned', submissionState: 'in-review' },
      { round: 'document', reviewerId: 'r2', status: 'declined', submissionState: 'in-review' },
      { round: 'document', reviewerId: 'r2', status: 'assigned', submissionState: 'rejected' },
      { round: 'on-site', reviewerId: 'r1', status: 'assigned', submissionState: 'on-site' },
    ] as const;

    // Act
    const [document, onSite] = reviewProgress(['document', 'on-site'], assignments);

    // Assess
    expect(document).toEqual({
      round: 'document',
      assigned: 3,
      submitted: 1,
      outstanding: 1,
      declined: 1,
      reviewers: [
        { reviewerId: 'r1', assigned: 2, submitted: 1, outstanding: 1, declined: 0 },
        { reviewerId: 'r2', assigned: 1, submitted: 0, outstanding: 0, declined: 1 },
      ],
    });
    expect(onSite).toEqual({
      round: 'on-site',
      assigned: 1,
      submitted: 0,
      outstanding: 1,
      declined: 0,
      reviewers: [{ reviewerId: 'r1', assigned: 1, submitted: 0, outstanding: 1, declined: 0 }],
    });
  });

  it('lists every round of the campaign, one without assignments too', () => {
    expect(reviewProgress(['document', 'on-site'], [])).toEqual([
      { round: 'document', assigned: 0, submitted: 0, outstanding: 0, declined: 0, reviewers: [] },
      { round: 'on-site', assigned: 0, submitted: 0, outstanding: 0, declined: 0, reviewers: [] },
    ]);
  });
});
