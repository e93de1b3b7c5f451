import { ConflictError, text } from '../../shared/domain/errors.ts';
import type { SheetBody } from '../../shared/domain/submissions.ts';
import * as reviews from '../../shared/data/reviews.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkSheet, frameworkOf, retrying, myAssignment } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `PUT /v1/submissions/{id}/rounds/{round}/sheets/mine`: an assigned reviewer's one sheet for the open round,
 * complete and validated exactly as the score preview validates. A second sheet → 409.
 */
export const putSheet: RouteImpl<SheetBody> = (request) =>
  retrying(request, async () => {
    const { submission, campaign, assignment, round } = await myAssignment(request);
    if (assignment.status === 'declined')
      throw new ConflictError(text('您已谢绝该评审任务。', 'You declined this assignment.'), 'declined');
    if (assignment.status === 'submitted')
      throw new ConflictError(
        text(
          `您已提交第 ${round} 轮评分表；每位评审专家每轮只提交一份。`,
          `You gave your sheet for round ${round} already; a reviewer gives one sheet per round.`,
        ),
        'sheet-exists',
      );
    if (submission.openRound !== round)
      throw new ConflictError(
        text(
          `第 ${round} 轮未开放评分${submission.openRound ? `；当前开启的是第 ${submission.openRound} 轮` : ''}。`,
          `Round ${round} is not open for sheets${submission.openRound ? `; round ${submission.openRound} is` : ''}.`,
        ),
        'round-not-open',
      );
    // Only the problems count here (the breakdown is not kept), so the unit's previous values are not read.
    checkSheet(await frameworkOf(campaign), campaign, submission, assignment.reviewerId, request.body.values);
    const sheet = { reviewerId: assignment.reviewerId, round, values: request.body.values, submittedAt: request.now };
    await reviews.submitSheet(mainStore(), submission, assignment, sheet, stepBy(request), campaign.authorityId);
    return { status: 201, body: sheet, headers: { location: `/v1/submissions/${submission.id}/rounds/${round}/sheets/mine` } };
  });
