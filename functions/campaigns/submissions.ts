import { covers, regionPrefix } from '../../shared/domain/regions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { round2, roundResult } from '../../shared/domain/scoring.ts';
import { move, type SheetBody, type SubmissionState, type TransitionBody } from '../../shared/domain/submissions.ts';
import { getUnit } from '../../shared/data/units.ts';
import { activeNamingOf, renewalSubmitted } from '../../shared/data/namings.ts';
import { createOnce, mainStore } from '../../shared/data/store.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { inScope } from '../../shared/http/caller.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl, RouteRequest } from '../../shared/http/handler.ts';
import { checkIfMatch, checkSheet, frameworkOf, present, readCampaign, readVisibleSubmission, requireCampaignAuthority, runsCampaign } from './access.ts';
import type { Submission } from '../../shared/domain/submissions.ts';

/** `POST /v1/campaigns/{id}/submissions`: a unit applies (or an authority on its behalf) while applications are open. */
export const createSubmission: RouteImpl<{ unitId?: string }> = async (request) => {
  const { caller, body } = request;
  const campaign = await readCampaign(request.params.id!);
  const unitId = body.unitId ?? (caller.role === 'unit' ? caller.agencyId : undefined);
  if (!unitId) throw new ValidationError([{ pointer: '/unitId', detail: 'is required when an authority applies on behalf of a unit' }]);
  if (caller.role === 'unit' && unitId !== caller.agencyId) throw new ForbiddenError('A unit applies for itself only.');
  const store = mainStore();
  const unit = await getUnit(store, unitId);
  if (!unit || (caller.role !== 'unit' && !inScope(caller, unit.regionCode))) throw new NotFoundError(`No unit ${unitId} in your scope.`);
  const today = request.today;
  checkApplicationsOpen(campaign.dates, today);
  if (campaign.status !== 'open') throw new ConflictError(`The campaign is ${campaign.status}.`, 'applications-closed');
  if (!covers(campaign.regionCode, unit.regionCode)) {
    throw new ValidationError([{ pointer: '/unitId', detail: `${unit.name} (${unit.regionCode}) lies outside the campaign's region ${campaign.regionCode}` }]);
  }
  const id = request.newId();
  const submission = await createOnce(() => submissions.createSubmission(store, campaign, unit, actorOf(request), request.now, id), () => submissions.getSubmission(store, id, true));
  return { status: 201, body: present(submission, caller.role === 'unit' ? 'own-unit' : 'authority'), etag: submission.version, headers: { location: `/v1/submissions/${submission.id}` } };
};

function checkApplicationsOpen(dates: { applicationsOpen: string; applicationsClose: string }, today: string): void {
  if (today < dates.applicationsOpen) throw new ConflictError(`Applications open on ${dates.applicationsOpen}.`, 'applications-not-open');
  if (today > dates.applicationsClose) throw new ConflictError(`Applications closed on ${dates.applicationsClose}.`, 'applications-closed');
}

/** `GET /v1/submissions/{id}`: what the caller may see of it. */
export const getSubmission: RouteImpl = async (request) => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!);
  return { body: present(submission, relation), etag: submission.version };
};

/** `GET /v1/campaigns/{id}/submissions?state=`: the campaign's authority sees all; another authority those in its region. */
export const listCampaignSubmissions: RouteImpl<undefined, { state?: SubmissionState; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const campaign = await readCampaign(request.params.id!);
  const prefix = runsCampaign(caller, campaign) ? '' : regionPrefix(caller.region);
  const page = await submissions.listCampaignSubmissions(mainStore(), campaign.id, { prefix, state: query.state, limit: query.limit, cursor: query.cursor });
  return { body: { ...page, items: page.items.map((s) => present(s, 'authority')) } };
};

/** `GET /v1/units/{id}/submissions`: a unit's own, or those of a unit in the authority's region. */
export const listUnitSubmissions: RouteImpl = async (request) => {
  const { caller } = request;
  const unitId = request.params.id!;
  const unit = await getUnit(mainStore(), unitId);
  const visible = unit && (caller.role === 'unit' ? caller.agencyId === unit.id : inScope(caller, unit.regionCode));
  if (!visible) throw new NotFoundError(`No unit ${unitId} in your scope.`);
  const found = await submissions.listUnitSubmissions(mainStore(), unitId);
  return { body: { items: found.map((s) => present(s, caller.role === 'unit' ? 'own-unit' : 'authority')) } };
};

/** `PUT /v1/submissions/{id}/self-assessment`: the unit's own scores; shown, never counted. */
export const putSelfAssessment: RouteImpl<SheetBody> = async (request) => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError('A reviewer does not self-assess a unit.');
  checkIfMatch(request, submission.version);
  if (submission.state !== 'draft') throw new ConflictError(`The self-assessment is part of the application; this one is ${submission.state}.`, 'illegal-transition');
  const campaign = await readCampaign(submission.campaignId);
  const result = roundResult(checkSheet(await frameworkOf(campaign), campaign, submission.unitType, 'self', request.body.values));
  const next = { ...submission, selfAssessment: { values: request.body.values, score: round2(result.final), result, at: request.now } };
  const saved = await submissions.saveSubmission(mainStore(), submission, next, { actor: actorOf(request), action: 'selfAssess', at: request.now, detail: { score: next.selfAssessment.score } });
  return { body: present(saved, relation), etag: saved.version };
};

/**
 * `POST /v1/submissions/{id}/transitions`: the moves people make by hand — submit, endorse (each authority up the
 * chain in turn; the last makes it `recommended`), return (to draft, with a reason), withdraw, reject, start review.
 */
export const transitionSubmission: RouteImpl<TransitionBody> = async (request) => {
  const { caller, body } = request;
  const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
  checkIfMatch(request, submission.version);
  const campaign = await readCampaign(submission.campaignId);
  const today = request.today;
  const mover = caller.role === 'unit' || caller.role === 'admin' ? caller.role : caller.role === 'authority' ? 'authority' : undefined;
  if (!mover) throw new ForbiddenError('A reviewer does not move submissions.');
  if (mover === 'unit' && relation !== 'own-unit') throw new ForbiddenError('A unit moves its own submission only.');
  const needsReason = body.action === 'return' || body.action === 'reject';
  if (needsReason && !body.reason) throw new ValidationError([{ pointer: '/reason', detail: `a reason is required to ${body.action}` }]);
  let next = { ...submission };
  switch (body.action) {
    case 'submit': {
      next.state = move(submission.state, 'submit', mover);
      checkApplicationsOpen(campaign.dates, today);
      if (!submission.selfAssessment) throw new ValidationError([{ pointer: '/self-assessment', detail: 'submit the self-assessment first' }]);
      next = { ...next, submittedAt: request.now };
      delete next.returnReason;
      break;
    }
    case 'endorse':
    case 'return': {
      const due = submission.chain[submission.endorsements.length];
      const to = move(submission.state, body.action, mover);
      if (mover !== 'admin' && caller.region !== due) throw new ForbiddenError(`The authority of region ${due} ${body.action === 'endorse' ? 'endorses' : 'returns'} it next.`);
      if (body.action === 'return') next = { ...next, state: to, endorsements: [], returnReason: body.reason! };
      else {
        const endorsements = [...submission.endorsements, { regionCode: due!, agencyId: caller.agencyId, by: caller.sub, at: request.now }];
        next = { ...next, endorsements, state: endorsements.length === submission.chain.length ? to : submission.state };
      }
      break;
    }
    case 'withdraw':
      next.state = move(submission.state, 'withdraw', mover);
      break;
    case 'reject':
      next.state = move(submission.state, 'reject', mover);
      requireCampaignAuthority(caller, campaign);
      next = { ...next, rejectReason: body.reason! };
      delete next.openRound;
      break;
    case 'start-review':
      next.state = move(submission.state, 'start-review', mover);
      requireCampaignAuthority(caller, campaign);
      next.openRound = campaign.rounds[0]!.name;
      break;
  }
  // A renewal: submitting it stops the expiry reminders of the naming it renews, in the same transaction.
  const renewed = body.action === 'submit' && campaign.kind === 'naming' ? await activeNamingOf(mainStore(), submission.unitId, campaign.level) : undefined;
  const extra = renewed && renewed.expiresOn >= today ? [renewalSubmitted(renewed, submission.id, request.now)] : [];
  const saved = await saveStep(request, submission, next, body.action, { ...(body.reason ? { reason: body.reason } : {}), ...(extra.length ? { renews: renewed!.id } : {}) }, extra);
  return { body: present(saved, relation), etag: saved.version };
};

/** Saves one step with its audit entry. */
export function saveStep(request: RouteRequest, before: Submission, next: Submission, action: string, detail?: unknown,
  extra: Parameters<typeof submissions.saveSubmission>[4] = []): Promise<Submission> {
  return submissions.saveSubmission(mainStore(), before, next, { actor: actorOf(request), action, at: request.now, detail }, extra);
}

/** `GET /v1/submissions/{id}/history`: every step, oldest first. A unit does not see who reviewed it. */
export const getHistory: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!);
  if (relation === 'reviewer') throw new ForbiddenError('A reviewer sees its assignments, not the history.');
  const page = await submissions.listHistory(mainStore(), submission.id, request.query.limit, request.query.cursor);
  // Who reviewed stays hidden from the unit, and so do scores before the campaign is ranked.
  const sealed = new Set(['assign', 'submitSheet', 'declineAssignment', ...(submission.ranking ? [] : ['closeRound'])]);
  const items = relation === 'own-unit'
    ? page.items.map((e) => (sealed.has(e.action) ? { at: e.at, action: e.action, before: e.before, after: { state: (e.after as { state?: string }).state } } : e))
    : page.items;
  return { body: { ...page, items } };
};
