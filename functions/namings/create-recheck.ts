import { ConflictError, ValidationError } from '../../shared/domain/errors.ts';
import type { RecheckCreate } from '../../shared/domain/rechecks.ts';
import { createRecheck as storeRecheck } from '../../shared/data/rechecks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readManagedNaming, readVisibleNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/namings/{id}/rechecks`: a recheck, mutual inspection (paired with another named unit) or look-back. */
export const createRecheck: RouteImpl<RecheckCreate> = async (request) => {
  const { body, caller } = request;
  const naming = await readManagedNaming(caller, request.params.id!);
  if (naming.status !== 'active')
    throw new ConflictError(`The naming is ${naming.status}; only an active naming is rechecked.`, 'not-active');
  const today = request.today;
  const problems = [];
  if (body.dueOn < today) problems.push({ pointer: '/dueOn', detail: 'must not be in the past' });
  if (body.kind === 'inspection') {
    if (!body.pairedNamingId) problems.push({ pointer: '/pairedNamingId', detail: 'a mutual inspection pairs two named units' });
    else if (body.pairedNamingId === naming.id) problems.push({ pointer: '/pairedNamingId', detail: 'must be another naming' });
    else {
      const paired = await readVisibleNaming(caller, body.pairedNamingId).catch(() => undefined);
      if (paired?.status !== 'active')
        problems.push({ pointer: '/pairedNamingId', detail: 'no active naming with this id in your region' });
    }
  } else if (body.pairedNamingId) problems.push({ pointer: '/pairedNamingId', detail: 'only a mutual inspection is paired' });
  if (problems.length > 0) throw new ValidationError(problems);
  const recheck = await storeRecheck(mainStore(), naming, body, today, request.now);
  return { status: 201, body: recheck };
};
