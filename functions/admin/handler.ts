import { httpFunction } from '../../shared/http/handler.ts';
import { adminContract } from '../../shared/contracts/admin.ts';
import { erasePersonalData } from './erase-personal-data.ts';
import { getCalendar } from './get-calendar.ts';
import { listAgendaFailures } from './list-agenda-failures.ts';
import { listDeadLetters } from './list-dead-letters.ts';
import { postMailEvent } from './post-mail-event.ts';
import { putCalendar } from './put-calendar.ts';
import { redriveNotices } from './redrive-notices.ts';
import { reindexTable } from './reindex-table.ts';

/** Administration. */
export const handler = httpFunction('admin', adminContract, {
  postMailEvent,
  listDeadLetters,
  redriveNotices,
  putCalendar,
  getCalendar,
  listAgendaFailures,
  reindexTable,
  erasePersonalData,
});
