import { listDue } from '../../shared/data/agenda.ts';
import type { Page } from '../../shared/data/pagination.ts';
import { mainStore } from '../../shared/data/store.ts';
import { jobFunction } from '../../shared/jobs/handler.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { agendaHandlers } from './agenda-handlers.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import { agenciesOf } from '../../shared/notices/audience.ts';

/**
 * The daily sweep: for each kind of deadline, reads only what is due by today from the agenda index; for each item
 * queues its notice (deterministic id, so a re-run sends nothing twice) and then moves it to its next milestone with
 * a conditional update. The notice is queued before the move, so a crash in between repeats a notice the notifier
 * drops, never loses one; two sweeps at once move each item once.
 */
export const handler = jobFunction('agenda-sweep', async ({ today, now }) => {
  const store = mainStore();
  const counts: Record<string, { due: number; queued: number; advanced: number }> = {};
  for (const agenda of agendaHandlers) {
    const count = { due: 0, queued: 0, advanced: 0 };
    let cursor: string | undefined;
    do {
      const page: Page<Record<string, unknown>> = await listDue(store, agenda.kind, today, 100, cursor);
      const directory = await getAuthorities(store, agenciesOf(page.items));
      const work = page.items.map((item) => agenda.plan(item, today, now, directory));
      const notices = work.flatMap((w) => (w.notice ? [w.notice] : []));
      await enqueueNotices(notices);
      for (const w of work) if (await w.advance(store)) count.advanced += 1;
      count.due += work.length;
      count.queued += notices.length;
      cursor = page.cursor;
    } while (cursor);
    counts[agenda.kind] = count;
  }
  return { today, ...counts };
});
