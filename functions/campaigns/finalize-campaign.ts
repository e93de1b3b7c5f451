import * as outcomes from '../../shared/campaigns/outcomes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { answer } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/campaigns/{id}/finalize`: by hand, what the sweep does when the appeal window has ended. */
export const finalizeCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  return answer(
    await outcomes.finalizeCampaign(mainStore(), campaign, actorOf(request), 'authority', request.today, request.now),
    'not-due',
  );
};
