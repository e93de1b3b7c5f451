import { appointmentOn } from '../../shared/domain/instructors.ts';
import { listInstructorAppointments } from '../../shared/data/appointments.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/instructors/{id}`: the instructor, with every appointment past and present. */
export const getInstructor: RouteImpl = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  const today = request.today;
  const appointments = (await listInstructorAppointments(mainStore(), instructor.id)).map((a) => appointmentOn(a, today));
  return { body: { ...instructor, appointments }, etag: instructor.version };
};
