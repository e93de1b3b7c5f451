import { reEvaluate } from '../../shared/campaigns/evaluations.ts';
import type { ReEvaluation } from '../../shared/domain/evaluations.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { present, readForCampaignAuthority, retrying } from './access.ts';
import { queueNow } from './queue-now.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/re-evaluation`: the campaign's authority closes a rectification after an annual
 * evaluation, passed or failed (a failure proposes revoking the unit's naming to its issuer); only while the unit
 * rectifies (409 otherwise). The unit is told.
 */
export const reEvaluateSubmission: RouteImpl<ReEvaluation> = (request) =>
  retrying(request, async () => {
    const { submission, relation, campaign } = await readForCampaignAuthority(request);
    const by = request.caller.role === 'admin' ? 'admin' : 'authority';
    const { saved, notices } = await reEvaluate(
      mainStore(),
      campaign,
      submission,
      request.body,
      actorOf(request),
      by,
      request.today,
      request.now,
    );
    await queueNow(notices);
    return { body: present(saved, relation), etag: saved.version };
  });
