import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nextMilestone, overdueStep, type AgendaStep } from '../domain/agenda.ts';
import { leaveAgenda } from './agenda.ts';
import { ConflictError, NotFoundError, text } from '../domain/errors.ts';
import type { RevocationProposal } from '../domain/evaluations.ts';
import type { Naming } from '../domain/namings.ts';
import { checkIfMatch, type IfMatch } from '../domain/preconditions.ts';
import { deadlineMilestones } from '../domain/rechecks.ts';
import type { Submission } from '../domain/submissions.ts';
import type { NoticeMessage } from '../notices/notice.ts';
import { auditItem, type Actor, type AuditEntry } from './audit.ts';
import { facetWrites, getNaming, namingItem, revocationProposalWork } from './namings.ts';
import { indexedWork, workWrites } from './work.ts';
import { isConditionFailure, versionedWrite, type Store, type TransactItem } from './store.ts';

/*
 * Annual-evaluation outcomes (issue #19), beside the submission they belong to:
 * - a rectification deadline: pk=SUB#<submissionId>, sk=EVALUATION#RECTIFICATION; due milestones on index agenda,
 *   agendaKind=evaluation-rectification, agendaDue <= today (14 and 3 days before, then overdue, as rechecks')
 * - an outcome notice not yet known to be queued: pk=SUB#<submissionId>, sk=EVALUATION#NOTICE#<notice id>; index agenda,
 *   agendaKind=evaluation-notice, due the day it was made (the sweep queues it, the notifier sends an id once)
 * - a revocation proposed to a naming's issuer: the naming's `revocationProposal`, written in the submission's step
 */

/** The agenda kind of a rectification's deadline. */
export const rectificationKind = 'evaluation-rectification';
/** The agenda kind of an outcome notice waiting to be queued. */
export const outcomeNoticeKind = 'evaluation-notice';

/** A rectification after an annual evaluation, as its agenda item holds it: what its reminders need. */
export interface Rectification {
  submissionId: string;
  campaignId: string;
  campaignName: string;
  unitName: string;
  rectifyBy: string;
  status: 'rectifying' | 'overdue' | 'closed';
  recipients: string[];
  /** The campaign's authority: its notices and costs are attributed to it. */
  issuedBy: string;
  /** The unit's supervising authority, copied in its reminders. */
  supervisorId?: string;
}

const rectificationKey = (submissionId: string) => ({ pk: `SUB#${submissionId}`, sk: 'EVALUATION#RECTIFICATION' });

/** A rectification from its stored item. */
export function rectificationFromItem(item: Record<string, unknown>): Rectification {
  const { submissionId, campaignId, campaignName, unitName, rectifyBy, status, recipients, issuedBy, supervisorId } =
    item as unknown as Rectification;
  return {
    submissionId,
    campaignId,
    campaignName,
    unitName,
    rectifyBy,
    status,
    recipients,
    issuedBy,
    ...(supervisorId ? { supervisorId } : {}),
  };
}

/** The put of a new rectification with its first milestone on the agenda, for the submission's transaction. */
export function rectificationPut(rectification: Omit<Rectification, 'status'>, today: string): TransactItem {
  const milestone = nextMilestone(rectification.rectifyBy, deadlineMilestones, today);
  return {
    Put: {
      TableName: '',
      Item: {
        ...rectificationKey(rectification.submissionId),
        kind: 'rectification',
        ...rectification,
        status: 'rectifying',
        ...(milestone ? { agendaKind: rectificationKind, agendaDue: milestone.date, agendaMilestone: milestone.daysBefore } : {}),
      },
    },
  };
}

/** Closes a rectification (a re-evaluation decided it): off the agenda, for the submission's transaction. */
export function rectificationClosed(submissionId: string, now: string): TransactItem {
  return {
    Update: {
      TableName: '',
      Key: rectificationKey(submissionId),
      UpdateExpression: 'SET #status = :closed, closedAt = :now REMOVE agendaKind, agendaDue, agendaMilestone',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':closed': 'closed', ':now': now },
    },
  };
}

/**
 * Moves a rectification's deadline past the milestone just notified, if it still stands at `stored` and is still
 * open; the overdue milestone marks it overdue (the re-evaluation still closes it). Returns whether this call moved it.
 */
export async function advanceRectification(
  store: Store,
  submissionId: string,
  { stored, acted, next }: AgendaStep,
  now: string,
): Promise<boolean> {
  const overdue = acted === overdueStep;
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: rectificationKey(submissionId),
        UpdateExpression: `SET updatedAt = :now${overdue ? ', #status = :overdue' : ''}${next ? ', agendaDue = :due, agendaMilestone = :next' : ' REMOVE agendaKind, agendaDue, agendaMilestone'}`,
        ConditionExpression: 'agendaKind = :kind AND agendaMilestone = :stored AND #status = :live',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now,
          ':kind': rectificationKind,
          ':stored': stored,
          ':live': 'rectifying',
          ...(overdue ? { ':overdue': 'overdue' } : {}),
          ...(next ? { ':due': next.date, ':next': next.daysBefore } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The put of a notice that rides on the agenda (due today) until a sweep has queued it, for the transaction of the
 * step that makes it: so it is sent even when queuing it right away fails, and once (its id is deterministic).
 */
export function pendingNoticePut(pending: PendingNotice, today: string): TransactItem {
  const { notice } = pending;
  return {
    Put: {
      TableName: '',
      Item: {
        ...pendingNoticeKey(pending),
        kind: 'pending-notice',
        message: notice,
        issuedBy: notice.agencyId,
        agendaKind: outcomeNoticeKind,
        agendaDue: today,
        agendaMilestone: 0,
      },
    },
  };
}

/** A notice of a step on a submission that rides the agenda until it is queued. */
export interface PendingNotice {
  submissionId: string;
  notice: NoticeMessage;
}

const pendingNoticeKey = ({ submissionId, notice }: PendingNotice) => ({ pk: `SUB#${submissionId}`, sk: `EVALUATION#NOTICE#${notice.id}` });

/** The notice an agenda item holds, and which submission it rides with. */
export function pendingNoticeFromItem(item: Record<string, unknown>): PendingNotice {
  return { submissionId: String(item.pk).slice('SUB#'.length), notice: item.message as NoticeMessage };
}

/** Takes a notice off the agenda once it was queued (by the step itself, or a sweep). Returns whether this call did. */
export async function pendingNoticeQueued(store: Store, pending: PendingNotice): Promise<boolean> {
  return leaveAgenda(store, pendingNoticeKey(pending), outcomeNoticeKind);
}

/** An audit entry with what the step decided beside before → after. */
const withDetail = (entry: AuditEntry, detail: unknown): AuditEntry => Object.assign(entry, { detail });

/**
 * The writes that propose revoking a naming (its next version, its audit entry and facets), for the transaction of
 * the submission's step; refused with the rest if the naming changed since it was read.
 */
export function proposalWrites(before: Naming, proposal: RevocationProposal, actor: Actor, now: string): TransactItem[] {
  const after: Naming = { ...before, revocationProposal: proposal, version: before.version + 1, updatedAt: now };
  const item = namingItem(after);
  return [
    {
      Put: {
        TableName: '',
        Item: item,
        ConditionExpression: 'version = :expected AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':expected': before.version, ':active': 'active' },
      },
    },
    {
      Put: {
        TableName: '',
        Item: auditItem(String(item.pk), withDetail({ actor, at: now, action: 'proposeRevocation', before, after }, proposal)),
      },
    },
    ...facetWrites(after),
    ...workWrites({ arise: [revocationProposalWork(after)] }),
  ];
}

/** Refuses a decision on a naming that has no revocation proposed (409). */
export function requireProposal(naming: Naming): RevocationProposal {
  if (!naming.revocationProposal)
    throw new ConflictError(
      text(`命名 ${naming.certificateNo} 没有待决定的撤销建议。`, `No revocation is proposed for naming ${naming.certificateNo}.`),
      'no-revocation-proposal',
    );
  return naming.revocationProposal;
}

/**
 * Keeps a naming whose revocation was proposed: the proposal is cleared, with the reason in the audit entry, and any
 * other items of the decision (the submission's record), all or nothing; `ifMatch` as for any versioned write.
 */
export async function keepNaming(
  store: Store,
  id: string,
  reason: string,
  actor: Actor,
  now: string,
  alongside: TransactItem[] = [],
  ifMatch?: IfMatch,
): Promise<Naming> {
  const before = await getNaming(store, id, true);
  if (!before) throw new NotFoundError(text(`未找到命名 ${id}。`, `No naming ${id}.`));
  checkIfMatch(ifMatch, before.version);
  requireProposal(before);
  const after: Naming = { ...before, version: before.version + 1, updatedAt: now };
  delete after.revocationProposal;
  const item = namingItem(after);
  await versionedWrite(store, {
    item,
    expectedVersion: before.version,
    audit: auditItem(String(item.pk), withDetail({ actor, at: now, action: 'keepNaming', before, after }, { reason })),
    extra: [...facetWrites(after), ...alongside, ...workWrites({ done: await indexedWork(store, [revocationProposalWork(before)]) })],
    current: () => getNaming(store, id, true),
  });
  return after;
}

/** The submission's record of the issuer's decision on the revocation its evaluation proposed. */
export function decidedEvaluation(submission: Submission, decision: 'revoke' | 'keep', by: string, today: string): Submission {
  const evaluation = submission.evaluation!;
  return { ...submission, evaluation: { ...evaluation, proposal: { ...evaluation.proposal!, decision, decidedOn: today, decidedBy: by } } };
}
