import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import { type Assignment, conflictOf, move } from '../../shared/domain/submissions.ts';
import { getReviewer } from '../../shared/data/reviewers.ts';
import * as reviews from '../../shared/data/reviews.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readForCampaignAuthority, retrying } from './access.ts';
import { checkOnSiteRound, roundOf, stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/rounds/{round}/assignments`: the campaign's authority assigns a reviewer; a conflict of
 * interest → 409 naming it. The first reviewer of the first round starts the review; an on-site reviewer is refused
 * (409) for a submission not picked for that round, and while its rectification runs; the first after it opens the round.
 */
export const createAssignment: RouteImpl<{ reviewerId: string }> = (request) =>
  retrying(request, async () => {
    const { caller } = request;
    const { submission, relation, campaign } = await readForCampaignAuthority(request);
    const round = request.params.round!;
    const index = roundOf(campaign, round);
    if (!['recommended', 'in-review', 'in-rectification', 'on-site'].includes(submission.state))
      throw new ConflictError(
        text(`状态为 ${submission.state} 的申报不在评审中。`, `A submission that is ${submission.state} is not under review.`),
        'illegal-transition',
      );
    if (submission.closedRounds.includes(round))
      throw new ConflictError(text(`第 ${round} 轮评审已结束。`, `Round ${round} is closed.`), 'round-closed');
    if (index > 0) checkOnSiteRound(campaign, submission, request.today);
    const store = mainStore();
    const reviewer = await getReviewer(store, request.body.reviewerId);
    if (!reviewer)
      throw new ValidationError([
        {
          pointer: '/reviewerId',
          detail: text(`评审专家库中没有 ${request.body.reviewerId}`, `no reviewer ${request.body.reviewerId} in the pool`),
        },
      ]);
    const conflict = conflictOf(reviewer, {
      id: submission.unitId,
      authorityId: submission.unitAuthorityId,
      regionCode: submission.regionCode,
    });
    if (conflict) {
      const why = {
        'own-unit': text('就职于该单位本身', 'works for the unit itself'),
        'supervising-authority': text('就职于该单位的主管部门', "works for the unit's supervising authority"),
        'same-county': text('与该单位同在一县', "sits in the unit's county"),
        declared: text('已申报与该单位存在利益关系', 'declared a conflict with the unit'),
      }[conflict];
      throw new ConflictError(
        text(
          `${reviewer.name}${why.zh} (${conflict})，须回避，不能评审${submission.unitName}。`,
          `${reviewer.name} ${why.en} (${conflict}) and cannot review ${submission.unitName}.`,
        ),
        'conflict-of-interest',
      );
    }
    const assignment: Assignment = {
      submissionId: submission.id,
      campaignId: campaign.id,
      unitName: submission.unitName,
      round,
      reviewerId: reviewer.id,
      status: 'assigned',
      assignedAt: request.now,
      assignedBy: caller.sub,
    };
    const starts = submission.state === 'recommended' && index === 0;
    // After the rectification, the first on-site assignment opens the on-site round, as the first one starts the review.
    const opens = submission.state === 'in-rectification';
    const next =
      starts || opens
        ? { ...submission, state: move(submission.state, starts ? 'start-review' : 'next-round', 'authority'), openRound: round }
        : submission;
    const saved = await reviews.assignReviewer(
      store,
      { before: submission, next, assignment, reviewerName: reviewer.name },
      stepBy(request),
    );
    return {
      status: 201,
      body: { assignment, submission: present(saved, relation) },
      etag: saved.version,
      headers: { location: `/v1/submissions/${submission.id}` },
    };
  });
