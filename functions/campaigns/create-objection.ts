import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { lodgeObjection, objectionOf } from '../../shared/data/appeals.ts';
import { getSubmission } from '../../shared/data/submissions.ts';
import type { Objection } from '../../shared/domain/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readCampaign, readVisibleSubmission, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { noticeEndOf } from '../../shared/campaigns/outcomes.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/submissions/{id}/objections`: anyone signed in objects during the public notice (公示). */
export const createObjection: RouteImpl<{ reason: string }> = (request) =>
  retrying(request, async () => {
    const { caller } = request;
    const store = mainStore();
    const submission = await getSubmission(store, request.params.id!, true);
    if (!submission) throw new NotFoundError(text(`未找到申报 ${request.params.id}。`, `No submission ${request.params.id}.`));
    // What is in public notice is public; a submission that is not stays hidden from who may not see it (404).
    if (submission.state !== 'public-notice') await readVisibleSubmission(caller, submission.id);
    const id = request.newId();
    const location = { location: `/v1/submissions/${submission.id}` };
    // A retry of the same idempotent request after a crash finds the objection the first attempt lodged.
    const lodged = await objectionOf(store, submission.id, id);
    if (lodged) return { status: 201, body: lodged, headers: location };
    const campaign = await readCampaign(submission.campaignId);
    const today = request.today;
    const noticeEndsOn = noticeEndOf(campaign, submission);
    if (submission.state !== 'public-notice' || !noticeEndsOn)
      throw new ConflictError(
        text('异议只能在申报公示期间提出。', 'Objections are taken while a submission is in public notice.'),
        'not-in-public-notice',
      );
    if (today > noticeEndsOn)
      throw new ConflictError(
        text(`公示期已于 ${noticeEndsOn} 结束。`, `The public notice ended on ${noticeEndsOn}.`),
        'not-in-public-notice',
      );
    const objection: Objection = {
      id,
      reason: request.body.reason,
      status: 'pending',
      lodgedAt: request.now,
      lodgedBy: caller.sub,
      lodgedByRole: caller.role,
    };
    await lodgeObjection(store, submission, { ...submission, openObjections: submission.openObjections + 1 }, objection, stepBy(request), {
      authorityId: campaign.authorityId,
      due: noticeEndsOn,
    });
    return { status: 201, body: objection, headers: location };
  });
