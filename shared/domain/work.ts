import * as z from 'zod';
import { text, type Text } from './errors.ts';
import { cursor, lazySchema } from './schema.ts';
import type { Submission } from './submissions.ts';

/**
 * Who must act on a piece of open work: an agency (its authority or unit users), the authority of a region (a
 * submission waits for whoever endorses for that region next), or one reviewer (an assignment).
 */
export type WorkOwner = { agencyId: string } | { regionCode: string } | { reviewerId: string };

/** The kinds of open work (issue #20, the officials' workbench), in the order `GET /v1/me/work` lists them. */
export const workKinds = [
  'endorse',
  'assignment',
  'close-round',
  'appeal',
  'objection',
  'filing',
  'task-review',
  'recheck',
  'expiring',
  'rectification',
  'revocation-proposal',
] as const;
/** A kind of open work. */
export type WorkKind = (typeof workKinds)[number];

/** What each kind is called on the workbench (Chinese first). */
export const workLabels: Record<WorkKind, Text> = {
  endorse: text('待推荐的申报', 'Submissions awaiting endorsement'),
  assignment: text('待提交评分表的评审任务', 'Assignments without a sheet'),
  'close-round': text('可结束的评审轮次', 'Rounds ready to close'),
  appeal: text('待处理的申诉', 'Appeals to decide'),
  objection: text('待处理的异议', 'Objections to decide'),
  filing: text('待确认的指导员备案', 'Instructor filings to acknowledge'),
  'task-review': text('待审核的创建任务', 'Tasks reported for review'),
  recheck: text('到期的复检', 'Rechecks due'),
  expiring: text('即将期满且未重新申报的命名', 'Namings expiring without a renewal'),
  rectification: text('待整改的测评结果', 'Rectifications due'),
  'revocation-proposal': text('待决定的撤销命名建议', 'Revocation proposals to decide'),
};

/** One piece of open work: what it is, since when it waits, by when it is due, and where to act on it. */
export interface WorkItem {
  kind: WorkKind;
  /** The record to act on (a submission, a filing, a task …). */
  id: string;
  /** What a person reads: the unit, campaign or plan concerned (Chinese). */
  title: string;
  /** When the work arose (an instant or a date). */
  since: string;
  /** By when it should be done, where a deadline is known (YYYY-MM-DD). */
  due?: string;
  /** The API path of the record to act on. */
  link: string;
}

/** One kind of the caller's open work: how many, the oldest, and the first page. */
export interface WorkKindSummary {
  kind: WorkKind;
  label: string;
  count: number;
  oldest?: string;
  items: WorkItem[];
  /** The next page (`GET /v1/me/work?kind=<kind>&cursor=`) when there are more. */
  cursor?: string;
}

/** The caller's open work by kind: only kinds with something waiting. */
export interface WorkSummary {
  kinds: WorkKindSummary[];
}

/**
 * The owners whose open work a caller sees: an authority its agency's and its region's (endorsements), a reviewer
 * its own assignments, a unit (or anyone else) its agency's.
 */
export function ownersOf(who: { role: string; agencyId?: string; sub: string; region?: string }): WorkOwner[] {
  if (who.role === 'reviewer') return [{ reviewerId: who.sub }];
  const owners: WorkOwner[] = who.agencyId ? [{ agencyId: who.agencyId }] : [];
  if (who.role === 'authority' && who.region) owners.push({ regionCode: who.region });
  return owners;
}

/** The partition of an owner's open work. */
export function workPartition(owner: WorkOwner): string {
  if ('agencyId' in owner) return `WORK#A#${owner.agencyId}`;
  if ('regionCode' in owner) return `WORK#R#${owner.regionCode}`;
  return `WORK#U#${owner.reviewerId}`;
}

/** The sort key of a piece of open work: by kind, then oldest first. */
export function workSk(item: Pick<WorkItem, 'kind' | 'since' | 'id'>): string {
  return `${item.kind}#${item.since}#${item.id}`;
}

/**
 * The open work a submission's own record implies, whoever changed it: while it is submitted, the endorsement due
 * next, for the authority of that region (since the submission or the last endorsement); while an annual evaluation
 * has it rectifying, the rectification, for the unit (due by its last day).
 */
export function submissionWork(
  s: Pick<Submission, 'id' | 'unitId' | 'unitName' | 'state' | 'chain' | 'endorsements' | 'submittedAt' | 'updatedAt' | 'evaluation'>,
): { owner: WorkOwner; item: WorkItem }[] {
  const work: { owner: WorkOwner; item: WorkItem }[] = [];
  const due = s.chain[s.endorsements.length];
  if (s.state === 'submitted' && due)
    work.push({
      owner: { regionCode: due },
      item: {
        kind: 'endorse',
        id: s.id,
        title: `${s.unitName}的申报`,
        since: s.endorsements.at(-1)?.at ?? s.submittedAt ?? s.updatedAt,
        link: `/v1/submissions/${s.id}`,
      },
    });
  // An annual evaluation's rectification: the unit's, until the campaign's authority re-evaluates it.
  if (s.state === 'rectifying' && s.evaluation)
    work.push({
      owner: { agencyId: s.unitId },
      item: {
        kind: 'rectification',
        id: s.id,
        title: `${s.unitName}的测评整改`,
        since: s.evaluation.concludedOn,
        ...(s.evaluation.rectifyBy ? { due: s.evaluation.rectifyBy } : {}),
        link: `/v1/submissions/${s.id}`,
      },
    });
  return work;
}

/** Query of `GET /v1/me/work`: every kind's first page, or with `kind` one kind's next page (`cursor`). */
export const workQuery = lazySchema(() =>
  z.strictObject({
    kind: z.enum(workKinds).optional().describe('one kind only; its next page with the `cursor` that kind answered'),
    cursor,
  }),
);

/** One piece of open work, as `GET /v1/me/work` answers it. */
export const workItemSchema = lazySchema(() =>
  z.object({
    kind: z.enum(workKinds),
    id: z.string().describe('the record to act on: a submission, an objection, a filing, a task, a recheck, a naming'),
    title: z.string().describe('what it concerns, in Chinese'),
    since: z.string().describe('when the work arose (an instant or a date; for an expiring naming its expiry day)'),
    due: z.string().optional().describe('by when it should be done (YYYY-MM-DD), where a deadline is known'),
    link: z.string().describe('the API path of the record or step to act on'),
  }),
);

/** What `GET /v1/me/work` answers. */
export const workSummarySchema = lazySchema(() =>
  z.object({
    kinds: z
      .array(
        z.object({
          kind: z.enum(workKinds),
          label: z.string().describe('the kind in Chinese'),
          count: z.int().min(0).describe('how many of this kind wait'),
          oldest: z.string().optional().describe("the oldest item's `since` (absent on a later page)"),
          items: z.array(workItemSchema).describe('oldest first; the first page holds up to 10'),
          cursor: z.string().optional().describe('the next page: `GET /v1/me/work?kind=<kind>&cursor=<cursor>`'),
        }),
      )
      .describe('only kinds with something waiting, in a fixed order'),
  }),
);
