import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import type { InstructorCreate } from '../../shared/domain/instructors.ts';
import * as instructors from '../../shared/data/instructors.ts';
import { createOnce } from '../../shared/data/store.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/instructors`: enters a person in the provincial instructor database (an authority, in its region). */
export const createInstructor: RouteImpl<InstructorCreate> = async (request) => {
  const { caller, body } = request;
  if (!inScope(caller, body.regionCode))
    throw new ForbiddenError(
      text(
        `地区 ${body.regionCode} 不在您的管辖地区 ${caller.region} 内。`,
        `Region ${body.regionCode} lies outside your region ${caller.region}.`,
      ),
    );
  const id = request.newId();
  const instructor = await createOnce(
    () => instructors.createInstructor(mainStore(), body, actorOf(request), request.now, id),
    () => instructors.getInstructor(mainStore(), id, true),
  );
  return { status: 201, body: instructor, etag: instructor.version, headers: { location: `/v1/instructors/${instructor.id}` } };
};
