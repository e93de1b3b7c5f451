import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../../shared/domain/errors.ts';
import {
  appointmentOn, appointmentProblems, isActiveOn, type AdjustmentCreate, type Instructor, type InstructorCreate, type InstructorPatch, type InstructorStatus, type TrainingCreate,
} from '../../shared/domain/instructors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import * as data from '../../shared/data/instructors.ts';
import { createOnce, mainStore } from '../../shared/data/store.ts';
import { getUnit } from '../../shared/data/units.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** The instructor the caller may see (an authority: in its region), or 404. */
export async function readVisibleInstructor(caller: Caller, id: string): Promise<Instructor> {
  const instructor = await data.getInstructor(mainStore(), id, true);
  if (!instructor || !inScope(caller, instructor.regionCode)) throw new NotFoundError(`No instructor ${id} in your region.`);
  return instructor;
}

/** `POST /v1/instructors`: enters a person in the provincial instructor database (an authority, in its region). */
export const createInstructor: RouteImpl<InstructorCreate> = async (request) => {
  const { caller, body } = request;
  if (!inScope(caller, body.regionCode)) throw new ForbiddenError(`Region ${body.regionCode} lies outside your region ${caller.region}.`);
  const id = request.newId();
  const instructor = await createOnce(() => data.createInstructor(mainStore(), body, actorOf(request), request.now, id), () => data.getInstructor(mainStore(), id, true));
  return { status: 201, body: instructor, etag: instructor.version, headers: { location: `/v1/instructors/${instructor.id}` } };
};

/** `GET /v1/instructors/{id}`: the instructor, with every appointment past and present. */
export const getInstructor: RouteImpl = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  const today = request.today;
  const appointments = (await data.listInstructorAppointments(mainStore(), instructor.id)).map((a) => appointmentOn(a, today));
  return { body: { ...instructor, appointments }, etag: instructor.version };
};

/** `PATCH /v1/instructors/{id}` (If-Match): a merge patch; retiring needs no active appointment left. */
export const updateInstructor: RouteImpl<InstructorPatch> = async (request) => {
  const { caller, body } = request;
  const before = await readVisibleInstructor(caller, request.params.id!);
  if (request.ifMatch !== before.version) throw new PreconditionFailedError(before.version);
  if (body.regionCode && !inScope(caller, body.regionCode)) throw new ForbiddenError(`Region ${body.regionCode} lies outside your region ${caller.region}.`);
  if (body.status === 'retired') {
    const today = request.today;
    const active = (await data.listInstructorAppointments(mainStore(), before.id)).filter((a) => isActiveOn(a, today));
    if (active.length > 0) throw new ConflictError(`${before.name} still serves ${active.map((a) => a.unitName).join(', ')}; adjust those appointments first.`, 'still-appointed');
  }
  const { ethnicity, ...rest } = body;
  const next: Instructor = { ...before, ...rest };
  if (ethnicity === null) delete next.ethnicity;
  else if (ethnicity !== undefined) next.ethnicity = ethnicity;
  const saved = await data.updateInstructor(mainStore(), before, next, actorOf(request), request.now);
  return { body: saved, etag: saved.version };
};

/** `GET /v1/instructors?region=&status=&unitId=`: by the region index, or a unit's active instructors. */
export const listInstructors: RouteImpl<undefined, { region?: string; status?: InstructorStatus; unitId?: string; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const store = mainStore();
  if (query.unitId) {
    const unit = await getUnit(store, query.unitId);
    if (!unit || !inScope(caller, unit.regionCode)) throw new NotFoundError(`No unit ${query.unitId} in your region.`);
    const today = request.today;
    const active = (await data.listUnitAppointments(store, unit.id)).filter((a) => isActiveOn(a, today));
    const found = await data.getInstructors(store, active.map((a) => a.instructorId));
    return { body: { items: found.filter((i) => !query.status || i.status === query.status) } };
  }
  const region = query.region ?? caller.region;
  if (!inScope(caller, region)) throw new ForbiddenError(`Region ${region} lies outside your region ${caller.region}.`);
  if (region === '000000') throw new ValidationError([{ pointer: 'region', detail: 'give a province or narrower' }]);
  const page = await data.listInstructorsByRegion(store, { prefix: regionPrefix(region), province: region.slice(0, 2), status: query.status, limit: query.limit, cursor: query.cursor });
  return { body: page };
};

/**
 * `POST /v1/units/{id}/instructors`: the unit's own county department appoints an instructor for 3 years; at most
 * 2 active per unit, even under concurrent requests.
 */
export const appointInstructor: RouteImpl<{ instructorId: string; appointedOn: string }> = async (request) => {
  const { caller, body } = request;
  const store = mainStore();
  const unit = await getUnit(store, request.params.id!);
  if (!unit || !inScope(caller, unit.regionCode)) throw new NotFoundError(`No unit ${request.params.id} in your region.`);
  if (caller.role !== 'admin' && caller.region !== unit.regionCode) throw new ForbiddenError(`Instructors of ${unit.name} are appointed by the department of region ${unit.regionCode}.`);
  const instructor = await data.getInstructor(store, body.instructorId, true);
  if (!instructor || !inScope(caller, instructor.regionCode)) throw new ValidationError([{ pointer: '/instructorId', detail: `no instructor ${body.instructorId} in your region` }]);
  const today = request.today;
  const problems = appointmentProblems(body.appointedOn, today, (await data.latestFiling(store, unit.regionCode))?.asOf);
  if (problems.length > 0) throw new ValidationError(problems);
  const appointment = await data.appoint(store, unit, instructor, body.appointedOn, actorOf(request), today, request.now);
  return { status: 201, body: appointment };
};

/** `GET /v1/units/{id}/instructors`: a unit's instructors, past and present. */
export const listUnitInstructors: RouteImpl = async (request) => {
  const { caller } = request;
  const unit = await getUnit(mainStore(), request.params.id!);
  const visible = unit && (caller.role === 'unit' ? caller.agencyId === unit.id : inScope(caller, unit.regionCode));
  if (!unit || !visible) throw new NotFoundError(`No unit ${request.params.id} in your scope.`);
  const today = request.today;
  return { body: { items: (await data.listUnitAppointments(mainStore(), unit.id)).map((a) => appointmentOn(a, today)) } };
};

/**
 * `POST /v1/instructors/{id}/adjustments`: ends the instructor's active appointments (or one unit's) for a reason —
 * term end, performance, wish, health, job change — and hands each place to a successor if one is named.
 */
export const adjustInstructor: RouteImpl<AdjustmentCreate> = async (request) => {
  const { caller, body } = request;
  const store = mainStore();
  const instructor = await readVisibleInstructor(caller, request.params.id!);
  const today = request.today;
  const active = (await data.listInstructorAppointments(store, instructor.id)).filter((a) => isActiveOn(a, today));
  const ending = body.unitId ? active.filter((a) => a.unitId === body.unitId) : active;
  if (ending.length === 0) throw new ConflictError(`${instructor.name} has no active appointment${body.unitId ? ' at that unit' : ''} to adjust.`, 'nothing-to-adjust');
  const outside = ending.filter((a) => !inScope(caller, a.unitRegion));
  if (outside.length > 0) throw new ForbiddenError(`${outside.map((a) => a.unitName).join(', ')} lies outside your region.`);
  const effectiveOn = body.effectiveOn ?? today;
  let successor: Instructor | undefined;
  if (body.successorId) {
    if (body.successorId === instructor.id) throw new ValidationError([{ pointer: '/successorId', detail: 'must be another instructor' }]);
    successor = await data.getInstructor(store, body.successorId, true);
    if (!successor || !inScope(caller, successor.regionCode) || successor.status !== 'active') throw new ValidationError([{ pointer: '/successorId', detail: `no active instructor ${body.successorId} in your region` }]);
  }
  // Not before a filed list (it would rewrite it), nor before an appointment it ends began.
  const filings = await Promise.all([...new Set(ending.map((a) => a.unitRegion))].map((region) => data.latestFiling(store, region)));
  const lastFiled = filings.map((f) => f?.asOf).filter((d): d is string => d !== undefined).sort().at(-1);
  const problems = appointmentProblems(effectiveOn, today, lastFiled).map((p) => ({ ...p, pointer: '/effectiveOn' }));
  const latestStart = ending.map((a) => a.appointedOn).sort().at(-1)!;
  if (effectiveOn < latestStart) problems.push({ pointer: '/effectiveOn', detail: `must not be before ${latestStart}, when an appointment it ends began` });
  if (problems.length > 0) throw new ValidationError(problems);
  const result = await data.adjust(store, instructor, ending, body.reason, effectiveOn, successor, active.length - ending.length, actorOf(request), today, request.now);
  return { body: result };
};

/** `POST /v1/instructors/{id}/trainings`: a training attended (the year counts as trained). */
export const createTraining: RouteImpl<TrainingCreate> = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  if (request.body.date > request.today) throw new ValidationError([{ pointer: '/date', detail: 'a training is recorded once it took place' }]);
  return { status: 201, body: await data.addTraining(mainStore(), instructor, request.body, actorOf(request), request.now) };
};

/** `GET /v1/instructors/{id}/trainings`. */
export const listTrainings: RouteImpl = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  return { body: { items: await data.listTrainings(mainStore(), instructor.id) } };
};
