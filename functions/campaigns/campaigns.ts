import { campaignProblems, endorsementChain, type CampaignCreate, type CampaignStatus } from '../../shared/domain/campaigns.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import * as outcomes from '../../shared/campaigns/outcomes.ts';
import type { StepOutcome } from '../../shared/campaigns/outcomes.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import * as campaigns from '../../shared/data/campaigns.ts';
import { getFramework } from '../../shared/data/frameworks.ts';
import { createOnce, mainStore } from '../../shared/data/store.ts';
import type { Reply, RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';

/** `POST /v1/campaigns`: an authority opens a campaign for its own region and level; broken rules → 422, all at once. */
export const createCampaign: RouteImpl<CampaignCreate> = async (request) => {
  const { body, caller } = request;
  if (caller.role === 'authority' && body.regionCode !== undefined && body.regionCode !== caller.region) {
    throw new ForbiddenError(`An authority runs campaigns in its own region (${caller.region}).`);
  }
  const regionCode = body.regionCode ?? caller.region;
  const problems = campaignProblems({ ...body, regionCode });
  const framework = await getFramework(mainStore(), body.frameworkId);
  if (!framework) problems.push({ pointer: '/frameworkId', detail: `no framework ${body.frameworkId}` });
  else {
    const needed = framework.areas.flatMap((a) => a.indicators).flatMap((i) => (i.kind === 'benchmark' ? [i.benchmark] : []));
    for (const name of new Set(needed)) if (body.benchmarks[name] === undefined) problems.push({ pointer: `/benchmarks/${name}`, detail: `the framework compares with ${name}; give its value` });
  }
  if (problems.length > 0) throw new ValidationError(problems, 'The campaign breaks these rules; see errors.');
  const id = request.newId();
  const campaign = await createOnce(() => campaigns.createCampaign(mainStore(), { ...body, regionCode }, actorOf(request), request.now, id), () => campaigns.getCampaign(mainStore(), id, true));
  return { status: 201, body: campaign, etag: campaign.version, headers: { location: `/v1/campaigns/${campaign.id}` } };
};

/** `GET /v1/campaigns/{id}`. */
export const getCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  return { body: campaign, etag: campaign.version };
};

/**
 * `GET /v1/campaigns?region=&status=`: campaigns in a region (its whole subtree). A unit without `region` gets the
 * campaigns it may apply to: those of its county, city and province.
 */
export const listCampaigns: RouteImpl<undefined, { region?: string; status?: CampaignStatus; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const region = query.region ?? (caller.role === 'unit' ? `${caller.region.slice(0, 2)}0000` : caller.region);
  const exactly = caller.role === 'unit' && query.region === undefined ? endorsementChain(caller.region, region) : undefined;
  const page = await campaigns.listCampaigns(mainStore(), {
    region, status: query.status, exactly, limit: query.limit, cursor: query.cursor,
  });
  return { body: page };
};

/** Answers a campaign-wide step: the campaign as it now is, or 409 saying why the step cannot be made yet. */
function answer(outcome: StepOutcome, type: string): Reply {
  if (!outcome.done) throw new ConflictError(`Not yet: ${outcome.reason}.`, type);
  return { body: outcome.campaign, etag: outcome.campaign.version };
}

/** `POST /v1/campaigns/{id}/rank`: ranks with pass mark, quota and grassroots share; results become visible to units. */
export const rankCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  const outcome = await outcomes.rankCampaign(mainStore(), campaign, actorOf(request), request.today, request.now);
  if (outcome.done) {
    // Each unit hears its result and the appeal deadline; a re-ranking notifies again only those whose standing changed.
    await enqueueNotices((outcome.submissions ?? []).flatMap((s) => noticeFor({ kind: 'result', campaign: outcome.campaign, submission: s }, s.recipients) ?? []));
  }
  return answer(outcome, 'not-rankable');
};

/** `POST /v1/campaigns/{id}/finalize`: by hand, what the sweep does when the appeal window has ended. */
export const finalizeCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  return answer(await outcomes.finalizeCampaign(mainStore(), campaign, actorOf(request), 'authority', request.today, request.now), 'not-due');
};

/**
 * `POST /v1/campaigns/{id}/refill`: fills a seat an upheld objection freed with the next eligible submission of the
 * ranking (递补), which enters a public notice of its own; 409 when no seat is free or the public notice has ended.
 */
export const refillCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  const outcome = await outcomes.refillCampaign(mainStore(), campaign, actorOf(request), request.today, request.now);
  if (!outcome.done) throw new ConflictError(`Not possible: ${outcome.reason}.`, outcome.type);
  return { body: { campaign: outcome.campaign, submission: { id: outcome.submission.id, unitId: outcome.submission.unitId, unitName: outcome.submission.unitName,
    state: outcome.submission.state, ranking: outcome.submission.ranking, refill: outcome.submission.refill } }, etag: outcome.campaign.version };
};

/** `POST /v1/campaigns/{id}/conclude`: by hand, what the sweep does when the public notice has ended. */
export const concludeCampaign: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  return answer(await outcomes.concludeCampaign(mainStore(), campaign, actorOf(request), 'authority', request.today, request.now), 'not-due');
};
