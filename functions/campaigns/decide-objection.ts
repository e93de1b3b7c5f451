import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { type Decision, move, type Objection, type Submission } from '../../shared/domain/submissions.ts';
import * as appeals from '../../shared/data/appeals.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readForCampaignAuthority, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/submissions/{id}/objections/{objectionId}/decision`: an upheld objection means the unit is not selected. */
export const decideObjection: RouteImpl<Decision> = (request) =>
  retrying(request, async () => {
    const { caller, body } = request;
    const { submission, relation, campaign } = await readForCampaignAuthority(request);
    const objection = await appeals.objectionOf(mainStore(), submission.id, request.params.objectionId!);
    if (!objection)
      throw new NotFoundError(
        text(`该申报没有异议 ${request.params.objectionId}。`, `No objection ${request.params.objectionId} on this submission.`),
      );
    if (objection.status !== 'pending')
      throw new ConflictError(
        text(`该异议已有决定（${objection.status}）。`, `This objection was ${objection.status} already.`),
        'already-decided',
      );
    const status = body.decision === 'uphold' ? 'upheld' : 'dismissed';
    const decided: Objection = { ...objection, status, decision: body.reason, decidedAt: request.now, decidedBy: caller.sub };
    const next: Submission = {
      ...submission,
      openObjections: submission.openObjections - 1,
      ...(status === 'upheld' && submission.state === 'public-notice' ? { state: move(submission.state, 'not-select', 'authority') } : {}),
    };
    const saved = await appeals.decideObjection(mainStore(), submission, next, decided, stepBy(request), campaign.authorityId);
    return { body: { objection: decided, submission: present(saved, relation) }, etag: saved.version };
  });
