import { ConflictError, text } from '../domain/errors.ts';
import type { Assignment, Submission } from '../domain/submissions.ts';
import { conflictUpdate } from './reviewers.ts';
import type { Store, TransactItem } from './store.ts';
import type { WorkItem, WorkOwner } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';
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

/** The open work an assignment without a sheet is, for its reviewer. */
export function assignmentWork(a: Assignment): { owner: WorkOwner; item: WorkItem } {
  return {
    owner: { reviewerId: a.reviewerId },
    item: {
      kind: 'assignment',
      id: a.submissionId,
      title: `${a.unitName} 第 ${a.round} 轮评审`,
      since: a.assignedAt,
      link: `/v1/submissions/${a.submissionId}/rounds/${a.round}/sheets/mine`,
    },
  };
}

/**
 * The open work a round is once every reviewer not declining gave a sheet: closing it, for the campaign's authority,
 * since the last sheet came in (so the step that closes it finds the same key again).
 */
export function roundReadyWork(
  submission: Pick<Submission, 'id' | 'unitName'>,
  round: string,
  authorityId: string,
  since: string,
): { owner: WorkOwner; item: WorkItem } {
  return {
    owner: { agencyId: authorityId },
    item: {
      kind: 'close-round',
      id: submission.id,
      title: `${submission.unitName} 第 ${round} 轮评审`,
      since,
      link: `/v1/submissions/${submission.id}/rounds/${round}/close`,
    },
  };
}

/** When the last sheet of a round came in, if any did (read consistently): the `since` of the round's closing work. */
export async function lastSheetAt(store: Store, submissionId: string, round: string): Promise<string | undefined> {
  const at = (await childrenOf(store, submissionId, `SHEET#${round}#`, true)).map((s) => String(s.submittedAt));
  return at.sort().at(-1);
}

/**
 * The open-work writes of a round whose assignments are now `after`: closing it arises for the campaign's authority
 * when every reviewer not declining has given a sheet (and someone has), since the last sheet.
 */
async function roundReadyWrites(
  store: Store,
  submission: Submission,
  round: string,
  after: readonly Assignment[],
  authorityId: string,
  lastSheet: string | undefined,
): Promise<{ owner: WorkOwner; item: WorkItem }[]> {
  const active = after.filter((a) => a.status !== 'declined');
  const ready = active.length > 0 && active.every((a) => a.status === 'submitted') && submission.openRound === round;
  const since = lastSheet ?? (await lastSheetAt(store, submission.id, round));
  return ready && since ? [roundReadyWork(submission, round, authorityId, since)] : [];
}

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
    [
      { Put: { TableName: '', Item: assignmentItem(assignment), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...workWrites({ arise: [assignmentWork(assignment)] }),
    ],
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

/**
 * Records that a reviewer declined an assignment still open; a declared conflict is remembered on the reviewer in the
 * same transaction. The reviewer's open work goes; if the others all gave their sheets, closing the round arises for
 * the campaign's authority (`authorityId`).
 */
export async function declineAssignment(
  store: Store,
  submission: Submission,
  declined: Assignment,
  by: StepBy,
  authorityId: string,
): Promise<void> {
  const { round, reviewerId, declineReason: reason } = declined;
  const after = (await roundAssignments(store, submission.id, round)).map((a) => (a.reviewerId === reviewerId ? declined : a));
  const ready = await roundReadyWrites(store, submission, round, after, authorityId, undefined);
  await saveSubmission(store, submission, submission, { ...by, action: 'declineAssignment', detail: { round, reviewerId, reason } }, [
    { Put: { TableName: '', Item: assignmentItem(declined), ...whileStatus('assigned') } },
    ...workWrites({ done: await indexedWork(store, [assignmentWork(declined)]), arise: ready }),
    // So the unit is never offered to this reviewer again.
    ...(reason === 'conflict' ? [conflictUpdate(reviewerId, submission.unitId, by.at)] : []),
  ]);
}

/**
 * Stores a reviewer's one sheet for a round and marks its assignment submitted; a second sheet → 409. The reviewer's
 * open work goes; with the round's last sheet, closing it arises for the campaign's authority (`authorityId`).
 */
export async function submitSheet(
  store: Store,
  submission: Submission,
  assignment: Assignment,
  sheet: StoredSheet,
  by: StepBy,
  authorityId: string,
): Promise<void> {
  const { round, reviewerId } = sheet;
  const after = (await roundAssignments(store, submission.id, round)).map((a) =>
    a.reviewerId === reviewerId ? { ...a, status: 'submitted' as const } : a,
  );
  const ready = await roundReadyWrites(store, submission, round, after, authorityId, sheet.submittedAt);
  await saveSubmission(store, submission, submission, { ...by, action: 'submitSheet', detail: { round, reviewerId } }, [
    {
      Put: {
        TableName: '',
        Item: { ...childKey(submission.id, sheetSk(round, reviewerId)), kind: 'sheet', ...sheet },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: '', Item: assignmentItem({ ...assignment, status: 'submitted' }), ...whileStatus('assigned') } },
    ...workWrites({ done: await indexedWork(store, [assignmentWork(assignment)]), arise: ready }),
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
  const again = (await roundAssignments(store, submissionId, round)).filter((a) => a.status === 'submitted');
  for (const a of again) writes.push({ Put: { TableName: '', Item: assignmentItem({ ...a, status: 'assigned' }) } });
  // Each reviewer asked again has open work again.
  return [...writes, ...workWrites({ arise: again.map(assignmentWork) })];
}

/**
 * The assignments of these submissions (a campaign's progress): one Query of each submission's partition
 * (sk ASSIGN#), ten at a time.
 */
export async function assignmentsOf(store: Store, submissionIds: readonly string[]): Promise<Assignment[]> {
  const found: Assignment[] = [];
  for (let i = 0; i < submissionIds.length; i += 10) {
    const pages = await Promise.all(submissionIds.slice(i, i + 10).map((id) => childrenOf(store, id, 'ASSIGN#')));
    for (const items of pages) found.push(...items.map(assignmentFromItem));
  }
  return found;
}
