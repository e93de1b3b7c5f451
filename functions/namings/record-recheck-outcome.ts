import { ConflictError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { RecheckOutcome } from '../../shared/domain/rechecks.ts';
import * as namings from '../../shared/data/namings.ts';
import { getRecheck, outcomeWrites, recordOutcome } from '../../shared/data/rechecks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { notifyRevocation, readManagedNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/namings/{id}/rechecks/{recheckId}/outcome`: pass, rectify by a date, or revoke the naming. */
export const recordRecheckOutcome: RouteImpl<RecheckOutcome> = async (request) => {
  const { body } = request;
  const naming = await readManagedNaming(request.caller, request.params.id!);
  const store = mainStore();
  const recheck = await getRecheck(store, naming.id, request.params.recheckId!);
  if (!recheck)
    throw new NotFoundError(text(`该命名没有复查 ${request.params.recheckId}。`, `No recheck ${request.params.recheckId} of this naming.`));
  const today = request.today;
  if (body.outcome === 'rectify' && body.rectifyBy <= today)
    throw new ValidationError([{ pointer: '/rectifyBy', detail: text('须晚于今天', 'must be after today') }]);
  if (body.outcome !== 'revoke') return { body: await recordOutcome(store, recheck, body, today, request.now) };
  // Revoking decides the recheck and revokes the naming in one transaction: both or neither.
  const revoked = await namings
    .revokeNaming(
      store,
      naming.id,
      body.reason,
      actorOf(request),
      today,
      request.now,
      await outcomeWrites(store, recheck, body, today, request.now),
    )
    .catch(async (error: unknown) => {
      const current = await getRecheck(store, naming.id, recheck.id);
      if (current && !['open', 'overdue'].includes(current.status))
        throw new ConflictError(
          text(`该复查（${recheck.kind}）已有结论（${current.status}）。`, `This ${recheck.kind} was already decided (${current.status}).`),
          'already-decided',
        );
      throw error;
    });
  await notifyRevocation(store, revoked);
  return { body: await getRecheck(store, naming.id, recheck.id) };
};
