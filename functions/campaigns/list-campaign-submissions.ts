import { regionPrefix } from '../../shared/domain/regions.ts';
import type { SubmissionState } from '../../shared/domain/submissions.ts';
import * as submissions from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign, readsCampaign } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/campaigns/{id}/submissions?state=`: the campaign's authority and its co-organisers see all; another
 * authority those in its region.
 */
export const listCampaignSubmissions: RouteImpl<undefined, { state?: SubmissionState; limit: number; cursor?: string }> = async (
  request,
) => {
  const { caller, query } = request;
  const campaign = await readCampaign(request.params.id!);
  const prefix = readsCampaign(caller, campaign) ? '' : regionPrefix(caller.region);
  const page = await submissions.listCampaignSubmissions(mainStore(), campaign.id, {
    prefix,
    state: query.state,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { body: { ...page, items: page.items.map((s) => present(s, 'authority')) } };
};
