import { ConflictError, ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { roundsFor } from '../../shared/domain/campaigns.ts';
import { appealOf, fileAppeal } from '../../shared/data/appeals.ts';
import { listEvidence } from '../../shared/data/evidence.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign, readVisibleSubmission, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/submissions/{id}/appeals`: the unit appeals once, during the appeal window, naming the round it contests. */
export const createAppeal: RouteImpl<{ reason: string; round: string; evidenceIds: string[] }> = (request) =>
  retrying(request, async () => {
    const { caller, body } = request;
    const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
    if (relation !== 'own-unit') throw new ForbiddenError(text('申诉须由申报单位本身提出。', 'The unit itself appeals.'));
    const id = request.newId();
    const location = { location: `/v1/submissions/${submission.id}` };
    // A retry of the same idempotent request after a crash finds the appeal the first attempt filed.
    const filed = submission.appeal?.id === id ? await appealOf(mainStore(), submission.id) : undefined;
    if (filed) return { status: 201, body: { appeal: filed, submission: present(submission, relation) }, headers: location };
    const campaign = await readCampaign(submission.campaignId);
    const today = request.today;
    if (campaign.status !== 'ranked' || !campaign.appealEndsOn)
      throw new ConflictError(
        text('评选活动排名后，方可在申诉期内提出申诉。', 'Appeals are taken once the campaign is ranked, during the appeal window.'),
        'appeal-window-closed',
      );
    if (today > campaign.appealEndsOn)
      throw new ConflictError(
        text(`申诉期已于 ${campaign.appealEndsOn} 结束。`, `The appeal window closed on ${campaign.appealEndsOn}.`),
        'appeal-window-closed',
      );
    if (submission.appeal)
      throw new ConflictError(
        text('每份申报只能申诉一次，该申报已申诉过。', 'A submission is appealed once; this one was.'),
        'already-appealed',
      );
    if (submission.state !== 'scored' && submission.state !== 'vetoed')
      throw new ConflictError(
        text(`状态为 ${submission.state} 的申报尚无可申诉的结果。`, `A submission that is ${submission.state} has no result to appeal.`),
        'illegal-transition',
      );
    // A submission not picked for the on-site round appeals only the document round it took.
    const taken = roundsFor(campaign, submission.id);
    if (!taken.some((r) => r.name === body.round))
      throw new ValidationError([
        {
          pointer: '/round',
          detail: text(
            `不是该申报参加的评审轮次（${taken.map((r) => r.name).join('、')}）`,
            `is not a round this submission took (${taken.map((r) => r.name).join(', ')})`,
          ),
        },
      ]);
    const evidence = await listEvidence(mainStore(), submission.id, true);
    body.evidenceIds.forEach((id, i) => {
      if (!evidence.some((e) => e.id === id && e.status === 'confirmed'))
        throw new ValidationError([
          {
            pointer: `/evidenceIds/${i}`,
            detail: text(`该申报没有已确认的证明材料 ${id}`, `no confirmed evidence ${id} on this submission`),
          },
        ]);
    });
    const appeal = {
      id,
      reason: body.reason,
      round: body.round,
      evidenceIds: body.evidenceIds,
      status: 'pending' as const,
      lodgedAt: request.now,
      lodgedBy: caller.sub,
    };
    const next: Submission = { ...submission, appeal: { id: appeal.id, status: 'pending', round: body.round } };
    const saved = await fileAppeal(mainStore(), submission, next, appeal, stepBy(request), campaign.authorityId);
    return { status: 201, body: { appeal, submission: present(saved, relation) }, headers: location };
  });
