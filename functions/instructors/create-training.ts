import { ValidationError } from '../../shared/domain/errors.ts';
import type { TrainingCreate } from '../../shared/domain/instructors.ts';
import { addTraining } from '../../shared/data/trainings.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/instructors/{id}/trainings`: a training attended (the year counts as trained). */
export const createTraining: RouteImpl<TrainingCreate> = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  if (request.body.date > request.today)
    throw new ValidationError([{ pointer: '/date', detail: 'a training is recorded once it took place' }]);
  return { status: 201, body: await addTraining(mainStore(), instructor, request.body, actorOf(request), request.now) };
};
