import { Cron } from 'croner';
import { schedules, type ScheduleDef } from '../../shared/topology.ts';
import { invoke } from './invoke.ts';

/**
 * Converts an EventBridge Scheduler cron (`min hour day-of-month month day-of-week year`, `?` for "any") to croner's
 * five fields. Day-of-week names (MON–SUN) mean the same in both; numbers do not, so the topology uses names.
 */
export function toCroner(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`Expected six cron fields (EventBridge Scheduler syntax): ${cron}`);
  if (/\d/.test(fields[4]!)) throw new Error(`Use day-of-week names, not numbers: ${cron}`);
  return fields
    .slice(0, 5)
    .map((f) => (f === '?' ? '*' : f))
    .join(' ');
}

/** The input EventBridge Scheduler sends a job; `date` is set only when a person runs the job for a given day. */
export function scheduleInput(schedule: ScheduleDef, date?: string): Record<string, string> {
  return { schedule: schedule.name, ...(date ? { date } : {}) };
}

/** Starts every schedule of the topology in its time zone; returns a stop function. */
export function startSchedules(onError: (error: unknown) => void = console.error): () => void {
  const jobs = (schedules as readonly ScheduleDef[]).map(
    (schedule) =>
      new Cron(toCroner(schedule.cron), { timezone: schedule.timeZone, protect: true }, async () => {
        try {
          await invoke(schedule.fn, scheduleInput(schedule));
        } catch (error) {
          onError(error);
        }
      }),
  );
  return () => {
    for (const job of jobs) job.stop();
  };
}
