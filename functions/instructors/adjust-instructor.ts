import { ConflictError, ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { appointmentProblems, isActiveOn, type AdjustmentCreate, type Instructor } from '../../shared/domain/instructors.ts';
import { adjust, listInstructorAppointments } from '../../shared/data/appointments.ts';
import { latestFiling } from '../../shared/data/filings.ts';
import { getInstructor } from '../../shared/data/instructors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/instructors/{id}/adjustments`: ends the instructor's active appointments (or one unit's) for a reason —
 * term end, performance, wish, health, job change — and hands each place to a successor if one is named.
 */
export const adjustInstructor: RouteImpl<AdjustmentCreate> = async (request) => {
  const { caller, body } = request;
  const store = mainStore();
  const instructor = await readVisibleInstructor(caller, request.params.id!);
  const today = request.today;
  const active = (await listInstructorAppointments(store, instructor.id)).filter((a) => isActiveOn(a, today));
  const ending = body.unitId ? active.filter((a) => a.unitId === body.unitId) : active;
  if (ending.length === 0)
    throw new ConflictError(
      text(
        `${instructor.name}${body.unitId ? '在该单位' : ''}没有可调整的在任聘任。`,
        `${instructor.name} has no active appointment${body.unitId ? ' at that unit' : ''} to adjust.`,
      ),
      'nothing-to-adjust',
    );
  const outside = ending.filter((a) => !inScope(caller, a.unitRegion));
  if (outside.length > 0)
    throw new ForbiddenError(
      text(
        `${outside.map((a) => a.unitName).join('、')} 不在您的管辖地区内。`,
        `${outside.map((a) => a.unitName).join(', ')} lies outside your region.`,
      ),
    );
  const effectiveOn = body.effectiveOn ?? today;
  let successor: Instructor | undefined;
  if (body.successorId) {
    if (body.successorId === instructor.id)
      throw new ValidationError([{ pointer: '/successorId', detail: text('须为另一名指导员', 'must be another instructor') }]);
    successor = await getInstructor(store, body.successorId, true);
    if (!successor || !inScope(caller, successor.regionCode) || successor.status !== 'active')
      throw new ValidationError([
        {
          pointer: '/successorId',
          detail: text(`您的管辖地区内没有在任指导员 ${body.successorId}`, `no active instructor ${body.successorId} in your region`),
        },
      ]);
  }
  // Not before a filed list (it would rewrite it), nor before an appointment it ends began.
  const filings = await Promise.all([...new Set(ending.map((a) => a.unitRegion))].map((region) => latestFiling(store, region)));
  const lastFiled = filings
    .map((f) => f?.asOf)
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  const problems = appointmentProblems(effectiveOn, today, lastFiled).map((p) => ({ ...p, pointer: '/effectiveOn' }));
  const latestStart = ending
    .map((a) => a.appointedOn)
    .sort()
    .at(-1)!;
  if (effectiveOn < latestStart)
    problems.push({
      pointer: '/effectiveOn',
      detail: text(
        `不得早于 ${latestStart}，即所终止聘任的开始日期`,
        `must not be before ${latestStart}, when an appointment it ends began`,
      ),
    });
  if (problems.length > 0) throw new ValidationError(problems);
  const result = await adjust(
    store,
    instructor,
    ending,
    body.reason,
    effectiveOn,
    successor,
    active.length - ending.length,
    actorOf(request),
    today,
    request.now,
  );
  return { body: result };
};
