import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../logger.ts';
import { civilDate, civilDateAt } from '../domain/time.ts';
import { metering } from '../metering/middleware.ts';
import { getConfig, type Config } from '../config.ts';

/** What a scheduled job is given: the civil date it runs for, and the instant. */
export interface JobRun {
  today: string;
  now: string;
  /** True when a person chose the date (`npm run job -- NAME --date D`), not the clock. */
  dateGiven: boolean;
  /** The schedule that invoked the job (`shared/topology.ts`), when one did. */
  schedule?: string;
  /** This process's configuration, read once. */
  config: Config;
}

const scheduleInput = z.object({ schedule: z.string().optional(), date: civilDate.optional() });

/**
 * The Lambda handler of a scheduled job. The clock is read here, at the edge, and only when the input names no
 * date; domain code receives `today` as a parameter.
 */
export function jobFunction<R>(name: string, run: (job: JobRun) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metering<unknown, R>({ http: false, operation: () => name, agencyId: () => 'platform' }))
    .handler(async (event) => {
      const input = scheduleInput.parse(event ?? {});
      const instant = new Date();
      const job: JobRun = {
        today: input.date ?? civilDateAt(instant),
        now: instant.toISOString(),
        dateGiven: input.date !== undefined,
        ...(input.schedule ? { schedule: input.schedule } : {}),
        config: getConfig(),
      };
      logger.appendInvocationKeys({ job: name, today: job.today });
      const result = await run(job);
      logger.info('Job finished', { result: result as Record<string, unknown> });
      return result;
    });
}
