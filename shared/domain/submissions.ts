import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { ConflictError, ForbiddenError, text as bilingual, says } from './errors.ts';
import { sheetValue, type ScoreResult } from './scoring.ts';
import { text, type UnitType } from './units.ts';
import { ethnicGroups } from './personal.ts';
import type { NamingKind } from './namings.ts';
import type { RankEntry } from './ranking.ts';
import type { Evaluation } from './evaluations.ts';

/** A submission's (申报) states (the campaigns issue; DOMAIN.md rules 8–9). */
export const submissionStates = [
  'draft',
  'submitted',
  'recommended',
  'in-review',
  // Between the rounds of a campaign with a rectification window (整改, seed 004): waiting for what the unit fixes.
  'in-rectification',
  'on-site',
  'scored',
  'final',
  'public-notice',
  'named',
  'not-selected',
  'vetoed',
  'withdrawn',
  'rejected',
  // An annual evaluation's outcomes (issue #19): passed, rectifying until re-evaluated, failed.
  'passed',
  'rectifying',
  'failed',
] as const;
/** A submission's state. */
export type SubmissionState = (typeof submissionStates)[number];

/** Who moves a submission: a signed-in role, or the daily sweep (`system`). */
export type Mover = 'unit' | 'authority' | 'admin' | 'system';

/** What moves a submission. */
export const submissionActions = [
  'submit',
  'endorse',
  'return',
  'withdraw',
  'reject',
  'start-review',
  'next-round',
  'score',
  'veto',
  'reopen',
  'finalize',
  'publish',
  'not-select',
  'name',
  'refill',
  'start-rectification',
  'pass',
  'rectify',
  'fail',
  're-evaluate',
] as const;
/** An action on a submission. */
export type SubmissionAction = (typeof submissionActions)[number];

/** One allowed move. */
export interface Move {
  action: SubmissionAction;
  from: readonly SubmissionState[];
  to: SubmissionState;
  by: readonly Mover[];
}

const authority = ['authority', 'admin'] as const;
const timeDriven = ['authority', 'admin', 'system'] as const;

/**
 * The transition table: every move a submission can make, and who makes it. Anything else is refused with 409
 * (an illegal move) or 403 (a legal move by the wrong party).
 */
export const moves: readonly Move[] = [
  { action: 'submit', from: ['draft'], to: 'submitted', by: ['unit', ...authority] },
  { action: 'endorse', from: ['submitted'], to: 'recommended', by: authority },
  { action: 'return', from: ['submitted'], to: 'draft', by: authority },
  { action: 'withdraw', from: ['draft', 'submitted', 'recommended'], to: 'withdrawn', by: ['unit', ...authority] },
  {
    action: 'reject',
    from: ['submitted', 'recommended', 'in-review', 'in-rectification', 'on-site', 'scored'],
    to: 'rejected',
    by: authority,
  },
  { action: 'start-review', from: ['recommended'], to: 'in-review', by: authority },
  // With a rectification window, the document round closes into it; the on-site round opens with its first assignment.
  { action: 'start-rectification', from: ['in-review'], to: 'in-rectification', by: authority },
  { action: 'next-round', from: ['in-review', 'in-rectification'], to: 'on-site', by: authority },
  { action: 'score', from: ['in-review', 'on-site'], to: 'scored', by: authority },
  { action: 'veto', from: ['in-review', 'on-site'], to: 'vetoed', by: authority },
  { action: 'reopen', from: ['scored', 'vetoed'], to: 'in-review', by: authority },
  { action: 'reopen', from: ['scored', 'vetoed'], to: 'on-site', by: authority },
  { action: 'finalize', from: ['scored'], to: 'final', by: timeDriven },
  { action: 'publish', from: ['final'], to: 'public-notice', by: timeDriven },
  { action: 'not-select', from: ['final', 'public-notice'], to: 'not-selected', by: timeDriven },
  { action: 'name', from: ['public-notice'], to: 'named', by: timeDriven },
  // 递补: a seat freed by an upheld objection goes to the next of the ranking, which then has a public notice of its own.
  { action: 'refill', from: ['not-selected'], to: 'public-notice', by: authority },
  // An annual evaluation concludes with an outcome instead of a naming: the published, and the vetoed and those an
  // upheld objection took out of the notice (both fail), each get one.
  { action: 'pass', from: ['public-notice'], to: 'passed', by: timeDriven },
  { action: 'rectify', from: ['public-notice'], to: 'rectifying', by: timeDriven },
  { action: 'fail', from: ['public-notice', 'vetoed', 'not-selected'], to: 'failed', by: timeDriven },
  // A rectification is closed by the campaign's authority re-evaluating the unit.
  { action: 're-evaluate', from: ['rectifying'], to: 'passed', by: authority },
  { action: 're-evaluate', from: ['rectifying'], to: 'failed', by: authority },
];

/** States a submission never leaves (`not-selected` is left only to fill a freed seat, 递补). */
export const terminalStates: readonly SubmissionState[] = ['named', 'withdrawn', 'rejected', 'passed', 'failed'];

/**
 * States in which a submitted renewal is under way, so the expiry reminders of the naming it renews stay silent. A
 * renewal returned to draft, withdrawn, rejected, vetoed or not selected while the naming is in force lets them
 * resume: the next milestone due is sent (the sweep reads the renewal's state when a milestone falls due).
 */
export const renewalUnderWay: readonly SubmissionState[] = [
  'submitted',
  'recommended',
  'in-review',
  'in-rectification',
  'on-site',
  'scored',
  'final',
  'public-notice',
  'named',
];

/**
 * Checks a move against the table and returns the state it leads to. `to` picks among moves of the same action
 * (reopening leads to the round reopened). Illegal → 409 naming the state; legal but not for this mover → 403.
 */
export function move(from: SubmissionState, action: SubmissionAction, by: Mover, to?: SubmissionState): SubmissionState {
  const candidates = moves.filter((m) => m.action === action && m.from.includes(from) && (to === undefined || m.to === to));
  if (candidates.length === 0)
    throw new ConflictError(
      bilingual(
        `状态为 ${from} 的申报不能执行 ${action}${to ? `（转为 ${to}）` : ''}。`,
        `A submission that is ${from} cannot ${action}${to ? ` to ${to}` : ''}.`,
      ),
      'illegal-transition',
    );
  const allowed = candidates.find((m) => m.by.includes(by));
  if (!allowed)
    throw new ForbiddenError(
      bilingual(
        `只有 ${candidates[0]!.by.join(' 或 ')} 可以对申报执行 ${action}。`,
        `Only ${candidates[0]!.by.join(' or ')} may ${action} a submission.`,
      ),
    );
  return allowed.to;
}

/** Body of `POST /v1/submissions/{id}/transitions`: the moves people make by hand. */
export const transitionBody = lazySchema(() =>
  z.strictObject({
    action: z.enum(['submit', 'endorse', 'return', 'withdraw', 'reject', 'start-review']),
    reason: z.string().trim().min(2).max(2000).optional(),
  }),
);
/** A transition request. */
export type TransitionBody = z.infer<typeof transitionBody>;

/** Body of `POST /v1/submissions/{id}/rectification`: the unit (or an authority for it) declares its rectification done. */
export const rectificationDeclaration = lazySchema(() =>
  z.strictObject({ note: z.string().trim().min(2).max(4000).describe('what was fixed (整改情况)') }),
);

/** A submission's rectification between the rounds (整改, seed 004). */
export interface Rectification {
  /** The last day of the window: after it the on-site round opens whether or not the unit declared. */
  dueOn: string;
  note?: string;
  declaredAt?: string;
  declaredBy?: string;
}

/**
 * Whether the on-site round of a submission in rectification may open on `today`: once its unit declared the
 * rectification done, or once the window's last day has passed.
 */
export function rectificationOver(rectification: Rectification, today: string): boolean {
  return rectification.declaredAt !== undefined || today > rectification.dueOn;
}

/**
 * An advanced individual nominated (先进个人推荐): personal data, seen by the nominating unit, the authorities in scope
 * and the reviewers assigned; the public registry shows the name and the work unit only; the logs never show it.
 */
export const nomineeSchema = lazySchema(() =>
  z.strictObject({
    name: text(50).describe('姓名'),
    gender: z.enum(['female', 'male']).describe('性别'),
    ethnicity: z.enum(ethnicGroups).describe('民族'),
    workUnit: text(200).describe('工作单位'),
    position: text(100).describe('职务'),
    deeds: text(4000).describe('主要事迹'),
  }),
);
/** An individual as nominated. */
export type Nominee = z.infer<typeof nomineeSchema>;

/** A nominee after erasure: the name and the work unit (the honour stays public), and when and why the rest went. */
export interface ErasedNominee {
  name: string;
  workUnit: string;
  erased: { on: string; by: string; reason: string };
}

/** Body of `POST /v1/campaigns/{id}/submissions`. */
export const submissionCreate = lazySchema(() =>
  z.strictObject({
    unitId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("the applying unit (for an individual, the nominating unit); a unit user's own unit by default"),
    nominee: nomineeSchema.optional().describe('the individual nominated: required by a campaign naming individuals, refused by others'),
  }),
);
/** A submission request. */
export type SubmissionCreate = z.infer<typeof submissionCreate>;

/** Body of `POST /v1/admin/submissions/{id}/erasure`: why an individual's personal data is erased. */
export const erasureBody = lazySchema(() =>
  z.strictObject({ reason: z.string().trim().min(2, says('须说明理由', 'a reason is required')).max(1000) }),
);

/**
 * Whether an individual's personal data may be erased on `today`: once the honour's term is over (its naming expired,
 * was revoked or superseded, or the term's last day has passed), or, never named, once the nomination ended
 * (withdrawn, rejected, not selected, vetoed or returned at a concluded campaign). Before, the record is still needed
 * to manage the honour (rechecks, objections, revocation).
 */
export function erasableOn(
  submission: Pick<Submission, 'state'>,
  naming: { status: string; expiresOn: string } | undefined,
  campaignConcluded: boolean,
  today: string,
): boolean {
  if (naming) return naming.status !== 'active' || today > naming.expiresOn;
  return ['withdrawn', 'rejected', 'not-selected', 'vetoed'].includes(submission.state) || campaignConcluded;
}

/** Body of `PUT /v1/submissions/{id}/self-assessment` and of `PUT .../sheets/mine`: values in the score-preview sheet format. */
export const sheetBody = lazySchema(() => z.strictObject({ values: z.record(z.string().max(32), sheetValue) }));
/** A sheet's values. */
export type SheetBody = z.infer<typeof sheetBody>;

/** Query of `GET /v1/campaigns/{id}/submissions`. */
export const submissionListQuery = lazySchema(() => z.strictObject({ state: z.enum(submissionStates).optional(), limit, cursor }));

/** Why a reviewer may decline an assignment. */
export const declineBody = lazySchema(() =>
  z.strictObject({ reason: z.enum(['conflict', 'unavailable']), note: z.string().trim().max(1000).optional() }),
);

/** Body of `POST .../assignments`. */
export const assignmentCreate = lazySchema(() => z.strictObject({ reviewerId: z.string().min(1).max(100) }));

/** Body of `PUT /v1/reviewers/{id}`: one expert of the reviewer pool (专家库). */
export const reviewerPut = lazySchema(() =>
  z.strictObject({
    name: text(100),
    agencyId: z.string().min(1).max(100).describe('the agency the reviewer works for'),
    regionCode: z
      .string()
      .regex(/^\d{6}$/)
      .describe('where the reviewer sits'),
    email: z.email().max(254).optional(),
  }),
);
/** A reviewer as stored. */
export interface Reviewer extends z.infer<typeof reviewerPut> {
  id: string;
  /** Units the reviewer declared a conflict with. */
  conflicts: string[];
  version: number;
  updatedAt: string;
}

/** Body of `POST /v1/reviewers/{id}/conflicts`. */
export const conflictDeclaration = lazySchema(() =>
  z.strictObject({ unitId: z.string().min(1).max(100), note: z.string().trim().max(1000).optional() }),
);

/** Why a reviewer cannot review a unit, if they cannot. */
export type ConflictReason = 'own-unit' | 'supervising-authority' | 'same-county' | 'declared';

/**
 * The conflict of interest between a reviewer and a unit, if any: the reviewer works for the unit itself or for
 * its supervising authority, sits in the unit's county, or declared a conflict with it.
 */
export function conflictOf(
  reviewer: Pick<Reviewer, 'agencyId' | 'regionCode' | 'conflicts'>,
  unit: { id: string; authorityId?: string; regionCode: string },
): ConflictReason | undefined {
  if (reviewer.agencyId === unit.id) return 'own-unit';
  if (unit.authorityId && reviewer.agencyId === unit.authorityId) return 'supervising-authority';
  if (reviewer.regionCode === unit.regionCode) return 'same-county';
  if (reviewer.conflicts.includes(unit.id)) return 'declared';
  return undefined;
}

/** Body of `POST /v1/submissions/{id}/appeals`: once, during the appeal window, naming the round contested. */
export const appealCreate = lazySchema(() =>
  z.strictObject({
    reason: z.string().trim().min(2).max(4000),
    round: z.string().max(32).describe('the round whose scores are contested'),
    evidenceIds: z.array(z.string().max(100)).max(20).default([]),
  }),
);

/** Body of an authority's decision on an appeal or an objection. */
export const decisionBody = lazySchema(() =>
  z.strictObject({ decision: z.enum(['uphold', 'dismiss']), reason: z.string().trim().min(2).max(4000) }),
);
/** A decision. */
export type Decision = z.infer<typeof decisionBody>;

/** Body of `POST /v1/submissions/{id}/objections` (公示 objections, by anyone signed in). */
export const objectionCreate = lazySchema(() => z.strictObject({ reason: z.string().trim().min(2).max(4000) }));

/** File types accepted as evidence (台账资料). */
export const evidenceTypes = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

/** Largest evidence file: 50 MB. */
export const maxEvidenceBytes = 50 * 1024 * 1024;

/** Body of `POST /v1/submissions/{id}/evidence`. */
export const evidenceCreate = lazySchema(() =>
  z.strictObject({
    fileName: z.string().trim().min(1).max(200),
    contentType: z.enum(
      Object.keys(evidenceTypes) as [keyof typeof evidenceTypes, ...(keyof typeof evidenceTypes)[]],
      says('须为 pdf、jpg、png、docx 或 xlsx 文件', 'must be a pdf, jpg, png, docx or xlsx file'),
    ),
    size: z.int().min(1).max(maxEvidenceBytes, says('不得超过 50 MB', 'must be at most 50 MB')),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, says('须为文件的 SHA-256（小写十六进制）', "must be the file's SHA-256 in lower-case hex")),
  }),
);
/** An evidence upload request. */
export type EvidenceCreate = z.infer<typeof evidenceCreate>;

/** An endorsement on the way up (DOMAIN.md rule 9). */
export interface Endorsement {
  regionCode: string;
  agencyId: string;
  by: string;
  at: string;
}

/** A submission (申报). */
export interface Submission {
  id: string;
  campaignId: string;
  unitId: string;
  unitName: string;
  unitType: UnitType;
  regionCode: string;
  /** What the campaign names (absent on submissions stored before honours had kinds: a unit or, for a zone, a 示范区). */
  honour?: NamingKind;
  /** An advanced individual's nomination: the person (the unit is the nominating unit); erased to name and work unit on request. */
  nominee?: Nominee | ErasedNominee;
  /** The unit's supervising authority (a reviewer from it is in conflict). */
  unitAuthorityId?: string;
  grassroots: boolean;
  state: SubmissionState;
  /** Region codes whose authorities recommend it upward, in order; `endorsements` holds those given so far. */
  chain: string[];
  endorsements: Endorsement[];
  returnReason?: string;
  rejectReason?: string;
  selfAssessment?: { values: Record<string, unknown>; score: number; result: ScoreResult; at: string };
  /** The round open for sheets, while one is. */
  openRound?: string;
  closedRounds: string[];
  /** The breakdown, rounded as shown; `exactFinal` and `exactLastRound` keep full precision for ranking. */
  result?: ScoreResult & {
    /** In a campaign that visits key units only: whether this one had the on-site round (not-selected: scored on the document round alone). */
    onSite?: 'selected' | 'not-selected';
  };
  exactFinal?: number;
  exactLastRound?: number;
  ranking?: Omit<RankEntry, 'id'>;
  appeal?: { id: string; status: 'pending' | 'upheld' | 'dismissed'; round: string };
  openObjections: number;
  /** A submission moved up to fill a seat freed during the public notice (递补): its own notice's last day. */
  refill?: { on: string; noticeEndsOn: string };
  /** Its rectification between the rounds (整改): the window's last day, and once the unit declared it done, what it fixed. */
  rectification?: Rectification;
  namingId?: string;
  /** An annual evaluation's outcome, once the campaign concluded (issue #19). */
  evaluation?: Evaluation;
  recipients: string[];
  submittedAt?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** How an appeal or an objection was decided, once it is. */
export interface Decided {
  status: 'pending' | 'upheld' | 'dismissed';
  /** The reason given with the decision. */
  decision?: string;
  decidedAt?: string;
  decidedBy?: string;
}

/** A unit's one appeal (申诉) of a submission's score in a round, with the confirmed evidence it rests on. */
export interface Appeal extends Decided {
  id: string;
  reason: string;
  round: string;
  evidenceIds: string[];
  lodgedAt: string;
  lodgedBy: string;
}

/** An objection (异议) lodged during the public notice, by anyone signed in. */
export interface Objection extends Decided {
  id: string;
  reason: string;
  lodgedAt: string;
  lodgedBy: string;
  lodgedByRole: string;
}

/** A reviewer's assignment to one round of one submission. */
export interface Assignment {
  submissionId: string;
  campaignId: string;
  unitName: string;
  round: string;
  reviewerId: string;
  status: 'assigned' | 'declined' | 'submitted';
  declineReason?: 'conflict' | 'unavailable';
  declineNote?: string;
  assignedAt: string;
  assignedBy: string;
}

/**
 * The results a growth indicator compares with: the unit's submissions created before `before` that hold a result,
 * in the order given (newest first when listed so). A nomination (先进个人) is scored on a person's deeds, not the unit's
 * work: it is no earlier value of the unit.
 */
export function earlierEvaluations(
  submissions: readonly Pick<Submission, 'id' | 'createdAt' | 'nominee' | 'result'>[],
  before: Pick<Submission, 'id' | 'createdAt'>,
): ScoreResult[] {
  return submissions.flatMap((s) =>
    s.id !== before.id && s.createdAt < before.createdAt && s.nominee === undefined && s.result ? [s.result] : [],
  );
}
