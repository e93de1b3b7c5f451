import * as outcomes from '../../shared/campaigns/outcomes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { answer } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';
import { queueNow } from './queue-now.ts';

/** `POST /v1/campaigns/{id}/conclude`: by hand, what the sweep does when the public notice has ended. */
export const concludeCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  const outcome = await outcomes.concludeCampaign(
    mainStore(),
    campaign,
    actorOf(request),
    'authority',
    request.today,
    request.now,
    request.config.NAMING_REMINDER_DAYS,
  );
  // An annual evaluation's outcome notices (issue #19).
  if (outcome.done) await queueNow(outcome.notices);
  return answer(outcome, 'not-due');
};
