import { ConflictError, text } from '../../shared/domain/errors.ts';
import * as outcomes from '../../shared/campaigns/outcomes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/campaigns/{id}/refill`: fills a seat an upheld objection freed with the next eligible submission of the
 * ranking (递补), which enters a public notice of its own; 409 when no seat is free or the public notice has ended.
 */
export const refillCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  const outcome = await outcomes.refillCampaign(mainStore(), campaign, actorOf(request), request.today, request.now);
  if (!outcome.done) throw new ConflictError(text(`${outcome.reason.zh}。`, `${outcome.reason.en}.`), outcome.type);
  return {
    body: {
      campaign: outcome.campaign,
      submission: {
        id: outcome.submission.id,
        unitId: outcome.submission.unitId,
        unitName: outcome.submission.unitName,
        state: outcome.submission.state,
        ranking: outcome.submission.ranking,
        refill: outcome.submission.refill,
      },
    },
    etag: outcome.campaign.version,
  };
};
