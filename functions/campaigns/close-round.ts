import { ConflictError, text } from '../../shared/domain/errors.ts';
import { roundResult, scoreSubmission } from '../../shared/domain/scoring.ts';
import { roundsFor, takesOnSite, type Campaign } from '../../shared/domain/campaigns.ts';
import { campaignUnchanged } from '../../shared/data/campaigns.ts';
import { move, type Submission } from '../../shared/domain/submissions.ts';
import { listSheets, saveSubmission } from '../../shared/data/submissions.ts';
import { lastSheetAt, roundAssignments, roundReadyWork } from '../../shared/data/reviews.ts';
import { indexedWork, workWrites } from '../../shared/data/work.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { frameworkOf, present, readForCampaignAuthority, retrying, scoringBasis } from './access.ts';
import { scoringProfileOf } from '../../shared/domain/frameworks.ts';
import { roundOf, stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/rounds/{round}/close`: the campaign's authority closes the open round once every
 * assigned reviewer gave a sheet. Closing the last round scores the submission with the engine (or vetoes it) and
 * stores the full breakdown. In a campaign visiting key units only, the document round is the last for a submission
 * not picked (scored on it alone, weighing 1); with a rectification window, closing the document round puts the
 * submission in rectification instead of opening the on-site round.
 */
export const closeRound: RouteImpl = (request) =>
  retrying(request, async () => {
    const { submission, relation, campaign } = await readForCampaignAuthority(request);
    const round = request.params.round!;
    roundOf(campaign, round);
    if (submission.openRound !== round)
      throw new ConflictError(
        text(
          `第 ${round} 轮不是当前开启的评审轮次${submission.openRound ? `（当前为 ${submission.openRound}）` : ''}。`,
          `Round ${round} is not the open round${submission.openRound ? ` (${submission.openRound} is)` : ''}.`,
        ),
        'round-not-open',
      );
    const store = mainStore();
    const assignments = (await roundAssignments(store, submission.id, round)).filter((a) => a.status !== 'declined');
    const missing = assignments.filter((a) => a.status !== 'submitted').map((a) => a.reviewerId);
    if (assignments.length === 0)
      throw new ConflictError(text(`第 ${round} 轮尚未分配评审专家。`, `Nobody is assigned to round ${round}.`), 'sheets-missing');
    if (missing.length > 0)
      throw new ConflictError(
        text(`第 ${round} 轮尚待 ${missing.join('、')} 提交评分表。`, `Round ${round} waits for the sheets of ${missing.join(', ')}.`),
        'sheets-missing',
      );
    const closedRounds = [...submission.closedRounds, round];
    // An unpicked submission of a campaign visiting key units only takes the document round, weighing 1 (roundsFor).
    const rounds = roundsFor(campaign, submission.id);
    const nextRound = rounds.find((r) => !closedRounds.includes(r.name));
    let next: Submission;
    if (nextRound && campaign.rectification) {
      // The on-site round waits for the rectification; it opens with the authority's first on-site assignment.
      next = {
        ...submission,
        closedRounds,
        state: move(submission.state, 'start-rectification', 'authority'),
        rectification: { dueOn: campaign.rectification.dueOn },
      };
      delete next.openRound;
    } else if (nextRound) {
      next = { ...submission, closedRounds, openRound: nextRound.name, state: move(submission.state, 'next-round', 'authority') };
    } else {
      const sheets = await listSheets(store, submission.id);
      const framework = await frameworkOf(campaign);
      const exact = scoreSubmission(framework, {
        unitType: scoringProfileOf(submission),
        ...(await scoringBasis(framework, campaign, submission)),
        rounds: rounds.map((r) => ({
          name: r.name,
          weight: r.weight,
          sheets: sheets.filter((s) => s.round === r.name).map((s) => ({ reviewerId: s.reviewerId, values: s.values as never })),
        })),
      });
      next = {
        ...submission,
        closedRounds,
        state: move(submission.state, exact.vetoed ? 'veto' : 'score', 'authority'),
        result: { ...roundResult(exact), ...(campaign.onSite === 'key' ? { onSite: onSiteOf(campaign, submission.id) } : {}) },
        exactFinal: exact.final,
        exactLastRound: exact.rounds.at(-1)!.total,
      };
      delete next.openRound;
    }
    const detail = { round, ...(next.result ? { final: next.result.final, vetoed: next.result.vetoed } : {}) };
    // Whom the campaign picks for the on-site round decides where this step leads: it must not change meanwhile.
    const picks = campaign.onSite === 'key' ? [campaignUnchanged(campaign)] : [];
    const lastSheet = await lastSheetAt(store, submission.id, round);
    const ready = lastSheet ? [roundReadyWork(submission, round, campaign.authorityId, lastSheet)] : [];
    const done = workWrites({ done: await indexedWork(store, ready) });
    const saved = await saveSubmission(store, submission, next, { ...stepBy(request), action: 'closeRound', detail }, [...picks, ...done]);
    return { body: present(saved, relation), etag: saved.version };
  });

/** Whether a submission of a campaign visiting key units only had the on-site round, as its breakdown says. */
const onSiteOf = (campaign: Campaign, submissionId: string) => (takesOnSite(campaign, submissionId) ? 'selected' : 'not-selected');
