import { benchmarksFor, coOrganises, type Campaign } from '../../shared/domain/campaigns.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  text,
} from '../../shared/domain/errors.ts';
import type { FieldProblem } from '../../shared/domain/errors.ts';
import { checkIfMatch as checkVersion } from '../../shared/domain/preconditions.ts';
import { growthIndicatorIds, scoringProfileOf, type Framework } from '../../shared/domain/frameworks.ts';
import { evaluateScore, type ScoreResult } from '../../shared/domain/scoring.ts';
import { getCampaign } from '../../shared/data/campaigns.ts';
import { getFramework } from '../../shared/data/frameworks.ts';
import { assignmentOf, isAssigned } from '../../shared/data/reviews.ts';
import { getSubmission, previousValues } from '../../shared/data/submissions.ts';
import type { Assignment, Submission } from '../../shared/domain/submissions.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import type { RouteRequest } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** The campaign with this id, or 404. Campaigns are visible to everyone signed in: units must find them to apply. */
export async function readCampaign(id: string): Promise<Campaign> {
  const campaign = await getCampaign(mainStore(), id);
  if (!campaign) throw new NotFoundError(text(`未找到评选活动 ${id}。`, `No campaign ${id}.`));
  return campaign;
}

/** Whether the caller runs this campaign: its authority (the agency that created it), or an admin. */
export function runsCampaign(caller: Caller, campaign: Campaign): boolean {
  return caller.role === 'admin' || (caller.role === 'authority' && caller.agencyId === campaign.authorityId);
}

/** Refuses anyone but the campaign's authority. */
export function requireCampaignAuthority(caller: Caller, campaign: Campaign): void {
  if (!runsCampaign(caller, campaign))
    throw new ForbiddenError(
      text('只有组织本批次评选的民族工作部门可以执行此操作。', 'Only the authority that runs this campaign may do this.'),
    );
}

/** Refuses a campaign not yet ranked (409 `not-ranked`): its results and documents exist from the ranking on. */
export function requireRanked(campaign: Campaign): void {
  if (campaign.status === 'open')
    throw new ConflictError(
      text(`评选活动 ${campaign.name} 尚未排名，还没有评选结果。`, `Campaign ${campaign.name} is not ranked yet: it has no results.`),
      'not-ranked',
    );
}

/**
 * Whether the caller reads what the campaign's authority reads (every submission, its sheets, history and evidence):
 * the authority, an admin, or a co-organiser — an authority the campaign lists in `coOrganisers`, which takes none
 * of the organiser's steps (ranking, finalizing, assignments stay with `runsCampaign`).
 */
export function readsCampaign(caller: Caller, campaign: Campaign): boolean {
  return runsCampaign(caller, campaign) || (caller.role === 'authority' && coOrganises(campaign, caller.agencyId));
}

/** How the caller relates to a submission, which decides what it may see and do. */
export type Relation = 'own-unit' | 'authority' | 'reviewer';

/**
 * The submission the caller may see, with how it relates to it; 404 otherwise. A unit sees its own; an authority
 * what lies in its region (the campaign's authority covers every applicant); a reviewer only what it is assigned.
 */
export async function readVisibleSubmission(
  caller: Caller,
  id: string,
  consistent = false,
): Promise<{ submission: Submission; relation: Relation }> {
  const store = mainStore();
  const submission = await getSubmission(store, id, consistent);
  const hidden = () => new NotFoundError(text(`您的管辖范围内没有申报 ${id}。`, `No submission ${id} in your scope.`));
  if (!submission) throw hidden();
  if (caller.role === 'unit') {
    if (caller.agencyId !== submission.unitId) throw hidden();
    return { submission, relation: 'own-unit' };
  }
  if (caller.role === 'reviewer') {
    if (!(await isAssigned(store, id, caller.sub))) throw hidden();
    return { submission, relation: 'reviewer' };
  }
  if ((caller.role === 'authority' || caller.role === 'admin') && inScope(caller, submission.regionCode))
    return { submission, relation: 'authority' };
  throw hidden();
}

/**
 * The submission a reading route shows the caller: what `readVisibleSubmission` shows, and besides, to a co-organiser
 * of its campaign, any of the campaign's submissions, read as its authority reads them. Never for a step: a
 * co-organiser outside the region takes none.
 */
export async function readSubmissionToRead(caller: Caller, id: string): Promise<{ submission: Submission; relation: Relation }> {
  try {
    return await readVisibleSubmission(caller, id);
  } catch (error) {
    if (!(error instanceof NotFoundError) || caller.role !== 'authority') throw error;
    const submission = await getSubmission(mainStore(), id);
    const campaign = submission && (await getCampaign(mainStore(), submission.campaignId));
    if (submission && campaign && coOrganises(campaign, caller.agencyId)) return { submission, relation: 'authority' };
    throw error;
  }
}

/**
 * Runs a step on a submission; when the caller named no version (no If-Match) and another writer changed the
 * submission meanwhile, reads again and retries (a few times, with jitter), so that two reviewers sending sheets at
 * once both succeed. A caller who named a version gets the 412.
 */
export async function retrying<T>(request: RouteRequest, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const clash = error instanceof PreconditionFailedError || (error instanceof ConflictError && error.type === 'busy');
      if (!clash || request.ifMatch?.kind === 'tags' || attempt >= 8) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** Refuses a write on a stale version when the caller named one with If-Match. */
export function checkIfMatch(request: RouteRequest, version: number): void {
  checkVersion(request.ifMatch, version);
}

/**
 * The submission of `{id}` (read consistently) and its campaign, for a step only the campaign's authority takes:
 * 404 outside the caller's scope, 403 for anyone else, 412 on a stale If-Match.
 */
export async function readForCampaignAuthority(
  request: RouteRequest,
): Promise<{ submission: Submission; relation: Relation; campaign: Campaign }> {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
  const campaign = await readCampaign(submission.campaignId);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, submission.version);
  return { submission, relation, campaign };
}

/** The caller's assignment to `{round}` of the submission `{id}`, with the submission and its campaign; 403 if it has none. */
export async function myAssignment(
  request: RouteRequest,
): Promise<{ submission: Submission; campaign: Campaign; assignment: Assignment; round: string }> {
  const { caller } = request;
  const { submission } = await readVisibleSubmission(caller, request.params.id!, true);
  const round = request.params.round!;
  const assignment = await assignmentOf(mainStore(), submission.id, round, caller.sub);
  if (!assignment)
    throw new ForbiddenError(text(`您未被分配评审该申报的第 ${round} 轮。`, `You are not assigned to round ${round} of this submission.`));
  return { submission, campaign: await readCampaign(submission.campaignId), assignment, round };
}

/**
 * A submission as the caller may see it: full-precision figures never leave; the unit sees its result only once
 * the campaign is ranked; a reviewer sees no result at all.
 */
export function present(submission: Submission, relation: Relation): Record<string, unknown> {
  const { exactFinal: _f, exactLastRound: _l, recipients: _r, ...shown } = submission;
  if (relation === 'reviewer' || (relation === 'own-unit' && !submission.ranking)) {
    const { result: _result, ranking: _ranking, ...rest } = shown;
    return rest;
  }
  return shown;
}

/** The framework a campaign scores with. */
export async function frameworkOf(campaign: Campaign): Promise<Framework> {
  const framework = await getFramework(mainStore(), campaign.frameworkId);
  if (!framework) throw new Error(`campaign ${campaign.id} names framework ${campaign.frameworkId}, which is gone`);
  return framework;
}

/**
 * What the engine compares a submission's values with: the campaign's benchmarks resolved for the unit's province,
 * and the unit's values in its previous evaluation — read only when the framework has growth indicators.
 */
export async function scoringBasis(
  framework: Framework,
  campaign: Campaign,
  submission: Submission,
): Promise<{ benchmarks: Record<string, number>; previous: Record<string, number> }> {
  const ids = growthIndicatorIds(framework);
  return {
    benchmarks: benchmarksFor(campaign.benchmarks, submission.regionCode),
    previous: ids.length === 0 ? {} : await previousValues(mainStore(), submission.unitId, submission, ids),
  };
}

/**
 * Validates one sheet exactly as the score preview validates it (the same engine, one round of one sheet) and
 * returns its breakdown; problems point into the body (`/values/<id>`). The benchmarks are those of the unit's
 * province; `previous` (the unit's previous values, `scoringBasis`) only changes the breakdown, never the problems,
 * so a check whose breakdown is not kept may leave it out.
 */
export function checkSheet(
  framework: Framework,
  campaign: Campaign,
  submission: Pick<Submission, 'unitType' | 'honour' | 'regionCode'>,
  reviewerId: string,
  values: Record<string, unknown>,
  previous: Record<string, number> = {},
): ScoreResult {
  const { problems, result } = evaluateScore(framework, {
    unitType: scoringProfileOf(submission),
    benchmarks: benchmarksFor(campaign.benchmarks, submission.regionCode),
    previous,
    rounds: [{ name: 'sheet', weight: 1, sheets: [{ reviewerId, values: values as never }] }],
  });
  if (problems.length > 0) {
    const mapped: FieldProblem[] = problems.map((p) => ({ ...p, pointer: p.pointer.replace(/^\/rounds\/0\/sheets\/0/, '') }));
    throw new ValidationError(mapped, text('评分表与测评体系不符，详见 errors。', 'The sheet does not fit the framework; see errors.'));
  }
  return result;
}
