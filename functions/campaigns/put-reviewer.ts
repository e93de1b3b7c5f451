import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import type { Reviewer } from '../../shared/domain/submissions.ts';
import { getReviewer, putReviewer as storeReviewer } from '../../shared/data/reviewers.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `PUT /v1/reviewers/{id}`: registers an expert of the pool (the id is the `sub` of their token). */
export const putReviewer: RouteImpl<Omit<Reviewer, 'id' | 'conflicts' | 'version' | 'updatedAt'>> = async (request) => {
  const { caller, body } = request;
  if (!inScope(caller, body.regionCode))
    throw new ForbiddenError(
      text(
        `地区 ${body.regionCode} 不在您的管辖地区 ${caller.region} 内。`,
        `Region ${body.regionCode} lies outside your region ${caller.region}.`,
      ),
    );
  // A reviewer registered in another region is that region's to change, not a name free for the taking.
  const registered = await getReviewer(mainStore(), request.params.id!);
  if (registered && !inScope(caller, registered.regionCode))
    throw new ForbiddenError(
      text(
        `评审专家 ${request.params.id} 登记在您的管辖地区 ${caller.region} 之外。`,
        `Reviewer ${request.params.id} is registered outside your region ${caller.region}.`,
      ),
    );
  const reviewer = await storeReviewer(mainStore(), request.params.id!, body, request.now, request.ifMatch);
  return { body: reviewer, etag: reviewer.version };
};
