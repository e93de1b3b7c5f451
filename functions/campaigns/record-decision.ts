import { decisionProblems, type CampaignDecision } from '../../shared/domain/campaigns.ts';
import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import * as campaigns from '../../shared/data/campaigns.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/campaigns/{id}/decision`: the campaign's authority records the decision document (文号 and date) before or
 * at its conclusion; the namings and commendations it makes carry it. Once concluded with a decision, it is final (409).
 */
export const recordDecision: RouteImpl<CampaignDecision> = async (request) => {
  const { body } = request;
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  if (campaign.status === 'concluded' && campaign.decision)
    throw new ConflictError(
      text(
        `评选活动已结束，决定文号 ${campaign.decision.number}（${campaign.decision.date}）不再更改。`,
        `The campaign has concluded; its decision ${campaign.decision.number} (${campaign.decision.date}) is final.`,
      ),
      'already-decided',
    );
  const problems = decisionProblems(body, request.today);
  if (problems.length > 0)
    throw new ValidationError(problems, text('决定文号或日期不符合要求，详见 errors。', 'The decision breaks these rules; see errors.'));
  const saved = await campaigns.recordDecision(mainStore(), campaign, body, {
    actor: actorOf(request),
    action: 'recordDecision',
    at: request.now,
  });
  return { body: saved, etag: saved.version };
};
