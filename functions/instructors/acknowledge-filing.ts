import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import * as filings from '../../shared/data/filings.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/instructors/filings/{id}/acknowledge`: the level a filing was filed with acknowledges it. */
export const acknowledgeFiling: RouteImpl = async (request) => {
  const { caller } = request;
  const store = mainStore();
  const filing = await filings.getFiling(store, request.params.id!);
  if (!filing || !(inScope(caller, filing.regionCode) || caller.region === filing.filedWith))
    throw new NotFoundError(text(`您的管辖地区内没有备案 ${request.params.id}。`, `No filing ${request.params.id} in your region.`));
  if (caller.role !== 'admin' && caller.region !== filing.filedWith)
    throw new ForbiddenError(
      text(
        `该名单已报地区 ${filing.filedWith} 备案，应由该地区民族工作部门确认。`,
        `This filing was filed with region ${filing.filedWith}; its authority acknowledges it.`,
      ),
    );
  return { body: await filings.acknowledgeFiling(store, filing, actorOf(request), request.now) };
};
