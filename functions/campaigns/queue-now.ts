import { pendingNoticeQueued, type PendingNotice } from '../../shared/data/evaluations.ts';
import { logger } from '../../shared/logger.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { mainStore, noticeQueue } from '../../shared/clients.ts';

/**
 * Queues a step's notices right away and takes them off the agenda; each rode the agenda from the step's own
 * transaction, so what cannot be queued now the next sweep queues (the notifier sends an id once either way).
 */
export async function queueNow(pending: readonly PendingNotice[] | undefined): Promise<void> {
  if (!pending?.length) return;
  try {
    await enqueueNotices(
      noticeQueue(),
      pending.map((p) => p.notice),
    );
    await Promise.all(pending.map((p) => pendingNoticeQueued(mainStore(), p)));
  } catch (error) {
    logger.warn('Notices not queued now; the next sweep queues them', { ids: pending.map((p) => p.notice.id), error: error as Error });
  }
}
