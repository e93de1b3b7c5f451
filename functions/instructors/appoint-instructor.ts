import { ForbiddenError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import { appointmentProblems } from '../../shared/domain/instructors.ts';
import { appoint, listUnitAppointments } from '../../shared/data/appointments.ts';
import { createOnce } from '../../shared/data/store.ts';
import { latestFiling } from '../../shared/data/filings.ts';
import { getInstructor } from '../../shared/data/instructors.ts';
import { getUnit } from '../../shared/data/units.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/units/{id}/instructors`: the unit's own county department appoints an instructor for 3 years; at most
 * 2 active per unit, even under concurrent requests.
 */
export const appointInstructor: RouteImpl<{ instructorId: string; appointedOn: string }> = async (request) => {
  const { caller, body } = request;
  const store = mainStore();
  const unit = await getUnit(store, request.params.id!);
  if (!unit || !inScope(caller, unit.regionCode))
    throw new NotFoundError(text(`您的管辖地区内没有单位 ${request.params.id}。`, `No unit ${request.params.id} in your region.`));
  if (caller.role !== 'admin' && caller.region !== unit.regionCode)
    throw new ForbiddenError(
      text(
        `${unit.name} 的指导员由地区 ${unit.regionCode} 的民族工作部门选聘。`,
        `Instructors of ${unit.name} are appointed by the department of region ${unit.regionCode}.`,
      ),
    );
  const instructor = await getInstructor(store, body.instructorId, true);
  if (!instructor || !inScope(caller, instructor.regionCode))
    throw new ValidationError([
      {
        pointer: '/instructorId',
        detail: text(`您的管辖地区内没有指导员 ${body.instructorId}`, `no instructor ${body.instructorId} in your region`),
      },
    ]);
  const today = request.today;
  const problems = appointmentProblems(body.appointedOn, today, (await latestFiling(store, unit.regionCode))?.asOf);
  if (problems.length > 0) throw new ValidationError(problems);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const appointment = await createOnce(
    () => appoint(store, unit, instructor, body.appointedOn, actorOf(request), today, request.now, id),
    async () => (await listUnitAppointments(store, unit.id)).find((a) => a.id === id),
  );
  return { status: 201, body: appointment, headers: { location: `/v1/units/${unit.id}/instructors` } };
};
