import { ConflictError, ForbiddenError, NotFoundError, ValidationError, text, type Text } from '../../shared/domain/errors.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import { pairingProblem, type Recheck, type RecheckCreate } from '../../shared/domain/rechecks.ts';
import { createInspection, getRecheck, listRechecks, createRecheck as storeRecheck } from '../../shared/data/rechecks.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import { createOnce, type Store } from '../../shared/data/store.ts';
import { idFromKey, type RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { agenciesOf, audience } from '../../shared/notices/audience.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { logger } from '../../shared/logger.ts';
import { readManagedNaming } from './read-naming.ts';
import { mainStore, noticeQueue } from '../../shared/clients.ts';

/**
 * `POST /v1/namings/{id}/rechecks`: a recheck, mutual inspection or look-back. A mutual inspection (互观互检) pairs
 * this naming with another unit's naming the caller also manages: a recheck of each, made together, and each side
 * notified; the answer is the recheck of this naming, naming the other's (`pairedRecheckId`).
 */
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
  let paired: Naming | undefined;
  if (body.dueOn < today) problems.push({ pointer: '/dueOn', detail: text('不得早于今天', 'must not be in the past') });
  if (body.kind === 'inspection') {
    if (!body.pairedNamingId)
      problems.push({
        pointer: '/pairedNamingId',
        detail: text('互观互检须结对两个命名单位', 'a mutual inspection pairs two named units'),
      });
    else {
      const found = await pairedNaming(caller, body.pairedNamingId);
      const problem =
        'problem' in found
          ? found.problem
          : pairingProblem(naming, found, [
              ...(await listRechecks(mainStore(), naming.id)),
              ...(await listRechecks(mainStore(), found.id)),
            ]);
      if (problem) problems.push({ pointer: '/pairedNamingId', detail: problem });
      else paired = found as Naming;
    }
  } else if (body.pairedNamingId)
    problems.push({ pointer: '/pairedNamingId', detail: text('只有互观互检才需结对', 'only a mutual inspection is paired') });
  if (problems.length > 0) throw new ValidationError(problems);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const store = mainStore();
  const recheck = await createOnce(
    () =>
      paired
        ? createInspection(store, naming, paired, body, { id, pairedId: idFromKey(`${id}#paired`) }, actorOf(request), today, request.now)
        : storeRecheck(store, naming, body, today, request.now, id),
    () => getRecheck(store, naming.id, id),
  );
  if (paired) {
    const other = await getRecheck(store, paired.id, recheck.pairedRecheckId!, true);
    await notifyPairing(store, other ? [recheck, other] : [recheck]);
  }
  return { status: 201, body: recheck, headers: { location: `/v1/namings/${naming.id}/rechecks` } };
};

/**
 * The naming to pair with, if the caller may arrange its inspection too (visible and managed: DOMAIN.md rule 15),
 * else the problem to report on `/pairedNamingId` — one that does not say whether a naming out of scope exists.
 */
async function pairedNaming(caller: Caller, id: string): Promise<Naming | { problem: Text }> {
  try {
    return await readManagedNaming(caller, id);
  } catch (error) {
    if (error instanceof ForbiddenError)
      return {
        problem: text(
          '该命名不由您或您的下级机关颁发，您无权安排其互观互检',
          'you may not arrange inspections of this naming: neither you nor an authority below you issued it',
        ),
      };
    if (error instanceof NotFoundError) return { problem: text('您的管辖地区内没有此编号的命名', 'no naming with this id in your region') };
    throw error;
  }
}

/**
 * Tells each side of a new mutual inspection, right away if the queue takes it, that it has been paired and with
 * whom; the pairing notices are on the agenda too, so the next sweep queues what this could not (the notifier sends
 * each id once).
 */
async function notifyPairing(store: Store, sides: readonly Recheck[]): Promise<void> {
  try {
    const directory = await getAuthorities(store, agenciesOf(sides));
    const notices = sides.flatMap((recheck) => {
      const { to, contact } = audience(recheck, directory);
      const notice = noticeFor({ kind: 'inspection-paired', recheck, contact }, to);
      return notice ? [notice] : [];
    });
    await enqueueNotices(noticeQueue(), notices);
  } catch (error) {
    logger.warn('Pairing notices not queued now; the next sweep queues them', { recheckId: sides[0]?.id, error: error as Error });
  }
}
