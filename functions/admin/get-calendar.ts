import { getLoadedCalendars } from '../../shared/data/calendars.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/calendars/{year}`: the calendar deadlines use for a year, and where it comes from. */
export const getCalendar: RouteImpl = async (request) => {
  const year = Number(request.params.year);
  const loaded = (await getLoadedCalendars(mainStore(), [year])).get(year);
  const { calendarFor } = await import('../../shared/domain/holidays.ts');
  const calendar = calendarFor(year, loaded);
  return { body: { ...calendar, provisional: calendar.source === 'derived' }, ...(loaded ? { etag: loaded.version } : {}) };
};
