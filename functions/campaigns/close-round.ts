import { ConflictError, text } from '../../shared/domain/errors.ts';
import { roundResult, scoreSubmission } from '../../shared/domain/scoring.ts';
import { move, type Submission } from '../../shared/domain/submissions.ts';
import { roundAssignments } from '../../shared/data/reviews.ts';
import { listSheets, saveSubmission } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { frameworkOf, present, readForCampaignAuthority, retrying } from './access.ts';
import { roundOf, stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/rounds/{round}/close`: the campaign's authority closes the open round once every
 * assigned reviewer gave a sheet. Closing the last round scores the submission with the engine (or vetoes it) and
 * stores the full breakdown.
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
    const nextRound = campaign.rounds.find((r) => !closedRounds.includes(r.name));
    let next: Submission;
    if (nextRound) {
      next = { ...submission, closedRounds, openRound: nextRound.name, state: move(submission.state, 'next-round', 'authority') };
    } else {
      const sheets = await listSheets(store, submission.id);
      const exact = scoreSubmission(await frameworkOf(campaign), {
        unitType: submission.unitType,
        benchmarks: campaign.benchmarks,
        rounds: campaign.rounds.map((r) => ({
          name: r.name,
          weight: r.weight,
          sheets: sheets.filter((s) => s.round === r.name).map((s) => ({ reviewerId: s.reviewerId, values: s.values as never })),
        })),
      });
      next = {
        ...submission,
        closedRounds,
        state: move(submission.state, exact.vetoed ? 'veto' : 'score', 'authority'),
        result: roundResult(exact),
        exactFinal: exact.final,
        exactLastRound: exact.rounds.at(-1)!.total,
      };
      delete next.openRound;
    }
    const detail = { round, ...(next.result ? { final: next.result.final, vetoed: next.result.vetoed } : {}) };
    const saved = await saveSubmission(store, submission, next, { ...stepBy(request), action: 'closeRound', detail });
    return { body: present(saved, relation), etag: saved.version };
  });
