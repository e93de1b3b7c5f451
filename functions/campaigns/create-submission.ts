import { covers } from '../../shared/domain/regions.ts';
import { applicantProblem, honourOf } from '../../shared/domain/campaigns.ts';
import type { SubmissionCreate } from '../../shared/domain/submissions.ts';
import type { FieldProblem } from '../../shared/domain/errors.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import { getUnit } from '../../shared/data/units.ts';
import { listUnitNamings } from '../../shared/data/namings.ts';
import { commendationBasis, namingLevelNames, type Naming } from '../../shared/domain/namings.ts';
import type { Campaign } from '../../shared/domain/campaigns.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { createOnce } from '../../shared/data/store.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { inScope } from '../../shared/http/caller.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign } from './access.ts';
import { checkApplicationsOpen } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/campaigns/{id}/submissions`: a unit applies (or an authority on its behalf) while applications are open;
 * to a campaign naming individuals, a unit (or an authority, through the unit) nominates a person, one submission each.
 */
export const createSubmission: RouteImpl<SubmissionCreate> = async (request) => {
  const { caller, body } = request;
  const campaign = await readCampaign(request.params.id!);
  const unitId = body.unitId ?? (caller.role === 'unit' ? caller.agencyId : undefined);
  if (!unitId)
    throw new ValidationError([
      { pointer: '/unitId', detail: text('民族工作部门代单位申报时必须填写', 'is required when an authority applies on behalf of a unit') },
    ]);
  if (caller.role === 'unit' && unitId !== caller.agencyId)
    throw new ForbiddenError(text('单位只能为本单位申报。', 'A unit applies for itself only.'));
  const store = mainStore();
  const unit = await getUnit(store, unitId);
  if (!unit || (caller.role !== 'unit' && !inScope(caller, unit.regionCode)))
    throw new NotFoundError(text(`您的管辖范围内没有单位 ${unitId}。`, `No unit ${unitId} in your scope.`));
  const today = request.today;
  checkApplicationsOpen(campaign.dates, today);
  if (campaign.status !== 'open')
    throw new ConflictError(
      text(`该评选活动当前状态为 ${campaign.status}。`, `The campaign is ${campaign.status}.`),
      'applications-closed',
    );
  const honour = honourOf(campaign, unit);
  const problems: FieldProblem[] = [];
  const applicant = applicantProblem(honour, unit);
  if (applicant) problems.push(applicant);
  if (honour === 'individual' && !body.nominee)
    problems.push({
      pointer: '/nominee',
      detail: text(
        '先进个人评选须填写被推荐人：姓名、性别、民族、工作单位、职务和主要事迹',
        'a campaign naming individuals needs the nominee: name, gender, ethnicity, work unit, position and deeds',
      ),
    });
  if (honour !== 'individual' && body.nominee)
    problems.push({
      pointer: '/nominee',
      detail: text('只有先进个人评选才推荐个人', 'only a campaign naming individuals takes a nominee'),
    });
  if (problems.length > 0)
    throw new ValidationError(
      problems,
      text('申报不符合本批次的要求，详见 errors。', 'The application does not fit this campaign; see errors.'),
    );
  if (!covers(campaign.regionCode, unit.regionCode)) {
    throw new ValidationError([
      {
        pointer: '/unitId',
        detail: text(
          `${unit.name}（${unit.regionCode}）不在该评选活动的地区 ${campaign.regionCode} 内`,
          `${unit.name} (${unit.regionCode}) lies outside the campaign's region ${campaign.regionCode}`,
        ),
      },
    ]);
  }
  const standsOn = campaign.kind === 'commendation' ? (await commendationBasisOf(campaign, unit, today)).id : undefined;
  const id = request.newId();
  const submission = await createOnce(
    () => submissions.createSubmission(store, campaign, unit, actorOf(request), request.now, id, body.nominee, standsOn),
    () => submissions.getSubmission(store, id, true),
  );
  return {
    status: 201,
    body: present(submission, caller.role === 'unit' ? 'own-unit' : 'authority'),
    etag: submission.version,
    headers: { location: `/v1/submissions/${submission.id}` },
  };
};

/**
 * The naming a commendation applicant stands on (DOMAIN.md rule 3: model collectives are chosen from named units): one
 * in force at the campaign's lowest level or above, as `GET /v1/namings/eligible` lists them; none → 422 at /unitId.
 */
async function commendationBasisOf(campaign: Campaign, unit: Unit, today: string): Promise<Naming> {
  const minLevel = campaign.commendation!.minLevel;
  const basis = commendationBasis(await listUnitNamings(mainStore(), unit.id), minLevel, today);
  if (!basis)
    throw new ValidationError(
      [
        {
          pointer: '/unitId',
          detail: text(
            `${unit.name} 没有${namingLevelNames[minLevel]}及以上、仍在有效期内的命名（已过期或已撤销的不算），不能申报表彰`,
            `${unit.name} holds no naming in force at ${minLevel} level or above (an expired or revoked one does not count): it may not apply for a commendation`,
          ),
        },
      ],
      text('表彰申报单位须持有有效的示范命名，详见 errors。', 'A commendation applicant without an eligible naming; see errors.'),
    );
  return basis;
}
