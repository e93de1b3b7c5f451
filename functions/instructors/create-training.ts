import { ValidationError, text } from '../../shared/domain/errors.ts';
import type { TrainingCreate } from '../../shared/domain/instructors.ts';
import { createOnce } from '../../shared/data/store.ts';
import { addTraining, listTrainings } from '../../shared/data/trainings.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleInstructor } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/instructors/{id}/trainings`: a training attended (the year counts as trained). */
export const createTraining: RouteImpl<TrainingCreate> = async (request) => {
  const instructor = await readVisibleInstructor(request.caller, request.params.id!);
  if (request.body.date > request.today)
    throw new ValidationError([{ pointer: '/date', detail: text('培训须在举办后方可登记', 'a training is recorded once it took place') }]);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const training = await createOnce(
    () => addTraining(mainStore(), instructor, request.body, actorOf(request), request.now, id),
    async () => (await listTrainings(mainStore(), instructor.id)).find((t) => t.id === id),
  );
  return { status: 201, body: training, headers: { location: `/v1/instructors/${instructor.id}/trainings` } };
};
