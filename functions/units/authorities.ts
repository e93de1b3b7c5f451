import type { AuthorityPut } from '../../shared/domain/authorities.ts';
import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { covers } from '../../shared/domain/regions.ts';
import { putAuthority as storeAuthority, requireAuthority } from '../../shared/data/authorities.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `PUT /v1/authorities/{agencyId}`: an authority keeps its own entry (name, region, contacts); an admin any. */
export const putAuthority: RouteImpl<AuthorityPut> = async (request) => {
  const { caller, body } = request;
  const agencyId = request.params.agencyId!;
  if (caller.role !== 'admin' && (caller.agencyId !== agencyId || caller.region !== body.regionCode)) {
    throw new ForbiddenError(text('民族工作部门只能维护本部门在本地区的信息。', 'An authority keeps its own entry, in its own region.'));
  }
  const authority = await storeAuthority(mainStore(), agencyId, body, actorOf(request), request.now, request.ifMatch);
  return { body: authority, etag: authority.version };
};

/**
 * `GET /v1/authorities/{agencyId}`: whom to reach at an authority of the caller's chain (up to the national
 * commission) or of its region; another region's contacts are not the caller's to read (404, as if unknown).
 */
export const getAuthority: RouteImpl = async (request) => {
  const { caller } = request;
  const authority = await requireAuthority(mainStore(), request.params.agencyId!);
  if (!inScope(caller, authority.regionCode) && !covers(authority.regionCode, caller.region))
    throw new NotFoundError(text(`名录中没有民族工作部门 ${authority.agencyId}。`, `No authority ${authority.agencyId} in the directory.`));
  return { body: authority, etag: authority.version };
};
