import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { civilDate } from './time.ts';
import { says } from './errors.ts';

/** How cost rows are grouped. */
export const costGroupings = ['agency', 'operation', 'day', 'month'] as const;

/** Longest range a cost report covers, in days. */
export const maxReportDays = 400;

/** Days from `from` to `to`, both included (civil dates). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Query of `GET /v1/finance/costs`. */
export const costQuery = lazySchema(() =>
  z
    .strictObject({
      from: civilDate,
      to: civilDate,
      groupBy: z.enum(costGroupings).default('agency'),
      agencyId: z.string().min(1).max(100).optional(),
    })
    .superRefine((q, ctx) => {
      if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: says('不得晚于 to', 'must not be after to') });
      else if (daysBetween(q.from, q.to).length > maxReportDays)
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: says(`时间范围最多 ${maxReportDays} 天`, `the range may cover at most ${maxReportDays} days`),
        });
    }),
);

/** One row of a cost report. */
export const costRow = lazySchema(() =>
  z.object({
    key: z.string(),
    requests: z.number().describe('invocations; a job that served several agencies counts as a fraction of one for each'),
    gbSeconds: z.number(),
    readUnits: z.number(),
    writeUnits: z.number(),
    sqsRequests: z.number().describe("an agency's share of a job's may be a fraction, as for requests"),
    emails: z.number().describe("an agency's share of a job's may be a fraction, as for requests"),
    recipients: z.number().describe("an agency's share of a job's may be a fraction, as for requests"),
    cost: z.number().int().describe('micro-units of the currency (1e-6)'),
    currency: z.string(),
    unpricedUnits: z.record(z.string(), z.number()).describe('usage with no known price, by kind; not included in cost'),
  }),
);

/** A cost report. */
export const costReport = lazySchema(() =>
  z.object({ groupBy: z.enum(costGroupings), from: civilDate, to: civilDate, rows: z.array(costRow) }),
);

/** One row of a cost report. */
export type CostRow = z.infer<typeof costRow>;
