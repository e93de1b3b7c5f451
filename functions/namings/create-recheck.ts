import { ConflictError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { RecheckCreate } from '../../shared/domain/rechecks.ts';
import { getRecheck, createRecheck as storeRecheck } from '../../shared/data/rechecks.ts';
import { createOnce } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readManagedNaming, readVisibleNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/namings/{id}/rechecks`: a recheck, mutual inspection (paired with another named unit) or look-back. */
export const createRecheck: RouteImpl<RecheckCreate> = async (request) => {
  const { body, caller } = request;
  const naming = await readManagedNaming(caller, request.params.id!);
  if (naming.status !== 'active')
    throw new ConflictError(
      text(
        `该命名状态为 ${naming.status}；只有有效的命名才能复查。`,
        `The naming is ${naming.status}; only an active naming is rechecked.`,
      ),
      'not-active',
    );
  const today = request.today;
  const problems = [];
  if (body.dueOn < today) problems.push({ pointer: '/dueOn', detail: text('不得早于今天', 'must not be in the past') });
  if (body.kind === 'inspection') {
    if (!body.pairedNamingId)
      problems.push({
        pointer: '/pairedNamingId',
        detail: text('互观互检须结对两个命名单位', 'a mutual inspection pairs two named units'),
      });
    else if (body.pairedNamingId === naming.id)
      problems.push({ pointer: '/pairedNamingId', detail: text('须为另一个命名', 'must be another naming') });
    else {
      const paired = await readVisibleNaming(caller, body.pairedNamingId).catch(() => undefined);
      if (paired?.status !== 'active')
        problems.push({
          pointer: '/pairedNamingId',
          detail: text('您的管辖地区内没有此编号的有效命名', 'no active naming with this id in your region'),
        });
    }
  } else if (body.pairedNamingId)
    problems.push({ pointer: '/pairedNamingId', detail: text('只有互观互检才需结对', 'only a mutual inspection is paired') });
  if (problems.length > 0) throw new ValidationError(problems);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const recheck = await createOnce(
    () => storeRecheck(mainStore(), naming, body, today, request.now, id),
    () => getRecheck(mainStore(), naming.id, id),
  );
  return { status: 201, body: recheck, headers: { location: `/v1/namings/${naming.id}/rechecks` } };
};
