import { listDue } from '../../shared/data/agenda.ts';
import {
  agendaFailingMetric,
  failureKey,
  listedAfterDays,
  recordFailure,
  settleFailures,
  type StepError,
} from '../../shared/data/agenda-failures.ts';
import type { Page } from '../../shared/data/pagination.ts';
import type { Store } from '../../shared/data/store.ts';
import type { AgendaKind } from '../../shared/domain/agenda.ts';
import { ProblemError } from '../../shared/domain/errors.ts';
import { maskPersonal } from '../../shared/domain/personal.ts';
import { jobFunction } from '../../shared/jobs/handler.ts';
import { logger } from '../../shared/logger.ts';
import { enqueueNotices } from '../../shared/notices/queue.ts';
import { agendaHandlers, type AgendaHandler, type AgendaWork } from './agenda-handlers.ts';
import { weeklyDigest } from './weekly-digest.ts';
import { weeklyDigestSchedule } from '../../shared/domain/weekly-digest.ts';
import { getAuthorities } from '../../shared/data/authorities.ts';
import { agenciesOf } from '../../shared/notices/audience.ts';
import { mainStore, noticeQueue } from '../../shared/clients.ts';

/** Set by Lambda; the metric's dimension. Outside Lambda no CloudWatch reads the log, so no metric is written. */
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;

/** What a failure record keeps of an error: its stable type and its message without personal data; never the stack. */
function stepError(error: unknown): StepError {
  const type = error instanceof ProblemError ? error.type : error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { type, message: maskPersonal(message).slice(0, 500) };
}

/** Records that one item's step failed today (the sweep goes on with the others); returns its record's key. */
async function recordStepFailure(
  store: Store,
  kind: AgendaKind,
  item: Record<string, unknown>,
  error: unknown,
  today: string,
  now: string,
): Promise<string> {
  const itemKey = `${String(item.pk)}#${String(item.sk)}`;
  const failed = { kind, itemKey, subjectId: typeof item.id === 'string' ? item.id : itemKey, error: stepError(error) };
  const record = await recordFailure(store, failed, today, now);
  const detail = {
    kind,
    itemKey,
    subjectId: failed.subjectId,
    failedDays: record.failedDays,
    errorType: failed.error.type,
    detail: failed.error.message,
  };
  // A refusal may clear up by itself (the conflicting change passes); anything else is logged with its stack.
  if (error instanceof ProblemError) logger.warn('Agenda step refused; recorded, tried again on the next sweep', detail);
  else logger.error('Agenda step failed; recorded, tried again on the next sweep', { ...detail, error: error as Error });
  return failureKey(kind, itemKey);
}

/** Writes how many items are listed as failing as a CloudWatch metric, in Embedded Metric Format (the stack alarms on it). */
function putFailingMetric(count: number, now: string): void {
  if (!functionName) return;
  const { namespace, name, dimension } = agendaFailingMetric;
  const metric = { Namespace: namespace, Dimensions: [[dimension]], Metrics: [{ Name: name, Unit: 'Count' }] };
  process.stdout.write(
    `${JSON.stringify({ _aws: { Timestamp: Date.parse(now), CloudWatchMetrics: [metric] }, [dimension]: functionName, [name]: count })}\n`,
  );
}

/** What a run sweeps: on the weekly digest's schedule the digests due, on any other every daily kind of deadline. */
const sweptOn = (schedule: string | undefined): readonly AgendaHandler[] =>
  schedule === weeklyDigestSchedule ? [weeklyDigest] : agendaHandlers;

/**
 * The daily sweep: for each kind of deadline, reads only what is due by today from the agenda index; for each item
 * queues its notice (deterministic id, so a re-run sends nothing twice) and then moves it to its next milestone with
 * a conditional update. The notice is queued before the move, so a crash in between repeats a notice the notifier
 * drops, never loses one; two sweeps at once move each item once. An item whose step fails (refused or broken) is
 * recorded, not allowed to stop the others, and tried again the next day; once it has failed on `listedAfterDays`
 * days it is listed for admins and counted in the metric the stack alarms on, until its step succeeds. The same
 * function sends the weekly digest on a schedule of its own (Mondays 09:00), with the same steps.
 */
export const handler = jobFunction('agenda-sweep', async (run) => {
  const { today, now } = run;
  const store = mainStore();
  const counts: Record<string, { due: number; queued: number; advanced: number; failed: number }> = {};
  const failing = new Set<string>();
  const swept = sweptOn(run.schedule);
  for (const agenda of swept) {
    const count = { due: 0, queued: 0, advanced: 0, failed: 0 };
    let cursor: string | undefined;
    do {
      const page: Page<Record<string, unknown>> = await listDue(store, agenda.kind, today, 100, cursor);
      const directory = await getAuthorities(store, agenciesOf(page.items));
      const prepared = await agenda.prepare?.(store, page.items, directory);
      const work = page.items.map((item): { item: Record<string, unknown>; planned?: AgendaWork; error?: unknown } => {
        try {
          return { item, planned: agenda.plan(item, run, directory, prepared) };
        } catch (error) {
          return { item, error };
        }
      });
      const notices = work.flatMap((w) => (w.planned?.notice ? [w.planned.notice] : []));
      await enqueueNotices(noticeQueue(), notices);
      for (const { item, planned, error } of work) {
        try {
          if (!planned) throw error;
          if (await planned.advance(store)) count.advanced += 1;
        } catch (failure) {
          failing.add(await recordStepFailure(store, agenda.kind, item, failure, today, now));
          count.failed += 1;
        }
      }
      count.due += work.length;
      count.queued += notices.length;
      cursor = page.cursor;
    } while (cursor);
    counts[agenda.kind] = count;
  }
  const kinds = new Set(swept.map((agenda) => agenda.kind));
  const listed = (await settleFailures(store, failing, today, kinds)).filter((f) => f.failedDays >= listedAfterDays).length;
  putFailingMetric(listed, now);
  return { today, ...counts, listedFailures: listed };
});
