import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { move, type TransitionBody } from '../../shared/domain/submissions.ts';
import { activeNamingOf, expiringDone, renewalSubmitted } from '../../shared/data/namings.ts';
import { saveSubmission } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkIfMatch, present, readCampaign, readVisibleSubmission, requireCampaignAuthority } from './access.ts';
import { checkApplicationsOpen, stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/transitions`: the moves people make by hand — submit, endorse (each authority up the
 * chain in turn; the last makes it `recommended`), return (to draft, with a reason), withdraw, reject, start review.
 */
export const transitionSubmission: RouteImpl<TransitionBody> = async (request) => {
  const { caller, body } = request;
  const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
  checkIfMatch(request, submission.version);
  const campaign = await readCampaign(submission.campaignId);
  const today = request.today;
  const mover = caller.role === 'unit' || caller.role === 'admin' ? caller.role : caller.role === 'authority' ? 'authority' : undefined;
  if (!mover) throw new ForbiddenError(text('评审专家不能变更申报状态。', 'A reviewer does not move submissions.'));
  if (mover === 'unit' && relation !== 'own-unit')
    throw new ForbiddenError(text('单位只能变更本单位的申报。', 'A unit moves its own submission only.'));
  const needsReason = body.action === 'return' || body.action === 'reject';
  if (needsReason && !body.reason)
    throw new ValidationError([
      { pointer: '/reason', detail: text(`执行 ${body.action} 须说明理由`, `a reason is required to ${body.action}`) },
    ]);
  let next = { ...submission };
  switch (body.action) {
    case 'submit': {
      next.state = move(submission.state, 'submit', mover);
      checkApplicationsOpen(campaign.dates, today);
      if (!submission.selfAssessment)
        throw new ValidationError([{ pointer: '/self-assessment', detail: text('请先提交自评', 'submit the self-assessment first') }]);
      next = { ...next, submittedAt: request.now };
      delete next.returnReason;
      break;
    }
    case 'endorse':
    case 'return': {
      const due = submission.chain[submission.endorsements.length];
      const to = move(submission.state, body.action, mover);
      if (mover !== 'admin' && caller.region !== due)
        throw new ForbiddenError(
          text(
            `下一步应由地区 ${due} 的民族工作部门${body.action === 'endorse' ? '推荐' : '退回'}。`,
            `The authority of region ${due} ${body.action === 'endorse' ? 'endorses' : 'returns'} it next.`,
          ),
        );
      if (body.action === 'return') next = { ...next, state: to, endorsements: [], returnReason: body.reason! };
      else {
        const endorsements = [...submission.endorsements, { regionCode: due!, agencyId: caller.agencyId, by: caller.sub, at: request.now }];
        next = { ...next, endorsements, state: endorsements.length === submission.chain.length ? to : submission.state };
      }
      break;
    }
    case 'withdraw':
      next.state = move(submission.state, 'withdraw', mover);
      break;
    case 'reject':
      next.state = move(submission.state, 'reject', mover);
      requireCampaignAuthority(caller, campaign);
      next = { ...next, rejectReason: body.reason! };
      delete next.openRound;
      break;
    case 'start-review':
      next.state = move(submission.state, 'start-review', mover);
      requireCampaignAuthority(caller, campaign);
      next.openRound = campaign.rounds[0]!.name;
      break;
  }
  // A renewal: submitting it stops the expiry reminders of the naming it renews, in the same transaction.
  const renewed =
    body.action === 'submit' && campaign.kind === 'naming'
      ? await activeNamingOf(mainStore(), submission.unitId, campaign.level, submission.honour ?? 'unit')
      : undefined;
  // …and takes its expiry off the issuer's open work.
  const extra =
    renewed && renewed.expiresOn >= today
      ? [renewalSubmitted(renewed, submission.id, request.now), ...(await expiringDone(mainStore(), renewed))]
      : [];
  const detail = { ...(body.reason ? { reason: body.reason } : {}), ...(extra.length ? { renews: renewed!.id } : {}) };
  const saved = await saveSubmission(mainStore(), submission, next, { ...stepBy(request), action: body.action, detail }, extra);
  return { body: present(saved, relation), etag: saved.version };
};
