import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { text, type FieldProblem } from './errors.ts';
import { addDays } from './time.ts';

/*
 * Annual evaluation (年度测评) outcomes (issue #19): an `annual-evaluation` campaign grades each named unit it scored
 * against two bands instead of naming anyone. At or above the pass band it passes; between the rectify band and the
 * pass band it rectifies (整改, DOMAIN.md rule 14) by a date and is evaluated again; below the rectify band, or vetoed,
 * it fails, and revoking its naming is proposed to the naming's issuer, who decides (DOMAIN.md rule 15).
 */

/** Days a unit has to rectify when the campaign names none. */
export const defaultRectifyDays = 90;

/** The bands of an annual evaluation: the final score needed to pass, and to rectify rather than fail. */
export const evaluationBands = lazySchema(() =>
  z
    .strictObject({
      passed: z.number().min(0).max(200).describe('a final score at or above it passes'),
      rectify: z.number().min(0).max(200).describe('at or above it, below the pass band, the unit rectifies; below it fails'),
      rectifyDays: z
        .int()
        .min(1)
        .max(365)
        .default(defaultRectifyDays)
        .describe('days from the conclusion by which a unit rectifies (default 90)'),
    })
    .describe('an annual evaluation only: the pass band and the rectify band below it'),
);

/** The bands of an annual evaluation. */
export type EvaluationBands = z.infer<typeof evaluationBands>;

/** What an annual evaluation concludes for one unit. */
export const evaluationOutcomes = ['passed', 'rectify', 'failed'] as const;
/** An evaluation's outcome. */
export type EvaluationOutcome = (typeof evaluationOutcomes)[number];

/**
 * The outcome of a final score: ≥ passed → passed; rectify ≤ final < passed → rectify; below rectify, or vetoed →
 * failed. `final` is the score as shown to the unit (rounded), so what it reads is what decides.
 */
export function outcomeOf(final: number, vetoed: boolean, bands: Pick<EvaluationBands, 'passed' | 'rectify'>): EvaluationOutcome {
  if (vetoed) return 'failed';
  if (final >= bands.passed) return 'passed';
  if (final >= bands.rectify) return 'rectify';
  return 'failed';
}

/** What is wrong with a campaign's bands against its kind: required for an annual evaluation, refused otherwise. */
export function bandProblems(kind: string, bands: Pick<EvaluationBands, 'passed' | 'rectify'> | undefined): FieldProblem[] {
  if (kind !== 'annual-evaluation')
    return bands ? [{ pointer: '/bands', detail: text('只有年度测评才设评定档次', 'only an annual evaluation has bands') }] : [];
  if (!bands)
    return [
      {
        pointer: '/bands',
        detail: text('年度测评须设评定档次（passed、rectify）', 'an annual evaluation needs its bands (passed, rectify)'),
      },
    ];
  if (bands.rectify >= bands.passed)
    return [
      {
        pointer: '/bands/rectify',
        detail: text(
          `整改档（${bands.rectify}）须低于合格档（${bands.passed}）`,
          `a rectify band above the pass band: rectify (${bands.rectify}) must be below passed (${bands.passed})`,
        ),
      },
    ];
  return [];
}

/** The submission state each outcome leads to, and the action of the transition table that moves it there. */
export const outcomeMoves = {
  passed: { action: 'pass', state: 'passed' },
  rectify: { action: 'rectify', state: 'rectifying' },
  failed: { action: 'fail', state: 'failed' },
} as const;

/** The last day to rectify: the conclusion date plus the campaign's rectify days. */
export function rectifyByOf(concludedOn: string, bands: Pick<EvaluationBands, 'rectifyDays'>): string {
  return addDays(concludedOn, bands.rectifyDays ?? defaultRectifyDays);
}

/** What became of the revocation proposed for a failed unit's naming. */
export interface ProposalRecord {
  namingId: string;
  certificateNo: string;
  /** Absent while the issuer has not decided. */
  decision?: 'revoke' | 'keep';
  decidedOn?: string;
  decidedBy?: string;
}

/** A submission's annual-evaluation record (`Submission.evaluation`). */
export interface Evaluation {
  /** The outcome the campaign concluded. */
  outcome: EvaluationOutcome;
  /** The final score it was judged on (as shown), absent when vetoed. */
  final?: number;
  vetoed?: boolean;
  /** An objection upheld during the public notice fails the result. */
  objectionUpheld?: boolean;
  concludedOn: string;
  /** A rectification: the last day to rectify. */
  rectifyBy?: string;
  /** A rectification closed by a re-evaluation: its outcome, the day and who, and the note. */
  reEvaluation?: { outcome: 'passed' | 'failed'; on: string; by: string; note: string };
  /** The day the rectification was closed (re-evaluated). */
  closedOn?: string;
  /** A failed unit with an active naming at the campaign's level: the revocation proposed to its issuer. */
  proposal?: ProposalRecord;
}

/** Body of `POST /v1/submissions/{id}/re-evaluation`: closes a rectification. */
export const reEvaluationBody = lazySchema(() =>
  z.strictObject({
    outcome: z.enum(['passed', 'failed']),
    note: z.string().trim().min(2).max(2000).describe('what the re-evaluation found'),
  }),
);
/** A re-evaluation. */
export type ReEvaluation = z.infer<typeof reEvaluationBody>;

/** Body of `POST /v1/namings/{id}/revocation-proposal/decision`: the issuer revokes or keeps the naming. */
export const proposalDecisionBody = lazySchema(() =>
  z.strictObject({ decision: z.enum(['revoke', 'keep']), reason: z.string().trim().min(2).max(1000) }),
);
/** A decision on a revocation proposal. */
export type ProposalDecision = z.infer<typeof proposalDecisionBody>;

/** A revocation proposed to a naming's issuer after a failed annual evaluation (`Naming.revocationProposal`). */
export interface RevocationProposal {
  submissionId: string;
  campaignId: string;
  proposedOn: string;
  /** The campaign's authority, whose evaluation failed the unit. */
  proposedBy: string;
}
