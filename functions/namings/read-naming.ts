import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { levelOf } from '../../shared/domain/campaigns.ts';
import { mayManage, namingLevelNames, type Naming } from '../../shared/domain/namings.ts';
import * as namings from '../../shared/data/namings.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import type { Store } from '../../shared/data/store.ts';
import { agenciesOf, audience } from '../../shared/notices/audience.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import { logger } from '../../shared/logger.ts';
import { mainStore, noticeQueue } from '../../shared/clients.ts';

/** The naming the caller may see (its own unit's, or one in its region), or 404. */
export async function readVisibleNaming(caller: Caller, id: string): Promise<Naming> {
  const naming = await namings.getNaming(mainStore(), id);
  const visible = naming && (caller.role === 'unit' ? caller.agencyId === naming.unitId : inScope(caller, naming.regionCode));
  if (!naming || !visible) throw new NotFoundError(text(`您的管辖范围内没有命名 ${id}。`, `No naming ${id} in your scope.`));
  return naming;
}

/**
 * The naming the caller may change (revoke, recheck, decide a recheck): its issuer, an authority above the issuer
 * in the same region chain, or an admin (DOMAIN.md rule 15). Anyone else who may read it gets 403 naming the level
 * it was issued at; anyone who may not read it, 404.
 */
export async function readManagedNaming(caller: Caller, id: string): Promise<Naming> {
  const naming = await readVisibleNaming(caller, id);
  if (caller.role === 'admin') return naming;
  const level = levelOf(caller.region);
  if (!level || !mayManage({ agencyId: caller.agencyId, level, regionCode: caller.region }, naming.issuer)) {
    const issued = namingLevelNames[naming.issuer.level];
    throw new ForbiddenError(
      text(
        `该命名由${issued}民族工作部门颁发（${naming.issuer.agencyId}），只有颁发机关、其上级机关或管理员可以变更。`,
        `This naming was issued at ${naming.issuer.level} level by ${naming.issuer.agencyId}: only its issuer, an authority above it or an admin may change it.`,
      ),
    );
  }
  return naming;
}

/**
 * Tells the unit and its supervising authority that a naming was revoked, right away if the queue takes it; the
 * notice stays on the agenda too, so the next sweep queues it if this could not (the notice id names the day: the
 * notifier sends it once either way).
 */
export async function notifyRevocation(store: Store, revoked: Naming): Promise<void> {
  try {
    const { to, contact } = audience(revoked, await getAuthorities(store, agenciesOf([revoked])));
    const notice = noticeFor({ kind: 'revoked', naming: revoked, contact }, to);
    if (notice) await enqueueNotices(noticeQueue(), [notice]);
  } catch (error) {
    logger.warn('Revocation notice not queued now; the next sweep queues it', { namingId: revoked.id, error: error as Error });
  }
}
