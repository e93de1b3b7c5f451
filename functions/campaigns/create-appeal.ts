import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { fileAppeal } from '../../shared/data/appeals.ts';
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
    if (relation !== 'own-unit') throw new ForbiddenError('The unit itself appeals.');
    const campaign = await readCampaign(submission.campaignId);
    const today = request.today;
    if (campaign.status !== 'ranked' || !campaign.appealEndsOn)
      throw new ConflictError('Appeals are taken once the campaign is ranked, during the appeal window.', 'appeal-window-closed');
    if (today > campaign.appealEndsOn)
      throw new ConflictError(`The appeal window closed on ${campaign.appealEndsOn}.`, 'appeal-window-closed');
    if (submission.appeal) throw new ConflictError('A submission is appealed once; this one was.', 'already-appealed');
    if (submission.state !== 'scored' && submission.state !== 'vetoed')
      throw new ConflictError(`A submission that is ${submission.state} has no result to appeal.`, 'illegal-transition');
    if (!campaign.rounds.some((r) => r.name === body.round))
      throw new ValidationError([
        { pointer: '/round', detail: `is not a round of this campaign (${campaign.rounds.map((r) => r.name).join(', ')})` },
      ]);
    const evidence = await listEvidence(mainStore(), submission.id, true);
    body.evidenceIds.forEach((id, i) => {
      if (!evidence.some((e) => e.id === id && e.status === 'confirmed'))
        throw new ValidationError([{ pointer: `/evidenceIds/${i}`, detail: `no confirmed evidence ${id} on this submission` }]);
    });
    const appeal = {
      id: randomUUID(),
      reason: body.reason,
      round: body.round,
      evidenceIds: body.evidenceIds,
      status: 'pending' as const,
      lodgedAt: request.now,
      lodgedBy: caller.sub,
    };
    const next: Submission = { ...submission, appeal: { id: appeal.id, status: 'pending', round: body.round } };
    const saved = await fileAppeal(mainStore(), submission, next, appeal, stepBy(request));
    return { status: 201, body: { appeal, submission: present(saved, relation) } };
  });
