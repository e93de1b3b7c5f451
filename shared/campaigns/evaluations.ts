import type { Campaign } from '../domain/campaigns.ts';
import {
  defaultRectifyDays,
  outcomeMoves,
  outcomeOf,
  rectifyByOf,
  type EvaluationBands,
  type Evaluation,
  type ReEvaluation,
} from '../domain/evaluations.ts';
import { move, type Mover, type Submission } from '../domain/submissions.ts';
import type { Actor } from '../data/audit.ts';
import { getAuthorities } from '../data/authorities.ts';
import { pendingNoticePut, proposalWrites, rectificationClosed, rectificationPut, type PendingNotice } from '../data/evaluations.ts';
import { activeNamingOf } from '../data/namings.ts';
import type { Store, TransactItem } from '../data/store.ts';
import { saveSubmission } from '../data/submissions.ts';
import { agencyAddresses } from '../notices/audience.ts';
import { noticeFor } from '../notices/envelopes.ts';
import type { NoticeMessage } from '../notices/notice.ts';

/*
 * Annual-evaluation outcomes (issue #19). Each scored submission of an `annual-evaluation` campaign gets an outcome
 * at the campaign's conclusion instead of a naming: the quota and the grassroots share exclude no one (the ranking
 * fills as many seats as there are entries, and the end of the appeal window publishes every scored submission,
 * never `not-selected`), the bands decide. Each step writes the submission, its agenda items (a rectification's
 * deadline, its notices) and a revocation proposal on the unit's naming in one transaction.
 */

/** The bands of an annual evaluation; one stored before bands existed passes at its pass mark and has no rectify band. */
export function bandsOf(campaign: Campaign): EvaluationBands {
  return campaign.bands ?? { passed: campaign.passMark, rectify: campaign.passMark, rectifyDays: defaultRectifyDays };
}

/** What a step on an evaluated submission wrote, and the notices to queue now (they also ride the agenda). */
export interface Settled {
  saved: Submission;
  notices: PendingNotice[];
}

/**
 * A failed unit's naming at the campaign's level, if it holds one in force with no revocation already proposed: the
 * revocation is proposed to its issuer (in the step's transaction), who is told. A unit without one keeps its outcome
 * and nothing is proposed.
 */
async function propose(
  store: Store,
  campaign: Campaign,
  submission: Submission,
  actor: Actor,
  today: string,
  now: string,
): Promise<{ proposal?: Evaluation['proposal']; writes: TransactItem[]; notice?: NoticeMessage }> {
  const naming = await activeNamingOf(store, submission.unitId, campaign.level);
  if (!naming || naming.revocationProposal) return { writes: [] };
  const proposal = { submissionId: submission.id, campaignId: campaign.id, proposedOn: today, proposedBy: campaign.authorityId };
  const directory = await getAuthorities(store, [naming.issuer.agencyId]);
  const notice = noticeFor(
    { kind: 'revocation-proposal', naming, campaign, submissionId: submission.id },
    agencyAddresses(directory, naming.issuer.agencyId),
  );
  return {
    proposal: { namingId: naming.id, certificateNo: naming.certificateNo },
    writes: proposalWrites(naming, proposal, actor, now),
    notice,
  };
}

/** Writes a step with its notices: each rides the agenda in the same transaction until a sweep has queued it. */
async function write(
  store: Store,
  before: Submission,
  next: Submission,
  audit: { actor: Actor; action: string; at: string; detail?: unknown },
  writes: TransactItem[],
  notices: (NoticeMessage | undefined)[],
  today: string,
): Promise<Settled> {
  const queued = notices.filter((n): n is NoticeMessage => n !== undefined).map((notice) => ({ submissionId: before.id, notice }));
  const extra = [...writes, ...queued.map((n) => pendingNoticePut(n, today))];
  const saved = await saveSubmission(store, before, next, audit, extra);
  return { saved, notices: queued };
}

/**
 * The conclusion of an annual evaluation for one submission: published (in public notice), vetoed, or taken out of
 * the notice by an upheld objection (both fail). Its outcome by the bands, its rectification deadline on the agenda,
 * or the revocation proposed; the unit is told.
 */
export async function concludeEvaluation(
  store: Store,
  campaign: Campaign,
  submission: Submission,
  actor: Actor,
  by: Mover,
  today: string,
  now: string,
): Promise<Settled> {
  const bands = bandsOf(campaign);
  const vetoed = submission.state === 'vetoed';
  const objectionUpheld = submission.state === 'not-selected';
  const final = submission.result?.final;
  const outcome = objectionUpheld ? 'failed' : outcomeOf(final ?? 0, vetoed, bands);
  const { action } = outcomeMoves[outcome];
  const evaluation: Evaluation = {
    outcome,
    ...(final !== undefined && !vetoed ? { final } : {}),
    ...(vetoed ? { vetoed } : {}),
    ...(objectionUpheld ? { objectionUpheld } : {}),
    concludedOn: today,
    ...(outcome === 'rectify' ? { rectifyBy: rectifyByOf(today, bands) } : {}),
  };
  const writes: TransactItem[] = [];
  let proposalNotice: NoticeMessage | undefined;
  if (outcome === 'failed') {
    const proposed = await propose(store, campaign, submission, actor, today, now);
    if (proposed.proposal) evaluation.proposal = proposed.proposal;
    writes.push(...proposed.writes);
    proposalNotice = proposed.notice;
  }
  const next: Submission = { ...submission, state: move(submission.state, action, by), evaluation };
  if (outcome === 'rectify')
    writes.push(
      rectificationPut(
        {
          submissionId: submission.id,
          campaignId: campaign.id,
          campaignName: campaign.name,
          unitName: submission.unitName,
          rectifyBy: evaluation.rectifyBy!,
          recipients: submission.recipients,
          issuedBy: campaign.authorityId,
          ...(submission.unitAuthorityId ? { supervisorId: submission.unitAuthorityId } : {}),
        },
        today,
      ),
    );
  const unitNotice = noticeFor({ kind: 'evaluation', campaign, submission: next, reEvaluated: false }, submission.recipients);
  return write(store, submission, next, { actor, action, at: now, detail: evaluation }, writes, [unitNotice, proposalNotice], today);
}

/**
 * Closes a rectification: the campaign's authority re-evaluates the unit, passed or failed (then the revocation is
 * proposed as at the conclusion). Only while it rectifies (409 otherwise, from the transition table).
 */
export async function reEvaluate(
  store: Store,
  campaign: Campaign,
  submission: Submission,
  body: ReEvaluation,
  actor: Actor,
  by: Mover,
  today: string,
  now: string,
): Promise<Settled> {
  const state = move(submission.state, 're-evaluate', by, body.outcome);
  const evaluation: Evaluation = {
    ...submission.evaluation!,
    reEvaluation: { outcome: body.outcome, on: today, by: actor.sub, note: body.note },
    closedOn: today,
  };
  const writes: TransactItem[] = [rectificationClosed(submission.id, now)];
  let proposalNotice: NoticeMessage | undefined;
  if (body.outcome === 'failed') {
    const proposed = await propose(store, campaign, submission, actor, today, now);
    if (proposed.proposal) evaluation.proposal = proposed.proposal;
    writes.push(...proposed.writes);
    proposalNotice = proposed.notice;
  }
  const next: Submission = { ...submission, state, evaluation };
  const unitNotice = noticeFor({ kind: 'evaluation', campaign, submission: next, reEvaluated: true }, submission.recipients);
  return write(
    store,
    submission,
    next,
    { actor, action: 're-evaluate', at: now, detail: evaluation.reEvaluation },
    writes,
    [unitNotice, proposalNotice],
    today,
  );
}
