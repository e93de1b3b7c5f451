import { ConflictError } from '../../shared/domain/errors.ts';
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
    if (assignment.status === 'declined') throw new ConflictError('You declined this assignment.', 'declined');
    if (assignment.status === 'submitted')
      throw new ConflictError(`You gave your sheet for round ${round} already; a reviewer gives one sheet per round.`, 'sheet-exists');
    if (submission.openRound !== round)
      throw new ConflictError(
        `Round ${round} is not open for sheets${submission.openRound ? `; round ${submission.openRound} is` : ''}.`,
        'round-not-open',
      );
    checkSheet(await frameworkOf(campaign), campaign, submission.unitType, assignment.reviewerId, request.body.values);
    const sheet = { reviewerId: assignment.reviewerId, round, values: request.body.values, submittedAt: request.now };
    await reviews.submitSheet(mainStore(), submission, assignment, sheet, stepBy(request));
    return { status: 201, body: sheet };
  });
