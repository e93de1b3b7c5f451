import { calendarProblems, type CalendarBody } from '../../shared/domain/calendar.ts';
import { ValidationError, text } from '../../shared/domain/errors.ts';
import { putCalendar as storeCalendar } from '../../shared/data/calendars.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { recomputeProvisional } from '../../shared/campaigns/outcomes.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `PUT /v1/admin/calendars/{year}`: loads a year as the State Council published it; deadlines that were counted on
 * the derived (provisional) calendar are counted again.
 */
export const putCalendar: RouteImpl<CalendarBody> = async (request) => {
  const year = Number(request.params.year);
  const problems = calendarProblems(year, request.body);
  if (problems.length > 0)
    throw new ValidationError(
      problems,
      text(`该安排与 ${year} 年不符，详见 errors。`, `The arrangement does not fit ${year}; see errors.`),
    );
  const calendar = await storeCalendar(mainStore(), year, request.body, actorOf(request), request.now, request.ifMatch);
  const recomputed = await recomputeProvisional(mainStore(), actorOf(request), request.now);
  return { body: { ...calendar, recomputedDeadlines: recomputed }, etag: calendar.version };
};
