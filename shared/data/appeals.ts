import type { Appeal, Objection, Submission } from '../domain/submissions.ts';
import { reopenRoundWrites } from './reviews.ts';
import type { Store } from './store.ts';
import type { WorkItem, WorkOwner } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';
import { appealSk, childKey, childOf, saveSubmission, type StepBy, whileStatus } from './submissions.ts';

/*
 * Appeals (申诉) and objections (异议) of a submission, in its partition (sk APPEAL — one per submission — and
 * OBJECTION#<id>). Each is lodged and decided with the submission's next version and its audit entry in one
 * transaction (see submissions.ts); a decision applies only to a record still pending.
 */

/** An appeal or objection from its stored item: its keys and kind left behind. */
function recordOf<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...record } = item;
  return record as T;
}

/** The open work a pending appeal is, for the campaign's authority (`authorityId`). */
export function appealWork(submission: Pick<Submission, 'id' | 'unitName'>, appeal: Appeal, authorityId: string): WorkChangeOf {
  return {
    owner: { agencyId: authorityId },
    item: {
      kind: 'appeal',
      id: submission.id,
      title: `${submission.unitName}的申诉`,
      since: appeal.lodgedAt,
      link: `/v1/submissions/${submission.id}/appeals/${appeal.id}/decision`,
    },
  };
}

/** The open work a pending objection is, for the campaign's authority (`authorityId`), due by the notice's last day. */
export function objectionWork(
  submission: Pick<Submission, 'id' | 'unitName'>,
  objection: Objection,
  authorityId: string,
  due?: string,
): WorkChangeOf {
  return {
    owner: { agencyId: authorityId },
    item: {
      kind: 'objection',
      id: objection.id,
      title: `对${submission.unitName}的异议`,
      since: objection.lodgedAt,
      ...(due ? { due } : {}),
      link: `/v1/submissions/${submission.id}/objections/${objection.id}/decision`,
    },
  };
}

type WorkChangeOf = { owner: WorkOwner; item: WorkItem };

/** The appeal of a submission, if any. */
export async function appealOf(store: Store, submissionId: string): Promise<Appeal | undefined> {
  return recordOf<Appeal>(await childOf(store, submissionId, appealSk));
}

/** An objection to a submission, if any. */
export async function objectionOf(store: Store, submissionId: string, objectionId: string): Promise<Objection | undefined> {
  return recordOf<Objection>(await childOf(store, submissionId, `OBJECTION#${objectionId}`));
}

/** Files the unit's one appeal of a submission (`next` records it as pending): open work for the campaign's authority. */
export function fileAppeal(
  store: Store,
  before: Submission,
  next: Submission,
  appeal: Appeal,
  by: StepBy,
  authorityId: string,
): Promise<Submission> {
  return saveSubmission(
    store,
    before,
    next,
    { ...by, action: 'appeal', detail: { appealId: appeal.id, round: appeal.round, reason: appeal.reason } },
    [
      {
        Put: {
          TableName: '',
          Item: { ...childKey(before.id, appealSk), kind: 'appeal', ...appeal },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...workWrites({ arise: [appealWork(before, appeal, authorityId)] }),
    ],
  );
}

/**
 * Records the decision on a pending appeal. An upheld appeal reopens its round (`next` says so): the round's sheets
 * go and each reviewer who gave one is asked again, in the same transaction.
 */
export async function decideAppeal(
  store: Store,
  before: Submission,
  next: Submission,
  decided: Appeal,
  by: StepBy,
  authorityId: string,
): Promise<Submission> {
  const upheld = decided.status === 'upheld';
  const reopen = upheld ? await reopenRoundWrites(store, before.id, String(decided.round)) : [];
  return saveSubmission(
    store,
    before,
    next,
    {
      ...by,
      action: upheld ? 'upholdAppeal' : 'dismissAppeal',
      detail: {
        appealId: decided.id,
        reason: decided.decision,
        ...(upheld ? { reopened: decided.round, previousResult: before.result?.final } : {}),
      },
    },
    [
      { Put: { TableName: '', Item: { ...childKey(before.id, appealSk), kind: 'appeal', ...decided }, ...whileStatus('pending') } },
      ...reopen,
      ...workWrites({ done: await indexedWork(store, [appealWork(before, decided, authorityId)]) }),
    ],
  );
}

/** Lodges an objection to a submission in public notice (`next` counts it open): open work for the campaign's authority until `due`. */
export async function lodgeObjection(
  store: Store,
  before: Submission,
  next: Submission,
  objection: Objection,
  by: StepBy,
  work: { authorityId: string; due?: string },
): Promise<void> {
  await saveSubmission(store, before, next, { ...by, action: 'object', detail: { objectionId: objection.id } }, [
    {
      Put: {
        TableName: '',
        Item: { ...childKey(before.id, `OBJECTION#${objection.id}`), kind: 'objection', ...objection },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...workWrites({ arise: [objectionWork(before, objection, work.authorityId, work.due)] }),
  ]);
}

/** Records the decision on a pending objection (`next` counts it closed and, if upheld, leaves the unit unselected). */
export async function decideObjection(
  store: Store,
  before: Submission,
  next: Submission,
  decided: Objection,
  by: StepBy,
  authorityId: string,
): Promise<Submission> {
  const done = await indexedWork(store, [objectionWork(before, decided, authorityId)]);
  return saveSubmission(
    store,
    before,
    next,
    {
      ...by,
      action: decided.status === 'upheld' ? 'upholdObjection' : 'dismissObjection',
      detail: { objectionId: decided.id, reason: decided.decision },
    },
    [
      {
        Put: {
          TableName: '',
          Item: { ...childKey(before.id, `OBJECTION#${decided.id}`), kind: 'objection', ...decided },
          ...whileStatus('pending'),
        },
      },
      ...workWrites({ done }),
    ],
  );
}
