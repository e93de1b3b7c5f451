import { ForbiddenError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import { isActiveOn, type InstructorStatus } from '../../shared/domain/instructors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import { listUnitAppointments } from '../../shared/data/appointments.ts';
import { getInstructors, listInstructorsByRegion } from '../../shared/data/instructors.ts';
import { getUnit } from '../../shared/data/units.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/instructors?region=&status=&unitId=`: by the region index, or a unit's active instructors. */
export const listInstructors: RouteImpl<
  undefined,
  { region?: string; status?: InstructorStatus; unitId?: string; limit: number; cursor?: string }
> = async (request) => {
  const { caller, query } = request;
  const store = mainStore();
  if (query.unitId) {
    const unit = await getUnit(store, query.unitId);
    if (!unit || !inScope(caller, unit.regionCode))
      throw new NotFoundError(text(`您的管辖地区内没有单位 ${query.unitId}。`, `No unit ${query.unitId} in your region.`));
    const today = request.today;
    const active = (await listUnitAppointments(store, unit.id)).filter((a) => isActiveOn(a, today));
    const found = await getInstructors(
      store,
      active.map((a) => a.instructorId),
    );
    return { body: { items: found.filter((i) => !query.status || i.status === query.status) } };
  }
  const region = query.region ?? caller.region;
  if (!inScope(caller, region))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  if (region === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  const page = await listInstructorsByRegion(store, {
    prefix: regionPrefix(region),
    province: region.slice(0, 2),
    status: query.status,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { body: page };
};
