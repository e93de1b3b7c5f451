import { campaignProblems, missingBenchmarks, type CampaignCreate } from '../../shared/domain/campaigns.ts';
import { ForbiddenError, ValidationError, text, type FieldProblem } from '../../shared/domain/errors.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import * as campaigns from '../../shared/data/campaigns.ts';
import { getFramework } from '../../shared/data/frameworks.ts';
import { createOnce } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/campaigns`: an authority opens a campaign for its own region and level; broken rules → 422, all at once. */
export const createCampaign: RouteImpl<CampaignCreate> = async (request) => {
  const { body, caller } = request;
  if (caller.role === 'authority' && body.regionCode !== undefined && body.regionCode !== caller.region) {
    throw new ForbiddenError(
      text(`民族工作部门只能在本地区（${caller.region}）组织评选。`, `An authority runs campaigns in its own region (${caller.region}).`),
    );
  }
  const regionCode = body.regionCode ?? caller.region;
  const problems = campaignProblems({ ...body, regionCode, authorityId: caller.agencyId });
  const framework = await getFramework(mainStore(), body.frameworkId);
  if (!framework)
    problems.push({ pointer: '/frameworkId', detail: text(`没有测评体系 ${body.frameworkId}`, `no framework ${body.frameworkId}`) });
  else {
    // Every benchmark the framework needs must resolve in every province the campaign covers (benchmarksFor).
    const needed = framework.areas.flatMap((a) => a.indicators).flatMap((i) => (i.kind === 'benchmark' ? [i.benchmark] : []));
    problems.push(...missingBenchmarks({ benchmarks: body.benchmarks, regionCode }, needed));
  }
  problems.push(...(await unknownCoOrganisers(body.coOrganisers ?? [], caller.agencyId)));
  if (problems.length > 0)
    throw new ValidationError(problems, text('评选活动不符合以下规则，详见 errors。', 'The campaign breaks these rules; see errors.'));
  const id = request.newId();
  const campaign = await createOnce(
    () => campaigns.createCampaign(mainStore(), { ...body, regionCode }, actorOf(request), request.now, id),
    () => campaigns.getCampaign(mainStore(), id, true),
  );
  return { status: 201, body: campaign, etag: campaign.version, headers: { location: `/v1/campaigns/${campaign.id}` } };
};

/**
 * Co-organisers the authority directory does not know: a joint organiser reads the campaign and is named in its notices
 * and results, so it must be an entry there (`PUT /v1/authorities/{agencyId}`) — a mistyped id would give no one access
 * and print an id where a name belongs. The organiser itself and repeats are the domain rules' (`campaignProblems`).
 */
async function unknownCoOrganisers(coOrganisers: readonly string[], organiser: string): Promise<FieldProblem[]> {
  const asked = coOrganisers.filter((id, i) => id !== organiser && coOrganisers.indexOf(id) === i);
  if (asked.length === 0) return [];
  const known = await getAuthorities(mainStore(), asked);
  return asked
    .filter((id) => !known.has(id))
    .map((id) => ({
      pointer: `/coOrganisers/${coOrganisers.indexOf(id)}`,
      detail: text(
        `名录中没有 ${id}：联合组织单位须先登记（PUT /v1/authorities/${id}）`,
        `${id} is not in the authority directory: enter a co-organiser there first (PUT /v1/authorities/${id})`,
      ),
    }));
}
