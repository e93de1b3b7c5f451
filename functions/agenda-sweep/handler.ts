import { listDue } from '../../shared/data/agenda.ts';
import { advanceExpiryMilestone, namingExpiryKind, namingFromItem } from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import { jobFunction } from '../../shared/jobs/handler.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { expiryNotice } from '../../shared/notices/templates.ts';
import { expiryMilestones, nextMilestone } from '../../shared/domain/namings.ts';
import type { Page } from '../../shared/data/pagination.ts';

/**
 * The daily sweep: reads only what is due by today from the agenda index; for each naming whose expiry milestone is
 * due, queues its notice (deterministic id, so a re-run sends nothing twice) and then moves it to its next milestone
 * with a conditional update. The notice is queued before the move, so a crash in between repeats a notice the
 * notifier drops, never loses one.
 */
export const handler = jobFunction('agenda-sweep', async ({ today, now }) => {
  const store = mainStore();
  let due = 0;
  let queued = 0;
  let advanced = 0;
  let cursor: Record<string, string> | undefined;
  do {
    const page: Page<Record<string, unknown>> = await listDue(store, namingExpiryKind, today, 100, cursor);
    const work = await Promise.all(page.items.map(async (item) => {
      const naming = namingFromItem(item);
      const stored = Number(item.agendaMilestone);
      // Several milestones may have passed since the last sweep: only the latest of them is notified.
      const milestone = nextMilestone(naming.expiresOn, expiryMilestones, today, stored + 1)!.daysBefore;
      const to = naming.recipients ?? [];
      attributeShare(naming.issuedBy);
      const notice = to.length > 0
        ? { id: `naming#${naming.id}#expiry#${milestone}`, to, agencyId: naming.issuedBy, about: `naming#${naming.id}`, kind: `expiry-${milestone}`, ...expiryNotice(naming, milestone) }
        : undefined;
      return { naming, stored, milestone, notice };
    }));
    due += work.length;
    const notices = work.flatMap((w) => (w.notice ? [w.notice] : []));
    await enqueueNotices(notices);
    queued += notices.length;
    for (const w of work) if (await advanceExpiryMilestone(store, w.naming, w.stored, w.milestone, today, now)) advanced += 1;
    cursor = page.cursor ? JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) : undefined;
  } while (cursor);
  return { today, due, queued, advanced };
});
