import type { AuthorityPut } from '../../shared/domain/authorities.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { putAuthority as storeAuthority, requireAuthority } from '../../shared/data/authorities.ts';
import { mainStore } from '../../shared/data/store.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `PUT /v1/authorities/{agencyId}`: an authority keeps its own entry (name, region, contacts); an admin any. */
export const putAuthority: RouteImpl<AuthorityPut> = async (request) => {
  const { caller, body } = request;
  const agencyId = request.params.agencyId!;
  if (caller.role !== 'admin' && (caller.agencyId !== agencyId || caller.region !== body.regionCode)) {
    throw new ForbiddenError('An authority keeps its own entry, in its own region.');
  }
  const authority = await storeAuthority(mainStore(), agencyId, body, actorOf(request), request.now, request.ifMatch);
  return { body: authority, etag: authority.version };
};

/** `GET /v1/authorities/{agencyId}`: whom to reach at an authority. */
export const getAuthority: RouteImpl = async (request) => {
  const authority = await requireAuthority(mainStore(), request.params.agencyId!);
  return { body: authority, etag: authority.version };
};
