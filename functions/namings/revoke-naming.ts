import * as namings from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { notifyRevocation, readManagedNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/namings/{id}/revoke`: status revoked, reminders stop, the unit is notified; by the issuer or above (403 otherwise). */
export const revokeNaming: RouteImpl<{ reason: string }> = async (request) => {
  const before = await readManagedNaming(request.caller, request.params.id!);
  const store = mainStore();
  const revoked = await namings.revokeNaming(
    store,
    before.id,
    request.body.reason,
    actorOf(request),
    request.today,
    request.now,
    [],
    request.ifMatch,
  );
  await notifyRevocation(store, revoked);
  return { body: revoked, etag: revoked.version };
};
