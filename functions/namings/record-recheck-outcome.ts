import { NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import type { RecheckOutcome } from '../../shared/domain/rechecks.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import * as namings from '../../shared/data/namings.ts';
import { getRecheck, recordOutcome } from '../../shared/data/rechecks.ts';
import { mainStore } from '../../shared/data/store.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { revocationNotice } from '../../shared/notices/templates.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { readVisibleNaming } from './read-naming.ts';

/** `POST /v1/namings/{id}/rechecks/{recheckId}/outcome`: pass, rectify by a date, or revoke the naming. */
export const recordRecheckOutcome: RouteImpl<RecheckOutcome> = async (request) => {
  const { body } = request;
  const naming = await readVisibleNaming(request.caller, request.params.id!);
  const store = mainStore();
  const recheck = await getRecheck(store, naming.id, request.params.recheckId!);
  if (!recheck) throw new NotFoundError(`No recheck ${request.params.recheckId} of this naming.`);
  const today = civilDateAt(new Date(request.now));
  if (body.outcome === 'rectify' && body.rectifyBy <= today) throw new ValidationError([{ pointer: '/rectifyBy', detail: 'must be after today' }]);
  const decided = await recordOutcome(store, recheck, body, today, request.now);
  if (body.outcome === 'revoke') {
    const revoked = await namings.revokeNaming(store, naming.id, body.reason, actorOf(request), today, request.now);
    if (revoked.recipients.length > 0) {
      await enqueueNotices([{ id: `naming#${revoked.id}#revoked#${today}`, to: revoked.recipients, agencyId: revoked.issuedBy, about: `naming#${revoked.id}`, kind: 'revoked', ...revocationNotice(revoked) }]);
    }
  }
  return { body: decided };
};
