import * as z from 'zod';
import { calendarBody } from '../domain/calendar.ts';
import { mailEvent } from '../notices/mail-events.ts';
import type { Contract } from '../http/contract.ts';

/** A calendar year in a path, within the range the lunar calendar is derived for. */
const yearParam = z.object({ year: z.string().regex(/^(19(0[1-9]|[1-9]\d)|20\d\d)$/, 'must be a year from 1901 to 2099') });

/** What each route of the `admin` function accepts and answers: the schemas that validate its requests and document it. */
export const adminContract = {
  putCalendar: { params: yearParam, body: calendarBody },
  getCalendar: { params: yearParam },
  postMailEvent: { body: mailEvent },
  listDeadLetters: {},
  redriveNotices: {},
} satisfies Contract<'admin'>;
