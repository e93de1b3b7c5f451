import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { erasableOn, type ErasedNominee } from '../../shared/domain/submissions.ts';
import { getCampaign } from '../../shared/data/campaigns.ts';
import { getNaming } from '../../shared/data/namings.ts';
import { getSubmission, saveSubmission } from '../../shared/data/submissions.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/admin/submissions/{id}/erasure`: erases an advanced individual's personal data on request (gender,
 * ethnicity, position, deeds), once the honour's term is over or the nomination ended without one (`erasableOn`);
 * the name and the work unit stay, as the public registry shows them. Audited on the submission (who, when, why);
 * asking again answers the erasure already made.
 */
export const erasePersonalData: RouteImpl<{ reason: string }> = async (request) => {
  const store = mainStore();
  const id = request.params.id!;
  const submission = await getSubmission(store, id, true);
  if (!submission) throw new NotFoundError(text(`没有申报 ${id}。`, `No submission ${id}.`));
  const { nominee } = submission;
  if (!nominee)
    throw new ConflictError(
      text('该申报不是先进个人推荐，没有个人信息可删除。', 'This submission nominates no individual; it holds no personal data.'),
      'term-running',
    );
  if ('erased' in nominee) return { body: { submissionId: id, ...nominee } };
  const naming = submission.namingId ? await getNaming(store, submission.namingId, true) : undefined;
  const campaign = await getCampaign(store, submission.campaignId);
  if (!erasableOn(submission, naming, campaign?.status === 'concluded', request.today))
    throw new ConflictError(
      naming
        ? text(
            `${nominee.name} 的荣誉（${naming.certificateNo}）有效期至 ${naming.expiresOn}，期满后方可删除其个人信息。`,
            `${nominee.name}'s honour (${naming.certificateNo}) runs until ${naming.expiresOn}; the personal data is erased after that.`,
          )
        : text(
            `${nominee.name} 的推荐仍在评选中（${submission.state}），评选结束后方可删除其个人信息。`,
            `${nominee.name}'s nomination is still under way (${submission.state}); the personal data is erased once it ends.`,
          ),
      'term-running',
    );
  const erased: ErasedNominee = {
    name: nominee.name,
    workUnit: nominee.workUnit,
    erased: { on: request.today, by: request.caller.sub, reason: request.body.reason },
  };
  await saveSubmission(
    store,
    submission,
    { ...submission, nominee: erased },
    { actor: actorOf(request), action: 'erasePersonalData', at: request.now, detail: { reason: request.body.reason } },
  );
  return { body: { submissionId: id, ...erased } };
};
