import { nextDeadline, reviewProgress, submissionCounts } from '../../shared/domain/campaign-progress.ts';
import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import type { Submission, SubmissionState } from '../../shared/domain/submissions.ts';
import { reviewerNames } from '../../shared/data/reviewers.ts';
import { assignmentsOf } from '../../shared/data/reviews.ts';
import { listCampaignSubmissions } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readCampaign, readsCampaign } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/** States of a submission that never reached review: no assignment is read for them. */
const neverReviewed: readonly SubmissionState[] = ['draft', 'submitted', 'withdrawn'];

/**
 * `GET /v1/campaigns/{id}/progress`: to its authority, its co-organisers and admins, the campaign's submissions by
 * state, per round and reviewer the sheets assigned, submitted and outstanding, and the calendar days to its next
 * deadline. Reads the campaign's submissions (byOwner index), the assignments of those that reached review (one
 * Query each) and the names of their reviewers (BatchGetItem).
 */
export const campaignProgress: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  if (!readsCampaign(request.caller, campaign))
    throw new ForbiddenError(
      text('只有评选活动的组织单位和联合组织单位可以查看评选进度。', "Only the campaign's organiser and co-organisers see its progress."),
    );
  const store = mainStore();
  const submissions: Submission[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCampaignSubmissions(store, campaign.id, { prefix: '', limit: 100, cursor });
    submissions.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  // A submission never recommended has no assignments (one rejected or vetoed in review keeps them).
  const reviewed = submissions.filter((s) => !neverReviewed.includes(s.state));
  const stateOf = new Map(reviewed.map((s) => [s.id, s.state]));
  const assignments = await assignmentsOf(
    store,
    reviewed.map((s) => s.id),
  );
  const names = await reviewerNames(store, [...new Set(assignments.map((a) => a.reviewerId))]);
  const rounds = reviewProgress(
    campaign.rounds.map((r) => r.name),
    assignments.map((a) => ({ ...a, submissionState: stateOf.get(a.submissionId)! })),
  ).map((round) => ({
    ...round,
    reviewers: round.reviewers.map((r) => ({ ...r, ...(names.has(r.reviewerId) ? { name: names.get(r.reviewerId)! } : {}) })),
  }));
  return {
    body: {
      campaignId: campaign.id,
      today: request.today,
      submissions: submissionCounts(submissions.map((s) => s.state)),
      rounds,
      nextDeadline: nextDeadline(campaign, request.today) ?? null,
    },
  };
};
