import { civilDateAt } from '../../shared/domain/time.ts';
import * as namings from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { notifyRevocation, readVisibleNaming } from './read-naming.ts';

/** `POST /v1/namings/{id}/revoke`: status revoked, reminders stop, the unit is notified. */
export const revokeNaming: RouteImpl<{ reason: string }> = async (request) => {
  const before = await readVisibleNaming(request.caller, request.params.id!);
  const store = mainStore();
  const revoked = await namings.revokeNaming(store, before.id, request.body.reason, actorOf(request), civilDateAt(new Date(request.now)), request.now);
  await notifyRevocation(store, revoked);
  return { body: revoked, etag: revoked.version };
};
