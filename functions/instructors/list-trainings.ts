import * as trainings from '../../shared/data/trainings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/instructors/{id}/trainings`. */
export const listTrainings: RouteImpl = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  return { body: { items: await trainings.listTrainings(mainStore(), instructor.id) } };
};
