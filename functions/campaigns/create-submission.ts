import { covers } from '../../shared/domain/regions.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import { getUnit } from '../../shared/data/units.ts';
import { createOnce } from '../../shared/data/store.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { inScope } from '../../shared/http/caller.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readCampaign } from './access.ts';
import { checkApplicationsOpen } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/campaigns/{id}/submissions`: a unit applies (or an authority on its behalf) while applications are open. */
export const createSubmission: RouteImpl<{ unitId?: string }> = async (request) => {
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
  const id = request.newId();
  const submission = await createOnce(
    () => submissions.createSubmission(store, campaign, unit, actorOf(request), request.now, id),
    () => submissions.getSubmission(store, id, true),
  );
  return {
    status: 201,
    body: present(submission, caller.role === 'unit' ? 'own-unit' : 'authority'),
    etag: submission.version,
    headers: { location: `/v1/submissions/${submission.id}` },
  };
};
