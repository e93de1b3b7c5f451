import { namingDecision, resultsNotice, type campaignDocuments, type OfficialDocument } from '../../shared/domain/documents.ts';
import type { Campaign } from '../../shared/domain/campaigns.ts';
import { ConflictError, ForbiddenError, text } from '../../shared/domain/errors.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import { getNaming } from '../../shared/data/namings.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { officialDocument } from '../../shared/documents/load.ts';
import { documentReply, docxType, everyPage } from '../../shared/http/documents.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readCampaign, readsCampaign, requireRanked } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

type Kind = (typeof campaignDocuments)[number];

/**
 * `GET /v1/campaigns/{id}/documents/{document}`: the campaign's official documents as DOCX, for those who read what
 * its authority reads. `results-notice` (评选结果通报) once ranked (409 `not-ranked` before); `naming-decision`
 * (命名／表彰决定) once concluded (409 `not-concluded`) with its 文号 and date recorded (409 `no-decision`).
 */
export const getCampaignDocument: RouteImpl = async (request) => {
  const campaign = await readCampaign(request.params.id!);
  if (!readsCampaign(request.caller, campaign))
    throw new ForbiddenError(
      text(
        '只有组织本批次评选的民族工作部门及联合组织单位可以生成其公文。',
        "Only the campaign's authority and its co-organisers make its documents.",
      ),
    );
  requireRanked(campaign);
  const kind = request.params.document as Kind;
  const doc = kind === 'results-notice' ? await notice(campaign, request.today) : await decision(campaign);
  const names: Record<Kind, [string, string]> = {
    'results-notice': [`results-notice-${campaign.id}.docx`, `${campaign.name}评选结果通报.docx`],
    'naming-decision': [`naming-decision-${campaign.id}.docx`, `${doc.title}.docx`],
  };
  return documentReply(await officialDocument(doc), docxType, ...names[kind]);
};

/** Every submission of the campaign, or those in one state, page after page. */
const submissionsOf = (campaign: Campaign, state?: 'named') =>
  everyPage((limit, cursor) => submissions.listCampaignSubmissions(mainStore(), campaign.id, { prefix: '', state, limit, cursor }), 'id');

async function notice(campaign: Campaign, today: string): Promise<OfficialDocument> {
  return resultsNotice(campaign, await submissionsOf(campaign), await issuerOf(campaign), today);
}

async function decision(campaign: Campaign): Promise<OfficialDocument> {
  if (campaign.kind === 'annual-evaluation')
    throw new ConflictError(text('年度评估不作命名决定。', 'An annual evaluation names no one: it has no naming decision.'), 'conflict');
  if (campaign.status !== 'concluded')
    throw new ConflictError(
      text(
        '评选活动结束后方作出命名，届时方可生成命名决定。',
        'The namings are made when the campaign concludes; its decision follows them.',
      ),
      'not-concluded',
    );
  const decided = campaign.decision;
  if (!decided)
    throw new ConflictError(
      text(
        '尚未登记决定文号和日期，请先登记（POST /v1/campaigns/{id}/decision）。',
        'No decision number and date are recorded yet: record them first (POST /v1/campaigns/{id}/decision).',
      ),
      'no-decision',
    );
  const named = await submissionsOf(campaign, 'named');
  const namings = await Promise.all(
    named.map(async (s) => ({ s, naming: s.namingId ? await getNaming(mainStore(), s.namingId) : undefined })),
  );
  const rows = namings
    .filter(({ naming }) => naming !== undefined)
    .map(({ s, naming }) => ({
      unitName: s.unitName,
      ...(s.nominee ? { person: { name: s.nominee.name } } : {}),
      regionCode: s.regionCode,
      certificateNo: naming!.certificateNo,
      expiresOn: naming!.expiresOn,
    }))
    .sort((a, b) => a.certificateNo.localeCompare(b.certificateNo));
  return namingDecision({ ...campaign, decision: decided }, rows, await issuerOf(campaign));
}

/** Who issues the campaign's documents: its authority and co-organisers, by their names in the directory. */
async function issuerOf(campaign: Campaign): Promise<string> {
  const ids = [campaign.authorityId, ...(campaign.coOrganisers ?? [])];
  const found = await getAuthorities(mainStore(), ids);
  return ids.map((id) => found.get(id)?.name ?? id).join('　');
}
