import { civilDateAt } from '../../shared/domain/time.ts';
import * as namings from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { revocationNotice } from '../../shared/notices/templates.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { readVisibleNaming } from './read-naming.ts';

/** `POST /v1/namings/{id}/revoke`: status revoked, reminders stop, the unit is notified. */
export const revokeNaming: RouteImpl<{ reason: string }> = async (request) => {
  const before = await readVisibleNaming(request.caller, request.params.id!);
  const store = mainStore();
  const revoked = await namings.revokeNaming(store, before.id, request.body.reason, actorOf(request), civilDateAt(new Date(request.now)), request.now);
  const to = revoked.recipients ?? [];
  if (to.length > 0) await enqueueNotices([{ id: `naming#${revoked.id}#revoked#${revoked.revokedOn}`, to, agencyId: revoked.issuedBy, about: `naming#${revoked.id}`, kind: 'revoked', ...revocationNotice(revoked) }]);
  return { body: revoked, etag: revoked.version };
};
