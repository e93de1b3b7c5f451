import type { Campaign } from '../../shared/domain/campaigns.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { roundResult, scoreSubmission } from '../../shared/domain/scoring.ts';
import { type Assignment, conflictOf, move, type Reviewer, type SheetBody, type Submission } from '../../shared/domain/submissions.ts';
import { conflictUpdate, declareConflict, getReviewer, putReviewer as storeReviewer } from '../../shared/data/reviewers.ts';
import { mainStore } from '../../shared/data/store.ts';
import { assignmentFromItem, assignmentItem, assignmentSk, childKey, childOf, childrenOf, listReviewerAssignments, listSheets, sheetSk } from '../../shared/data/submissions.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl, RouteRequest } from '../../shared/http/handler.ts';
import { checkSheet, frameworkOf, present, readCampaign, readForCampaignAuthority, readVisibleSubmission, retrying } from './access.ts';
import { saveStep } from './submissions.ts';

/** `PUT /v1/reviewers/{id}`: registers an expert of the pool (the id is the `sub` of their token). */
export const putReviewer: RouteImpl<Omit<Reviewer, 'id' | 'conflicts' | 'version' | 'updatedAt'>> = async (request) => {
  const { caller, body } = request;
  if (!inScope(caller, body.regionCode)) throw new ForbiddenError(`Region ${body.regionCode} lies outside your region ${caller.region}.`);
  // A reviewer registered in another region is that region's to change, not a name free for the taking.
  const registered = await getReviewer(mainStore(), request.params.id!);
  if (registered && !inScope(caller, registered.regionCode)) throw new ForbiddenError(`Reviewer ${request.params.id} is registered outside your region ${caller.region}.`);
  const reviewer = await storeReviewer(mainStore(), request.params.id!, body, request.now);
  return { body: reviewer, etag: reviewer.version };
};

/** `GET /v1/reviewers/{id}`: a reviewer reads its own entry; an authority those of its region. */
export const getReviewerEntry: RouteImpl = async (request) => {
  const { caller } = request;
  const id = request.params.id!;
  if (caller.role === 'reviewer' && caller.sub !== id) throw new NotFoundError(`No reviewer ${id}.`);
  const reviewer = await getReviewer(mainStore(), id);
  if (!reviewer || (caller.role === 'authority' && !inScope(caller, reviewer.regionCode))) throw new NotFoundError(`No reviewer ${id}.`);
  return { body: reviewer, etag: reviewer.version };
};

/** `POST /v1/reviewers/{id}/conflicts`: a reviewer declares a conflict with a unit (or an authority of its region records it). */
export const createConflict: RouteImpl<{ unitId: string }> = async (request) => {
  const { caller } = request;
  const id = request.params.id!;
  if (caller.role === 'reviewer' && caller.sub !== id) throw new ForbiddenError('A reviewer declares its own conflicts.');
  const registered = caller.role === 'authority' ? await getReviewer(mainStore(), id) : undefined;
  if (registered && !inScope(caller, registered.regionCode)) throw new NotFoundError(`No reviewer ${id} in the pool.`);
  await declareConflict(mainStore(), id, request.body.unitId, request.now);
  return { status: 201, body: await getReviewer(mainStore(), id) };
};

/** `GET /v1/reviewers/me/assignments`: what the calling reviewer is asked to score. */
export const listMyAssignments: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => {
  const page = await listReviewerAssignments(mainStore(), request.caller.sub, request.query.limit, request.query.cursor);
  return { body: page };
};

function roundOf(campaign: Campaign, round: string): number {
  const index = campaign.rounds.findIndex((r) => r.name === round);
  if (index === -1) throw new NotFoundError(`This campaign has no round ${round}; its rounds are ${campaign.rounds.map((r) => r.name).join(', ')}.`);
  return index;
}

/**
 * `POST /v1/submissions/{id}/rounds/{round}/assignments`: the campaign's authority assigns a reviewer; a conflict of
 * interest → 409 naming it. The first reviewer of the first round starts the review.
 */
export const createAssignment: RouteImpl<{ reviewerId: string }> = (request) => retrying(request, async () => {
  const { caller } = request;
  const { submission, relation, campaign } = await readForCampaignAuthority(request);
  const round = request.params.round!;
  const index = roundOf(campaign, round);
  if (!['recommended', 'in-review', 'on-site'].includes(submission.state)) throw new ConflictError(`A submission that is ${submission.state} is not under review.`, 'illegal-transition');
  if (submission.closedRounds.includes(round)) throw new ConflictError(`Round ${round} is closed.`, 'round-closed');
  const store = mainStore();
  const reviewer = await getReviewer(store, request.body.reviewerId);
  if (!reviewer) throw new ValidationError([{ pointer: '/reviewerId', detail: `no reviewer ${request.body.reviewerId} in the pool` }]);
  const conflict = conflictOf(reviewer, { id: submission.unitId, authorityId: submission.unitAuthorityId, regionCode: submission.regionCode });
  if (conflict) {
    const why = { 'own-unit': 'works for the unit itself', 'supervising-authority': "works for the unit's supervising authority", 'same-county': "sits in the unit's county", declared: 'declared a conflict with the unit' }[conflict];
    throw new ConflictError(`${reviewer.name} ${why} (${conflict}) and cannot review ${submission.unitName}.`, 'conflict-of-interest');
  }
  const assignment: Assignment = {
    submissionId: submission.id, campaignId: campaign.id, unitName: submission.unitName, round, reviewerId: reviewer.id, status: 'assigned',
    assignedAt: request.now, assignedBy: caller.sub,
  };
  const starts = submission.state === 'recommended' && index === 0;
  const next = starts ? { ...submission, state: move(submission.state, 'start-review', 'authority'), openRound: round } : submission;
  const saved = await saveStep(request, submission, next, 'assign', { round, reviewerId: reviewer.id }, [
    { Put: { TableName: '', Item: assignmentItem(assignment), ConditionExpression: 'attribute_not_exists(pk)' } },
  ]).catch(async (error) => {
    if (await childOf(store, submission.id, assignmentSk(round, reviewer.id))) throw new ConflictError(`${reviewer.name} is assigned to round ${round} already.`, 'already-assigned');
    throw error;
  });
  return { status: 201, body: { assignment, submission: present(saved, relation) }, etag: saved.version };
});

async function myAssignment(request: RouteRequest): Promise<{ submission: Submission; campaign: Campaign; assignment: Assignment; round: string }> {
  const { caller } = request;
  const { submission } = await readVisibleSubmission(caller, request.params.id!, true);
  const round = request.params.round!;
  const item = await childOf(mainStore(), submission.id, assignmentSk(round, caller.sub));
  if (!item) throw new ForbiddenError(`You are not assigned to round ${round} of this submission.`);
  return { submission, campaign: await readCampaign(submission.campaignId), assignment: assignmentFromItem(item), round };
}

/** `POST /v1/submissions/{id}/rounds/{round}/assignments/mine/decline`: a reviewer declines; a conflict is remembered. */
export const declineAssignment: RouteImpl<{ reason: 'conflict' | 'unavailable'; note?: string }> = (request) => retrying(request, async () => {
  const { submission, assignment, round } = await myAssignment(request);
  if (assignment.status !== 'assigned') throw new ConflictError(`This assignment is ${assignment.status} already.`, 'already-done');
  const { reason, note } = request.body;
  const declined: Assignment = { ...assignment, status: 'declined', declineReason: reason, ...(note ? { declineNote: note } : {}) };
  await saveStep(request, submission, submission, 'declineAssignment', { round, reviewerId: assignment.reviewerId, reason }, [
    { Put: { TableName: '', Item: assignmentItem(declined), ConditionExpression: '#status = :assigned', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':assigned': 'assigned' } } },
    // A conflict is remembered in the same transaction, so the unit is never offered to this reviewer again.
    ...(reason === 'conflict' ? [conflictUpdate(assignment.reviewerId, submission.unitId, request.now)] : []),
  ]);
  return { body: declined };
});

/**
 * `PUT /v1/submissions/{id}/rounds/{round}/sheets/mine`: an assigned reviewer's one sheet for the open round,
 * complete and validated exactly as the score preview validates. A second sheet → 409.
 */
export const putSheet: RouteImpl<SheetBody> = (request) => retrying(request, async () => {
  const { submission, campaign, assignment, round } = await myAssignment(request);
  if (assignment.status === 'declined') throw new ConflictError('You declined this assignment.', 'declined');
  if (assignment.status === 'submitted') throw new ConflictError(`You gave your sheet for round ${round} already; a reviewer gives one sheet per round.`, 'sheet-exists');
  if (submission.openRound !== round) throw new ConflictError(`Round ${round} is not open for sheets${submission.openRound ? `; round ${submission.openRound} is` : ''}.`, 'round-not-open');
  checkSheet(await frameworkOf(campaign), campaign, submission.unitType, assignment.reviewerId, request.body.values);
  const sheet = { reviewerId: assignment.reviewerId, round, values: request.body.values, submittedAt: request.now };
  await saveStep(request, submission, submission, 'submitSheet', { round, reviewerId: assignment.reviewerId }, [
    { Put: { TableName: '', Item: { ...childKey(submission.id, sheetSk(round, assignment.reviewerId)), kind: 'sheet', ...sheet }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: '', Item: assignmentItem({ ...assignment, status: 'submitted' }), ConditionExpression: '#status = :assigned', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':assigned': 'assigned' } } },
  ]).catch(async (error) => {
    if (await childOf(mainStore(), submission.id, sheetSk(round, assignment.reviewerId))) throw new ConflictError('You gave this sheet already.', 'sheet-exists');
    throw error;
  });
  return { status: 201, body: sheet };
});

/** `GET /v1/submissions/{id}/rounds/{round}/sheets/mine`: a reviewer's own sheet. */
export const getMySheet: RouteImpl = async (request) => {
  const { submission, round } = await myAssignment(request);
  const item = await childOf(mainStore(), submission.id, sheetSk(round, request.caller.sub));
  if (!item) throw new NotFoundError('You have not given a sheet for this round.');
  const { reviewerId, values, submittedAt } = item;
  return { body: { reviewerId, round, values, submittedAt } };
};

/**
 * `GET /v1/submissions/{id}/rounds/{round}/sheets`: every sheet of a round, once it is closed — to authorities in
 * scope, and to the unit once the campaign is ranked (without reviewer ids).
 */
export const listRoundSheets: RouteImpl = async (request) => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!);
  const campaign = await readCampaign(submission.campaignId);
  const round = request.params.round!;
  roundOf(campaign, round);
  if (relation === 'reviewer') throw new ForbiddenError('A reviewer sees its own sheet only.');
  if (!submission.closedRounds.includes(round)) throw new ConflictError(`Round ${round} is still open; its sheets stay sealed until it closes.`, 'round-not-closed');
  if (relation === 'own-unit' && !submission.ranking) throw new ConflictError('The sheets are shown to the unit once the campaign is ranked.', 'not-ranked');
  const sheets = await listSheets(mainStore(), submission.id, round);
  const items = relation === 'own-unit' ? sheets.map((s, i) => ({ reviewer: `#${i + 1}`, round: s.round, values: s.values, submittedAt: s.submittedAt })) : sheets;
  return { body: { items } };
};

/**
 * `POST /v1/submissions/{id}/rounds/{round}/close`: the campaign's authority closes the open round once every
 * assigned reviewer gave a sheet. Closing the last round scores the submission with the engine (or vetoes it) and
 * stores the full breakdown.
 */
export const closeRound: RouteImpl = (request) => retrying(request, async () => {
  const { submission, relation, campaign } = await readForCampaignAuthority(request);
  const round = request.params.round!;
  roundOf(campaign, round);
  if (submission.openRound !== round) throw new ConflictError(`Round ${round} is not the open round${submission.openRound ? ` (${submission.openRound} is)` : ''}.`, 'round-not-open');
  const store = mainStore();
  const assignments = (await childrenOf(store, submission.id, `ASSIGN#${round}#`, true)).map(assignmentFromItem).filter((a) => a.status !== 'declined');
  const missing = assignments.filter((a) => a.status !== 'submitted').map((a) => a.reviewerId);
  if (assignments.length === 0) throw new ConflictError(`Nobody is assigned to round ${round}.`, 'sheets-missing');
  if (missing.length > 0) throw new ConflictError(`Round ${round} waits for the sheets of ${missing.join(', ')}.`, 'sheets-missing');
  const closedRounds = [...submission.closedRounds, round];
  const nextRound = campaign.rounds.find((r) => !closedRounds.includes(r.name));
  let next: Submission;
  if (nextRound) {
    next = { ...submission, closedRounds, openRound: nextRound.name, state: move(submission.state, 'next-round', 'authority') };
  } else {
    const sheets = await listSheets(store, submission.id);
    const exact = scoreSubmission(await frameworkOf(campaign), {
      unitType: submission.unitType, benchmarks: campaign.benchmarks,
      rounds: campaign.rounds.map((r) => ({
        name: r.name, weight: r.weight,
        sheets: sheets.filter((s) => s.round === r.name).map((s) => ({ reviewerId: s.reviewerId, values: s.values as never })),
      })),
    });
    next = {
      ...submission, closedRounds, state: move(submission.state, exact.vetoed ? 'veto' : 'score', 'authority'),
      result: roundResult(exact), exactFinal: exact.final, exactLastRound: exact.rounds.at(-1)!.total,
    };
    delete next.openRound;
  }
  const saved = await saveStep(request, submission, next, 'closeRound', { round, ...(next.result ? { final: next.result.final, vetoed: next.result.vetoed } : {}) });
  return { body: present(saved, relation), etag: saved.version };
});

