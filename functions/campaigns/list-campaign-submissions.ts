import { regionPrefix } from '../../shared/domain/regions.ts';
import { resultSheets } from '../../shared/domain/documents.ts';
import type { SubmissionState } from '../../shared/domain/submissions.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { workbook } from '../../shared/documents/load.ts';
import { accepts, documentReply, everyPage, xlsxType } from '../../shared/http/documents.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign, readsCampaign, requireRanked } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/campaigns/{id}/submissions?state=`: the campaign's authority and its co-organisers see all; another
 * authority those in its region. `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: the
 * results (评选结果) and the public-notice list (公示名单) of every page, once the campaign is ranked (409 before).
 */
export const listCampaignSubmissions: RouteImpl<undefined, { state?: SubmissionState; limit: number; cursor?: string }> = async (
  request,
) => {
  const { caller, query } = request;
  const campaign = await readCampaign(request.params.id!);
  const prefix = readsCampaign(caller, campaign) ? '' : regionPrefix(caller.region);
  const read = (limit: number, cursor: string | undefined) =>
    submissions.listCampaignSubmissions(mainStore(), campaign.id, { prefix, state: query.state, limit, cursor });
  if (accepts(request.headers.accept, xlsxType)) {
    requireRanked(campaign);
    const all = await everyPage(read, 'state');
    return documentReply(await workbook(resultSheets(all)), xlsxType, `results-${campaign.id}.xlsx`, `${campaign.name}评选结果.xlsx`);
  }
  const page = await read(query.limit, query.cursor);
  return { body: { ...page, items: page.items.map((s) => present(s, 'authority')) } };
};
