import { agendaKinds } from '../../shared/domain/agenda.ts';
import { listDue } from '../../shared/data/agenda.ts';
import { decodeCursor } from '../../shared/data/pagination.ts';
import { mainStore } from '../../shared/data/store.ts';
import { jobFunction } from '../../shared/jobs/handler.ts';

/**
 * The daily sweep: reads, per kind, only what is due by today from the agenda index. The capabilities that own
 * each kind (namings, campaigns, instructors, plans) act on what it finds.
 */
export const handler = jobFunction('agenda-sweep', async ({ today }) => {
  const store = mainStore();
  const due: Record<string, number> = {};
  for (const kind of agendaKinds) {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await listDue(store, kind, today, 100, decodeCursor(cursor, ['pk', 'sk', 'agendaKind', 'agendaDue'], () => true));
      count += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    due[kind] = count;
  }
  return { today, due };
});
