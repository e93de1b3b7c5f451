import { endorsementChain, type CampaignStatus } from '../../shared/domain/campaigns.ts';
import * as campaigns from '../../shared/data/campaigns.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/campaigns?region=&status=`: campaigns in a region (its whole subtree). A unit without `region` gets the
 * campaigns it may apply to: those of its county, city and province.
 */
export const listCampaigns: RouteImpl<undefined, { region?: string; status?: CampaignStatus; limit: number; cursor?: string }> = async (
  request,
) => {
  const { caller, query } = request;
  const region = query.region ?? (caller.role === 'unit' ? `${caller.region.slice(0, 2)}0000` : caller.region);
  const exactly = caller.role === 'unit' && query.region === undefined ? endorsementChain(caller.region, region) : undefined;
  const page = await campaigns.listCampaigns(mainStore(), {
    region,
    status: query.status,
    exactly,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { body: page };
};
