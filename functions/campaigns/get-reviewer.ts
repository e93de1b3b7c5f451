import { NotFoundError, text } from '../../shared/domain/errors.ts';
import * as reviewers from '../../shared/data/reviewers.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/reviewers/{id}`: a reviewer reads its own entry; an authority those of its region. */
export const getReviewer: RouteImpl = async (request) => {
  const { caller } = request;
  const id = request.params.id!;
  if (caller.role === 'reviewer' && caller.sub !== id) throw new NotFoundError(text(`未找到评审专家 ${id}。`, `No reviewer ${id}.`));
  const reviewer = await reviewers.getReviewer(mainStore(), id);
  if (!reviewer || (caller.role === 'authority' && !inScope(caller, reviewer.regionCode)))
    throw new NotFoundError(text(`未找到评审专家 ${id}。`, `No reviewer ${id}.`));
  return { body: reviewer, etag: reviewer.version };
};
