import type { Submission } from '../domain/submissions.ts';
import { reopenRoundWrites } from './reviews.ts';
import type { Store } from './store.ts';
import { appealSk, childKey, childOf, saveSubmission, type StepBy, whileStatus } from './submissions.ts';

/*
 * Appeals (申诉) and objections (异议) of a submission, in its partition (sk APPEAL — one per submission — and
 * OBJECTION#<id>). Each is lodged and decided with the submission's next version and its audit entry in one
 * transaction (see submissions.ts); a decision applies only to a record still pending.
 */

/** A stored appeal or objection as it is read and answered (its keys included). */
export type StoredRecord = Record<string, unknown>;

/** The appeal of a submission, if any. */
export function appealOf(store: Store, submissionId: string): Promise<StoredRecord | undefined> {
  return childOf(store, submissionId, appealSk);
}

/** An objection to a submission, if any. */
export function objectionOf(store: Store, submissionId: string, objectionId: string): Promise<StoredRecord | undefined> {
  return childOf(store, submissionId, `OBJECTION#${objectionId}`);
}

/** Files the unit's one appeal of a submission (`next` records it as pending). */
export function fileAppeal(
  store: Store,
  before: Submission,
  next: Submission,
  appeal: { id: string; round: string; reason: string },
  by: StepBy,
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
  decided: StoredRecord,
  by: StepBy,
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
    [{ Put: { TableName: '', Item: decided, ...whileStatus('pending') } }, ...reopen],
  );
}

/** Lodges an objection to a submission in public notice (`next` counts it open). */
export async function lodgeObjection(
  store: Store,
  before: Submission,
  next: Submission,
  objection: { id: string },
  by: StepBy,
): Promise<void> {
  await saveSubmission(store, before, next, { ...by, action: 'object', detail: { objectionId: objection.id } }, [
    {
      Put: {
        TableName: '',
        Item: { ...childKey(before.id, `OBJECTION#${objection.id}`), kind: 'objection', ...objection },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}

/** Records the decision on a pending objection (`next` counts it closed and, if upheld, leaves the unit unselected). */
export function decideObjection(
  store: Store,
  before: Submission,
  next: Submission,
  decided: StoredRecord,
  by: StepBy,
): Promise<Submission> {
  return saveSubmission(
    store,
    before,
    next,
    {
      ...by,
      action: decided.status === 'upheld' ? 'upholdObjection' : 'dismissObjection',
      detail: { objectionId: decided.id, reason: decided.decision },
    },
    [{ Put: { TableName: '', Item: decided, ...whileStatus('pending') } }],
  );
}
