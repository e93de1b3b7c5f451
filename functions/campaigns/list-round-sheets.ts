import { ConflictError, ForbiddenError, text } from '../../shared/domain/errors.ts';
import { listSheets } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readCampaign, readSubmissionToRead } from './access.ts';
import { roundOf } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/submissions/{id}/rounds/{round}/sheets`: every sheet of a round, once it is closed — to authorities in
 * scope, and to the unit once the campaign is ranked (without reviewer ids).
 */
export const listRoundSheets: RouteImpl = async (request) => {
  const { submission, relation } = await readSubmissionToRead(request.caller, request.params.id!);
  const campaign = await readCampaign(submission.campaignId);
  const round = request.params.round!;
  roundOf(campaign, round);
  if (relation === 'reviewer') throw new ForbiddenError(text('评审专家只能查看本人的评分表。', 'A reviewer sees its own sheet only.'));
  if (!submission.closedRounds.includes(round))
    throw new ConflictError(
      text(`第 ${round} 轮评审尚未结束，结束前评分表不予公开。`, `Round ${round} is still open; its sheets stay sealed until it closes.`),
      'round-not-closed',
    );
  if (relation === 'own-unit' && !submission.ranking)
    throw new ConflictError(
      text('评选活动排名后，申报单位方可查看评分表。', 'The sheets are shown to the unit once the campaign is ranked.'),
      'not-ranked',
    );
  const sheets = await listSheets(mainStore(), submission.id, round);
  const items =
    relation === 'own-unit'
      ? sheets.map((s, i) => ({ reviewer: `#${i + 1}`, round: s.round, values: s.values, submittedAt: s.submittedAt }))
      : sheets;
  return { body: { items } };
};
