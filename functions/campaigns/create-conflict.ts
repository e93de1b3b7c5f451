import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { declareConflict, getReviewer } from '../../shared/data/reviewers.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/reviewers/{id}/conflicts`: a reviewer declares a conflict with a unit (or an authority of its region records it). */
export const createConflict: RouteImpl<{ unitId: string }> = async (request) => {
  const { caller } = request;
  const id = request.params.id!;
  if (caller.role === 'reviewer' && caller.sub !== id)
    throw new ForbiddenError(text('评审专家只能申报本人的利益关系。', 'A reviewer declares its own conflicts.'));
  const registered = caller.role === 'authority' ? await getReviewer(mainStore(), id) : undefined;
  if (registered && !inScope(caller, registered.regionCode))
    throw new NotFoundError(text(`评审专家库中没有 ${id}。`, `No reviewer ${id} in the pool.`));
  await declareConflict(mainStore(), id, request.body.unitId, request.now);
  return { status: 201, body: await getReviewer(mainStore(), id), headers: { location: `/v1/reviewers/${id}` } };
};
