import type { Appeal, Objection, Submission } from '../domain/submissions.ts';
import { reopenRoundWrites } from './reviews.ts';
import type { Store } from './store.ts';
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

/** The appeal of a submission, if any. */
export async function appealOf(store: Store, submissionId: string): Promise<Appeal | undefined> {
  return recordOf<Appeal>(await childOf(store, submissionId, appealSk));
}

/** An objection to a submission, if any. */
export async function objectionOf(store: Store, submissionId: string, objectionId: string): Promise<Objection | undefined> {
  return recordOf<Objection>(await childOf(store, submissionId, `OBJECTION#${objectionId}`));
}

/** Files the unit's one appeal of a submission (`next` records it as pending). */
export function fileAppeal(store: Store, before: Submission, next: Submission, appeal: Appeal, by: StepBy): Promise<Submission> {
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
export async function decideAppeal(store: Store, before: Submission, next: Submission, decided: Appeal, by: StepBy): Promise<Submission> {
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
    ],
  );
}

/** Lodges an objection to a submission in public notice (`next` counts it open). */
export async function lodgeObjection(store: Store, before: Submission, next: Submission, objection: Objection, by: StepBy): Promise<void> {
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
export function decideObjection(store: Store, before: Submission, next: Submission, decided: Objection, by: StepBy): Promise<Submission> {
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
    ],
  );
}
