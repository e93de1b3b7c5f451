import * as z from 'zod';
import { agendaKinds } from '../domain/agenda.ts';
import { calendarBody } from '../domain/calendar.ts';
import { allOf, cursor, lazySchema, listOf, pageQuery } from '../domain/schema.ts';
import { civilDate } from '../domain/time.ts';
import { mailEvent } from '../notices/mail-events.ts';
import { named, type Contract } from '../http/contract.ts';
import { erasureBody } from '../domain/submissions.ts';

/** A calendar year in a path, within the range the lunar calendar is derived for. */
const yearParam = z.object({ year: z.string().regex(/^(19(0[1-9]|[1-9]\d)|20\d\d)$/, 'must be a year from 1901 to 2099') });

/** A due agenda item whose step has failed on several days: what it is, since when, how often, and the last error. */
const agendaFailure = named(
  lazySchema(() =>
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
  ),
  'AgendaFailure',
  'An agenda item (待办事项) whose scheduled step has failed on several days, with its last error.',
);

/** Body of `POST /v1/admin/reindex`: the cursor the previous call answered, none on the first. */
const reindexBody = named(
  lazySchema(() => z.strictObject({ cursor })),
  'ReindexRequest',
  'A call of the reindex (重建索引): none on the first, then the cursor the previous call answered.',
);

/** What one call of the reindex did, and where the next goes on from. */
const reindexResult = named(
  lazySchema(() =>
    z.object({
      rewritten: z.number().int().min(0).describe('Items given the keys (or facets) they lacked'),
      skipped: z.number().int().min(0).describe('Items that had them already, or were rewritten meanwhile by a write that gave them'),
      cursor: z.string().optional().describe('Call again with it; absent once every partition is done'),
    }),
  ),
  'ReindexResult',
  'What one call of the reindex (重建索引) did, and the cursor to call again with.',
);

/** A year's working-day calendar and where it comes from. */
const calendar = lazySchema(() =>
  z.object({
    year: z.int(),
    holidays: z.array(civilDate).describe('Days off (放假), sorted'),
    workdays: z.array(civilDate).describe('Make-up workdays (调休上班), sorted'),
    source: z
      .enum(['loaded', 'published', 'derived'])
      .describe('loaded by an admin, published (built in), or derived from the lunar calendar'),
    version: z.int().optional().describe('A loaded calendar: its version'),
    updatedAt: z.string().optional().describe('A loaded calendar: when it was loaded'),
  }),
);

/** An SES event's addresses that mail now skips. */
const suppressedAddress = lazySchema(() => z.object({ address: z.string(), reason: z.enum(['hard-bounce', 'complaint']) }));

/** A notice left in the dead-letter queue. */
const deadLetter = named(
  lazySchema(() =>
    z.object({
      messageId: z.string().optional(),
      noticeId: z.string().optional(),
      to: z.array(z.string()).optional(),
      subject: z.string().optional(),
      sentAt: z.string(),
    }),
  ),
  'DeadLetter',
  'A notice (通知) that failed maxReceiveCount times and waits in the dead-letter queue (死信队列).',
);

/** What each route of the `admin` function accepts and answers: the schemas that validate its requests and document it. */
export const adminContract = {
  putCalendar: {
    params: yearParam,
    body: named(calendarBody, 'CalendarPut', "A year's official arrangement (放假安排): holidays and make-up workdays."),
    response: named(
      lazySchema(() =>
        calendar.unwrap().extend({
          version: z.int(),
          updatedAt: z.string(),
          recomputedDeadlines: z.int().min(0).describe('Provisional deadlines counted again on this calendar'),
        }),
      ),
      'CalendarLoaded',
      "A year's calendar as loaded (已录入), and how many provisional deadlines were counted again.",
    ),
    etag: true,
  },
  getCalendar: {
    params: yearParam,
    response: named(
      lazySchema(() => calendar.unwrap().extend({ provisional: z.boolean().describe('derived: deadlines counted on it are provisional') })),
      'Calendar',
      "A year's working-day calendar (工作日历) and its source: loaded, published or derived (provisional).",
    ),
    etag: 'optional',
  },
  postMailEvent: {
    body: named(mailEvent, 'MailEvent', 'An SES bounce or complaint event (退信、投诉), as SNS delivers it.'),
    response: named(
      lazySchema(() => z.object({ suppressed: z.array(suppressedAddress) })),
      'MailEventResult',
      'The addresses the event suppressed (停止发送): hard bounces and complaints.',
    ),
  },
  listDeadLetters: { response: named(allOf(deadLetter), 'DeadLetterList') },
  redriveNotices: {
    response: named(
      lazySchema(() => z.object({ moved: z.int().min(0) })),
      'Redrive',
      'How many dead-letter notices went back to the notices queue (重新投递).',
    ),
  },
  listAgendaFailures: { query: pageQuery, response: named(listOf(agendaFailure), 'AgendaFailurePage') },
  reindexTable: { body: reindexBody, response: reindexResult },
  erasePersonalData: {
    body: named(erasureBody, 'ErasureRequest', "Why an advanced individual's personal data is erased (删除个人信息的理由)."),
    response: named(
      lazySchema(() =>
        z.object({
          submissionId: z.string(),
          name: z.string(),
          workUnit: z.string(),
          erased: z.object({ on: civilDate, by: z.string(), reason: z.string() }),
        }),
      ),
      'Erasure',
      "An advanced individual's nomination after erasure: the name and the work unit stay (the honour is public); when, by whom and why the rest went.",
    ),
  },
} satisfies Contract<'admin'>;
