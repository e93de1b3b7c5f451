import type { RouteImpl } from '../../shared/http/handler.ts';
import { readCampaign } from './access.ts';

/** `GET /v1/campaigns/{id}`. */
export const getCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  return { body: campaign, etag: campaign.version };
};
