import { ConflictError, text } from '../domain/errors.ts';
import type { Assignment, Submission } from '../domain/submissions.ts';
import { conflictUpdate } from './reviewers.ts';
import type { Store, TransactItem } from './store.ts';
import {
  assignmentFromItem,
  assignmentItem,
  assignmentSk,
  childKey,
  childOf,
  childrenOf,
  saveSubmission,
  sheetSk,
  type StepBy,
  type StoredSheet,
  whileStatus,
} from './submissions.ts';

/*
 * The review steps of a submission. Assignments and sheets live in the submission's partition (sk
 * ASSIGN#<round>#<reviewer>, SHEET#<round>#<reviewer>); each step writes them with the submission's next version and
 * its audit entry in one transaction (see submissions.ts).
 */

/** A reviewer's assignment to a round of a submission, if any. */
export async function assignmentOf(store: Store, submissionId: string, round: string, reviewerId: string): Promise<Assignment | undefined> {
  const item = await childOf(store, submissionId, assignmentSk(round, reviewerId));
  return item ? assignmentFromItem(item) : undefined;
}

/** Whether a reviewer is assigned to any round of a submission (what lets it see the submission). */
export async function isAssigned(store: Store, submissionId: string, reviewerId: string): Promise<boolean> {
  return (await childrenOf(store, submissionId, 'ASSIGN#')).some((a) => a.reviewerId === reviewerId);
}

/** The assignments of a round of a submission, read consistently. */
export async function roundAssignments(store: Store, submissionId: string, round: string): Promise<Assignment[]> {
  return (await childrenOf(store, submissionId, `ASSIGN#${round}#`, true)).map(assignmentFromItem);
}

/** A reviewer's sheet for a round of a submission, if given. */
export async function sheetOf(store: Store, submissionId: string, round: string, reviewerId: string): Promise<StoredSheet | undefined> {
  const item = await childOf(store, submissionId, sheetSk(round, reviewerId));
  if (!item) return undefined;
  const { values, submittedAt } = item as unknown as StoredSheet;
  return { reviewerId: item.reviewerId as string, round, values, submittedAt };
}

/**
 * Assigns a reviewer to a round (`next` is the submission after the step: the first assignment starts the review); a
 * reviewer assigned to the round already → 409.
 */
export async function assignReviewer(
  store: Store,
  step: { before: Submission; next: Submission; assignment: Assignment; reviewerName: string },
  by: StepBy,
): Promise<Submission> {
  const { before, next, assignment } = step;
  return saveSubmission(
    store,
    before,
    next,
    { ...by, action: 'assign', detail: { round: assignment.round, reviewerId: assignment.reviewerId } },
    [{ Put: { TableName: '', Item: assignmentItem(assignment), ConditionExpression: 'attribute_not_exists(pk)' } }],
  ).catch(async (error) => {
    if (await childOf(store, before.id, assignmentSk(assignment.round, assignment.reviewerId))) {
      throw new ConflictError(
        text(
          `${step.reviewerName} 已被分配到第 ${assignment.round} 轮评审。`,
          `${step.reviewerName} is assigned to round ${assignment.round} already.`,
        ),
        'already-assigned',
      );
    }
    throw error;
  });
}

/** Records that a reviewer declined an assignment still open; a declared conflict is remembered on the reviewer in the same transaction. */
export async function declineAssignment(store: Store, submission: Submission, declined: Assignment, by: StepBy): Promise<void> {
  const { round, reviewerId, declineReason: reason } = declined;
  await saveSubmission(store, submission, submission, { ...by, action: 'declineAssignment', detail: { round, reviewerId, reason } }, [
    { Put: { TableName: '', Item: assignmentItem(declined), ...whileStatus('assigned') } },
    // So the unit is never offered to this reviewer again.
    ...(reason === 'conflict' ? [conflictUpdate(reviewerId, submission.unitId, by.at)] : []),
  ]);
}

/** Stores a reviewer's one sheet for a round and marks its assignment submitted; a second sheet → 409. */
export async function submitSheet(
  store: Store,
  submission: Submission,
  assignment: Assignment,
  sheet: StoredSheet,
  by: StepBy,
): Promise<void> {
  const { round, reviewerId } = sheet;
  await saveSubmission(store, submission, submission, { ...by, action: 'submitSheet', detail: { round, reviewerId } }, [
    {
      Put: {
        TableName: '',
        Item: { ...childKey(submission.id, sheetSk(round, reviewerId)), kind: 'sheet', ...sheet },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: '', Item: assignmentItem({ ...assignment, status: 'submitted' }), ...whileStatus('assigned') } },
  ]).catch(async (error) => {
    if (await childOf(store, submission.id, sheetSk(round, reviewerId)))
      throw new ConflictError(text('您已提交过该评分表。', 'You gave this sheet already.'), 'sheet-exists');
    throw error;
  });
}

/** The writes that reopen a round: its sheets go, and each reviewer who gave one is asked again (the audit trail keeps the old scores). */
export async function reopenRoundWrites(store: Store, submissionId: string, round: string): Promise<TransactItem[]> {
  const writes: TransactItem[] = [];
  for (const item of await childrenOf(store, submissionId, `SHEET#${round}#`, true))
    writes.push({ Delete: { TableName: '', Key: { pk: item.pk, sk: item.sk } } });
  for (const a of await roundAssignments(store, submissionId, round)) {
    if (a.status === 'submitted') writes.push({ Put: { TableName: '', Item: assignmentItem({ ...a, status: 'assigned' }) } });
  }
  return writes;
}
