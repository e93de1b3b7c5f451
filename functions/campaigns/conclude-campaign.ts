import * as outcomes from '../../shared/campaigns/outcomes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { answer } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/campaigns/{id}/conclude`: by hand, what the sweep does when the public notice has ended. */
export const concludeCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  return answer(
    await outcomes.concludeCampaign(
      mainStore(),
      campaign,
      actorOf(request),
      'authority',
      request.today,
      request.now,
      request.config.NAMING_REMINDER_DAYS,
    ),
    'not-due',
  );
};
