import { ConflictError, text } from '../../shared/domain/errors.ts';
import type { Assignment } from '../../shared/domain/submissions.ts';
import * as reviews from '../../shared/data/reviews.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { retrying, myAssignment } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/submissions/{id}/rounds/{round}/assignments/mine/decline`: a reviewer declines; a conflict is remembered. */
export const declineAssignment: RouteImpl<{ reason: 'conflict' | 'unavailable'; note?: string }> = (request) =>
  retrying(request, async () => {
    const { submission, campaign, assignment } = await myAssignment(request);
    if (assignment.status !== 'assigned')
      throw new ConflictError(
        text(`该评审任务已处于 ${assignment.status} 状态。`, `This assignment is ${assignment.status} already.`),
        'already-done',
      );
    const { reason, note } = request.body;
    const declined: Assignment = { ...assignment, status: 'declined', declineReason: reason, ...(note ? { declineNote: note } : {}) };
    await reviews.declineAssignment(mainStore(), submission, declined, stepBy(request), campaign.authorityId);
    return { body: declined };
  });
