import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { type Appeal, type Decision, move, type Submission } from '../../shared/domain/submissions.ts';
import * as appeals from '../../shared/data/appeals.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readForCampaignAuthority, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/appeals/{appealId}/decision`: the campaign's authority upholds (the contested round is
 * reopened for new sheets; the campaign is ranked again once it is re-scored) or dismisses, with a reason.
 */
export const decideAppeal: RouteImpl<Decision> = (request) =>
  retrying(request, async () => {
    const { caller, body } = request;
    const { submission, relation, campaign } = await readForCampaignAuthority(request);
    const store = mainStore();
    const appeal = await appeals.appealOf(store, submission.id);
    if (!appeal || appeal.id !== request.params.appealId)
      throw new NotFoundError(
        text(`该申报没有申诉 ${request.params.appealId}。`, `No appeal ${request.params.appealId} on this submission.`),
      );
    if (appeal.status !== 'pending')
      throw new ConflictError(text(`该申诉已有决定（${appeal.status}）。`, `This appeal was ${appeal.status} already.`), 'already-decided');
    const status = body.decision === 'uphold' ? 'upheld' : 'dismissed';
    const decided: Appeal = { ...appeal, status, decision: body.reason, decidedAt: request.now, decidedBy: caller.sub };
    let next: Submission = { ...submission, appeal: { ...submission.appeal!, status } };
    if (status === 'upheld') {
      const round = String(appeal.round);
      const index = campaign.rounds.findIndex((r) => r.name === round);
      const state = move(submission.state, 'reopen', 'authority', index === 0 ? 'in-review' : 'on-site');
      next = { ...next, state, openRound: round, closedRounds: submission.closedRounds.filter((r) => r !== round) };
      delete next.result;
      delete next.ranking;
      delete next.exactFinal;
      delete next.exactLastRound;
    }
    const saved = await appeals.decideAppeal(store, submission, next, decided, stepBy(request), campaign.authorityId);
    return { body: { appeal: decided, submission: present(saved, relation) }, etag: saved.version };
  });
