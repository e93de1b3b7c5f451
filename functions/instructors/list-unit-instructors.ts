import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { appointmentOn } from '../../shared/domain/instructors.ts';
import { listUnitAppointments } from '../../shared/data/appointments.ts';
import { getUnit } from '../../shared/data/units.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/units/{id}/instructors`: a unit's instructors, past and present. */
export const listUnitInstructors: RouteImpl = async (request) => {
  const { caller } = request;
  const unit = await getUnit(mainStore(), request.params.id!);
  const visible = unit && (caller.role === 'unit' ? caller.agencyId === unit.id : inScope(caller, unit.regionCode));
  if (!unit || !visible)
    throw new NotFoundError(text(`您的管辖范围内没有单位 ${request.params.id}。`, `No unit ${request.params.id} in your scope.`));
  const today = request.today;
  return { body: { items: (await listUnitAppointments(mainStore(), unit.id)).map((a) => appointmentOn(a, today)) } };
};
