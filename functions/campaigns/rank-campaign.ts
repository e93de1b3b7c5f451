import * as outcomes from '../../shared/campaigns/outcomes.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { answer } from './steps.ts';
import { mainStore, noticeQueue } from '../../shared/clients.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import type { Campaign } from '../../shared/domain/campaigns.ts';

/** `POST /v1/campaigns/{id}/rank`: ranks with pass mark, quota and grassroots share; results become visible to units. */
export const rankCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  const outcome = await outcomes.rankCampaign(mainStore(), campaign, actorOf(request), request.today, request.now);
  if (outcome.done) {
    // Each unit hears its result and the appeal deadline; a re-ranking notifies again only those whose standing changed.
    const organisers = await organisersOf(outcome.campaign);
    await enqueueNotices(
      noticeQueue(),
      (outcome.submissions ?? []).flatMap(
        (s) => noticeFor({ kind: 'result', campaign: outcome.campaign, submission: s, organisers }, s.recipients) ?? [],
      ),
    );
  }
  return answer(outcome, 'not-rankable');
};

/** A campaign organised jointly: its organisers' names from the directory (an id where none is), the authority first. */
async function organisersOf(campaign: Campaign): Promise<string[]> {
  if (campaign.coOrganisers.length === 0) return [];
  const ids = [campaign.authorityId, ...campaign.coOrganisers];
  const directory = await getAuthorities(mainStore(), ids);
  return ids.map((id) => directory.get(id)?.name ?? id);
}
