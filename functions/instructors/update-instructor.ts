import { ConflictError, ForbiddenError, text } from '../../shared/domain/errors.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import { isActiveOn, type Instructor, type InstructorPatch } from '../../shared/domain/instructors.ts';
import { listInstructorAppointments } from '../../shared/data/appointments.ts';
import * as instructors from '../../shared/data/instructors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `PATCH /v1/instructors/{id}` (If-Match): a merge patch; retiring needs no active appointment left. */
export const updateInstructor: RouteImpl<InstructorPatch> = async (request) => {
  const { caller, body } = request;
  const before = await readVisibleInstructor(caller, request.params.id!);
  checkIfMatch(request.ifMatch, before.version);
  if (body.regionCode && !inScope(caller, body.regionCode))
    throw new ForbiddenError(
      text(
        `地区 ${body.regionCode} 不在您的管辖地区 ${caller.region} 内。`,
        `Region ${body.regionCode} lies outside your region ${caller.region}.`,
      ),
    );
  if (body.status === 'retired') {
    const today = request.today;
    const active = (await listInstructorAppointments(mainStore(), before.id)).filter((a) => isActiveOn(a, today));
    if (active.length > 0)
      throw new ConflictError(
        text(
          `${before.name} 仍在 ${active.map((a) => a.unitName).join('、')} 任职，请先调整这些聘任。`,
          `${before.name} still serves ${active.map((a) => a.unitName).join(', ')}; adjust those appointments first.`,
        ),
        'still-appointed',
      );
  }
  const { ethnicity, ...rest } = body;
  const next: Instructor = { ...before, ...rest };
  if (ethnicity === null) delete next.ethnicity;
  else if (ethnicity !== undefined) next.ethnicity = ethnicity;
  const saved = await instructors.updateInstructor(mainStore(), before, next, actorOf(request), request.now);
  return { body: saved, etag: saved.version };
};
