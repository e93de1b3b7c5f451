import * as z from 'zod';
import { agendaKinds } from '../domain/agenda.ts';
import { calendarBody } from '../domain/calendar.ts';
import { cursor, lazySchema, listOf, pageQuery } from '../domain/schema.ts';
import { civilDate } from '../domain/time.ts';
import { mailEvent } from '../notices/mail-events.ts';
import type { Contract } from '../http/contract.ts';

/** A calendar year in a path, within the range the lunar calendar is derived for. */
const yearParam = z.object({ year: z.string().regex(/^(19(0[1-9]|[1-9]\d)|20\d\d)$/, 'must be a year from 1901 to 2099') });

/** A due agenda item whose step has failed on several days: what it is, since when, how often, and the last error. */
const agendaFailure = lazySchema(() =>
  z.object({
    kind: z.enum(agendaKinds),
    itemKey: z.string().describe("The agenda item's table key, `<pk>#<sk>`"),
    subjectId: z.string().describe('The campaign, naming, recheck, appointment or task the item is'),
    firstFailedOn: civilDate,
    lastFailedOn: civilDate,
    failedDays: z.number().int().min(1).describe('Distinct days its step failed on'),
    lastError: z.object({ type: z.string(), message: z.string() }),
    updatedAt: z.string(),
  }),
);

/** Body of `POST /v1/admin/reindex`: the cursor the previous call answered, none on the first. */
const reindexBody = lazySchema(() => z.strictObject({ cursor }));

/** What one call of the reindex did, and where the next goes on from. */
const reindexResult = lazySchema(() =>
  z.object({
    rewritten: z.number().int().min(0).describe('Items given the keys (or facets) they lacked'),
    skipped: z.number().int().min(0).describe('Items that had them already, or were rewritten meanwhile by a write that gave them'),
    cursor: z.string().optional().describe('Call again with it; absent once every partition is done'),
  }),
);

/** What each route of the `admin` function accepts and answers: the schemas that validate its requests and document it. */
export const adminContract = {
  putCalendar: { params: yearParam, body: calendarBody },
  getCalendar: { params: yearParam },
  postMailEvent: { body: mailEvent },
  listDeadLetters: {},
  redriveNotices: {},
  listAgendaFailures: { query: pageQuery, response: listOf(agendaFailure) },
  reindexTable: { body: reindexBody, response: reindexResult },
} satisfies Contract<'admin'>;
