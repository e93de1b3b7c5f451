import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { type Decision, move, type Submission } from '../../shared/domain/submissions.ts';
import { mainStore, type TransactItem } from '../../shared/data/store.ts';
import { assignmentFromItem, assignmentItem, childKey, childOf, childrenOf, getSubmission } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign, readForCampaignAuthority, readVisibleSubmission, retrying } from './access.ts';
import { saveStep } from './submissions.ts';
import { noticeEndOf } from '../../shared/campaigns/outcomes.ts';

const appealSk = 'APPEAL';

/** `POST /v1/submissions/{id}/appeals`: the unit appeals once, during the appeal window, naming the round it contests. */
export const createAppeal: RouteImpl<{ reason: string; round: string; evidenceIds: string[] }> = (request) => retrying(request, async () => {
  const { caller, body } = request;
  const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
  if (relation !== 'own-unit') throw new ForbiddenError('The unit itself appeals.');
  const campaign = await readCampaign(submission.campaignId);
  const today = request.today;
  if (campaign.status !== 'ranked' || !campaign.appealEndsOn) throw new ConflictError('Appeals are taken once the campaign is ranked, during the appeal window.', 'appeal-window-closed');
  if (today > campaign.appealEndsOn) throw new ConflictError(`The appeal window closed on ${campaign.appealEndsOn}.`, 'appeal-window-closed');
  if (submission.appeal) throw new ConflictError('A submission is appealed once; this one was.', 'already-appealed');
  if (submission.state !== 'scored' && submission.state !== 'vetoed') throw new ConflictError(`A submission that is ${submission.state} has no result to appeal.`, 'illegal-transition');
  if (!campaign.rounds.some((r) => r.name === body.round)) throw new ValidationError([{ pointer: '/round', detail: `is not a round of this campaign (${campaign.rounds.map((r) => r.name).join(', ')})` }]);
  const evidence = await childrenOf(mainStore(), submission.id, 'EVIDENCE#', true);
  body.evidenceIds.forEach((id, i) => {
    if (!evidence.some((e) => e.id === id && e.status === 'confirmed')) throw new ValidationError([{ pointer: `/evidenceIds/${i}`, detail: `no confirmed evidence ${id} on this submission` }]);
  });
  const appeal = { id: randomUUID(), reason: body.reason, round: body.round, evidenceIds: body.evidenceIds, status: 'pending' as const, lodgedAt: request.now, lodgedBy: caller.sub };
  const next: Submission = { ...submission, appeal: { id: appeal.id, status: 'pending', round: body.round } };
  const saved = await saveStep(request, submission, next, 'appeal', { appealId: appeal.id, round: body.round, reason: body.reason }, [
    { Put: { TableName: '', Item: { ...childKey(submission.id, appealSk), kind: 'appeal', ...appeal }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return { status: 201, body: { appeal, submission: present(saved, relation) } };
});

/**
 * `POST /v1/submissions/{id}/appeals/{appealId}/decision`: the campaign's authority upholds (the contested round is
 * reopened for new sheets; the campaign is ranked again once it is re-scored) or dismisses, with a reason.
 */
export const decideAppeal: RouteImpl<Decision> = (request) => retrying(request, async () => {
  const { caller, body } = request;
  const { submission, relation, campaign } = await readForCampaignAuthority(request);
  const store = mainStore();
  const appeal = await childOf(store, submission.id, appealSk);
  if (!appeal || appeal.id !== request.params.appealId) throw new NotFoundError(`No appeal ${request.params.appealId} on this submission.`);
  if (appeal.status !== 'pending') throw new ConflictError(`This appeal was ${appeal.status} already.`, 'already-decided');
  const status = body.decision === 'uphold' ? 'upheld' : 'dismissed';
  const decided = { ...appeal, status, decision: body.reason, decidedAt: request.now, decidedBy: caller.sub };
  const extra: TransactItem[] = [{ Put: { TableName: '', Item: decided, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } } }];
  let next: Submission = { ...submission, appeal: { ...submission.appeal!, status } };
  if (status === 'upheld') {
    const round = String(appeal.round);
    const index = campaign.rounds.findIndex((r) => r.name === round);
    const state = move(submission.state, 'reopen', 'authority', index === 0 ? 'in-review' : 'on-site');
    next = { ...next, state, openRound: round, closedRounds: submission.closedRounds.filter((r) => r !== round) };
    delete next.result;
    delete next.ranking;
    delete next.exactFinal;
    delete next.exactLastRound;
    // The round's sheets are replaced: each reviewer who gave one is asked again (the audit trail keeps the old scores).
    for (const item of await childrenOf(store, submission.id, `SHEET#${round}#`, true)) extra.push({ Delete: { TableName: '', Key: { pk: item.pk, sk: item.sk } } });
    for (const item of await childrenOf(store, submission.id, `ASSIGN#${round}#`, true)) {
      const a = assignmentFromItem(item);
      if (a.status === 'submitted') extra.push({ Put: { TableName: '', Item: assignmentItem({ ...a, status: 'assigned' }) } });
    }
  }
  const saved = await saveStep(request, submission, next, status === 'upheld' ? 'upholdAppeal' : 'dismissAppeal', {
    appealId: appeal.id, reason: body.reason, ...(status === 'upheld' ? { reopened: appeal.round, previousResult: submission.result?.final } : {}),
  }, extra);
  return { body: { appeal: decided, submission: present(saved, relation) }, etag: saved.version };
});

/** `POST /v1/submissions/{id}/objections`: anyone signed in objects during the public notice (公示). */
export const createObjection: RouteImpl<{ reason: string }> = (request) => retrying(request, async () => {
  const { caller } = request;
  const store = mainStore();
  const submission = await getSubmission(store, request.params.id!, true);
  if (!submission) throw new NotFoundError(`No submission ${request.params.id}.`);
  // What is in public notice is public; a submission that is not stays hidden from who may not see it (404).
  if (submission.state !== 'public-notice') await readVisibleSubmission(caller, submission.id);
  const campaign = await readCampaign(submission.campaignId);
  const today = request.today;
  const noticeEndsOn = noticeEndOf(campaign, submission);
  if (submission.state !== 'public-notice' || !noticeEndsOn) throw new ConflictError('Objections are taken while a submission is in public notice.', 'not-in-public-notice');
  if (today > noticeEndsOn) throw new ConflictError(`The public notice ended on ${noticeEndsOn}.`, 'not-in-public-notice');
  const objection = { id: randomUUID(), reason: request.body.reason, status: 'pending', lodgedAt: request.now, lodgedBy: caller.sub, lodgedByRole: caller.role };
  await saveStep(request, submission, { ...submission, openObjections: submission.openObjections + 1 }, 'object', { objectionId: objection.id }, [
    { Put: { TableName: '', Item: { ...childKey(submission.id, `OBJECTION#${objection.id}`), kind: 'objection', ...objection }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return { status: 201, body: objection };
});

/** `POST /v1/submissions/{id}/objections/{objectionId}/decision`: an upheld objection means the unit is not selected. */
export const decideObjection: RouteImpl<Decision> = (request) => retrying(request, async () => {
  const { caller, body } = request;
  const { submission, relation } = await readForCampaignAuthority(request);
  const objection = await childOf(mainStore(), submission.id, `OBJECTION#${request.params.objectionId}`);
  if (!objection) throw new NotFoundError(`No objection ${request.params.objectionId} on this submission.`);
  if (objection.status !== 'pending') throw new ConflictError(`This objection was ${objection.status} already.`, 'already-decided');
  const status = body.decision === 'uphold' ? 'upheld' : 'dismissed';
  const decided = { ...objection, status, decision: body.reason, decidedAt: request.now, decidedBy: caller.sub };
  const next: Submission = {
    ...submission, openObjections: submission.openObjections - 1,
    ...(status === 'upheld' && submission.state === 'public-notice' ? { state: move(submission.state, 'not-select', 'authority') } : {}),
  };
  const saved = await saveStep(request, submission, next, status === 'upheld' ? 'upholdObjection' : 'dismissObjection', { objectionId: objection.id, reason: body.reason }, [
    { Put: { TableName: '', Item: decided, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } } },
  ]);
  return { body: { objection: decided, submission: present(saved, relation) }, etag: saved.version };
});
