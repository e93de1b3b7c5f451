import { onSitePickProblems } from '../../shared/domain/campaigns.ts';
import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import { saveCampaign } from '../../shared/data/campaigns.ts';
import { submissionsById, submissionUnchanged } from '../../shared/data/submissions.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkIfMatch, readCampaign, requireCampaignAuthority } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/** The most picks one request may change: each is checked in the same transaction (at most 100 items). */
const maxChanges = 90;

/**
 * `PUT /v1/campaigns/{id}/on-site`: the campaign's authority picks the key units it visits on site (seed 003), as the
 * whole list. A pick of a submission of another campaign, or of none, → 422 at its index, nothing written; a pick
 * changed after that submission's document round closed → 409 (where its document round led depends on it).
 */
export const putOnSite: RouteImpl<{ submissionIds: string[] }> = async (request) => {
  const { submissionIds } = request.body;
  const campaign = await readCampaign(request.params.id!);
  requireCampaignAuthority(request.caller, campaign);
  checkIfMatch(request, campaign.version);
  if (campaign.onSite !== 'key')
    throw new ConflictError(
      text(
        '本批次对全部申报进行实地评审（onSite: all），无需选定重点单位。',
        'This campaign visits every submission on site (onSite: all); it picks no key units.',
      ),
      'conflict',
    );
  const before = new Set(campaign.onSiteSubmissionIds ?? []);
  const changed = [...submissionIds.filter((id) => !before.has(id)), ...[...before].filter((id) => !submissionIds.includes(id))];
  const store = mainStore();
  const found = await submissionsById(store, [...submissionIds, ...changed]);
  const problems = onSitePickProblems(campaign.id, submissionIds, found);
  if (changed.length > maxChanges)
    problems.push({
      pointer: '/submissionIds',
      detail: text(`一次最多变更 ${maxChanges} 项选定`, `change at most ${maxChanges} picks at a time`),
    });
  if (problems.length > 0) throw new ValidationError(problems, text('所选申报有误，详见 errors。', 'Some picks are wrong; see errors.'));
  const document = campaign.rounds[0]!.name;
  const settled = changed.map((id) => found.get(id)!).filter((s) => campaign.status !== 'open' || s.closedRounds.includes(document));
  if (settled.length > 0)
    throw new ConflictError(
      text(
        `${settled.map((s) => s.unitName).join('、')} 的文件评审已结束，不能再变更是否实地评审。`,
        `The document round of ${settled.map((s) => s.unitName).join(', ')} has closed; whether it is visited can no longer change.`,
      ),
      'round-closed',
    );
  const saved = await saveCampaign(
    store,
    campaign,
    { ...campaign, onSiteSubmissionIds: submissionIds },
    { actor: actorOf(request), action: 'pickOnSite', at: request.now },
    // A document round closing meanwhile would have read the picks as they were.
    { extra: changed.map((id) => submissionUnchanged(found.get(id)!)) },
  );
  return { body: saved, etag: saved.version };
};
