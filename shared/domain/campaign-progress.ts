import type { Campaign } from './campaigns.ts';
import type { Assignment, SubmissionState } from './submissions.ts';
import { submissionStates } from './submissions.ts';
import { daysFrom } from './time.ts';

/*
 * A campaign's progress (评选进度): its submissions by state, the review sheets asked of each reviewer per round and
 * how many are still outstanding, and the days left to its next deadline.
 */

/** The states in which a submission is under review: an assigned sheet not yet given is outstanding only then. */
export const underReview: readonly SubmissionState[] = ['recommended', 'in-review', 'in-rectification', 'on-site'];

/** How many submissions are in each state (every state, 0 included) and in all. */
export function submissionCounts(states: readonly SubmissionState[]): { total: number; byState: Record<SubmissionState, number> } {
  const byState = Object.fromEntries(submissionStates.map((s) => [s, 0])) as Record<SubmissionState, number>;
  for (const state of states) byState[state] += 1;
  return { total: states.length, byState };
}

/** The sheets of one reviewer (or of a whole round): asked (not declined), given, outstanding, declined. */
export interface SheetCounts {
  assigned: number;
  submitted: number;
  outstanding: number;
  declined: number;
}

/** A round's sheets, in all and per reviewer. */
export interface RoundProgress extends SheetCounts {
  round: string;
  reviewers: (SheetCounts & { reviewerId: string })[];
}

const noSheets = (): SheetCounts => ({ assigned: 0, submitted: 0, outstanding: 0, declined: 0 });

/**
 * Per round of the campaign (in its order) and per reviewer (by id), the sheets asked and given. A sheet is
 * outstanding while its assignment is open and its submission under review (`underReview`): one withdrawn from
 * review, rejected or vetoed owes none, so `assigned` may exceed `submitted + outstanding`.
 */
export function reviewProgress(
  rounds: readonly string[],
  assignments: readonly (Pick<Assignment, 'round' | 'reviewerId' | 'status'> & { submissionState: SubmissionState })[],
): RoundProgress[] {
  return rounds.map((round) => {
    const byReviewer = new Map<string, SheetCounts>();
    for (const a of assignments.filter((a) => a.round === round)) {
      const counts = byReviewer.get(a.reviewerId) ?? (byReviewer.set(a.reviewerId, noSheets()), byReviewer.get(a.reviewerId)!);
      if (a.status === 'declined') counts.declined += 1;
      else counts.assigned += 1;
      if (a.status === 'submitted') counts.submitted += 1;
      if (a.status === 'assigned' && underReview.includes(a.submissionState)) counts.outstanding += 1;
    }
    const reviewers = [...byReviewer.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reviewerId, counts]) => ({ reviewerId, ...counts }));
    const total = noSheets();
    for (const r of reviewers) for (const k of Object.keys(total) as (keyof SheetCounts)[]) total[k] += r[k];
    return { round, ...total, reviewers };
  });
}

/** A campaign's deadlines, in the order they fall. */
export const campaignDeadlineNames = [
  'applicationsClose',
  'documentReview',
  'rectification',
  'onSiteReview',
  'appeal',
  'publicNotice',
] as const;

/** The name of a campaign deadline. */
export type CampaignDeadline = (typeof campaignDeadlineNames)[number];

/** Each deadline's Chinese name and its day: the last day of a window, as the campaign's dates and steps set it. */
export const campaignDeadlines: Record<CampaignDeadline, { label: string; of: (c: Campaign) => string | undefined }> = {
  applicationsClose: { label: '申报截止', of: (c) => c.dates.applicationsClose },
  documentReview: { label: '书面评审截止', of: (c) => c.dates.documentReview.to },
  rectification: { label: '整改截止', of: (c) => c.rectification?.dueOn },
  onSiteReview: { label: '实地评审截止', of: (c) => c.dates.onSiteReview?.to },
  appeal: { label: '申诉期截止', of: (c) => c.appealEndsOn },
  publicNotice: { label: '公示期截止', of: (c) => c.noticeEndsOn },
};

/**
 * The campaign's next deadline seen on `today`: the earliest last day not yet past (today's own counts, 0 days
 * left), with the calendar days left to it; none when every deadline is past.
 */
export function nextDeadline(
  campaign: Campaign,
  today: string,
): { name: CampaignDeadline; label: string; date: string; days: number } | undefined {
  const ahead: { name: CampaignDeadline; label: string; date: string }[] = [];
  for (const name of campaignDeadlineNames) {
    const date = campaignDeadlines[name].of(campaign);
    if (date !== undefined && date >= today) ahead.push({ name, label: campaignDeadlines[name].label, date });
  }
  ahead.sort((a, b) => a.date.localeCompare(b.date));
  const next = ahead[0];
  return next && { ...next, days: daysFrom(today, next.date) };
}
