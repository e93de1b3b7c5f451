import * as z from 'zod';
import { costQuery, costReport } from '../domain/costs.ts';
import { forecastQuery, type ForecastLine } from '../domain/forecast.ts';
import { lazySchema } from '../domain/schema.ts';
import { civilDate } from '../domain/time.ts';
import { named, type Contract, type Describes } from '../http/contract.ts';

/** One operation's line of a forecast, with the arithmetic that produced it. */
const forecastLine = named(
  lazySchema(() =>
    z.object({
      operation: z.string().describe('A route id or job'),
      driver: z.enum(['units', 'submissions']).describe('What its volume follows'),
      observedCalls: z.number().min(0).describe("Calls in the window (a job's share of one may be a fraction)"),
      scale: z.number().describe('Target ÷ current units, or target ÷ observed submissions'),
      callsPerYear: z.number(),
      medianCost: z.number().describe('Median cost of one call, micro-units'),
      costPerYear: z.number().describe('Micro-units'),
    }),
  ),
  'ForecastLine',
  "One operation's line of a cost forecast (费用预测): observed calls, scaled to a year, times its median cost.",
);

/** A year's cost at a number of units and submissions. */
const forecast = named(
  lazySchema(() =>
    z.object({
      currency: z.string(),
      costPerYear: z.number().describe('Micro-units of the currency'),
      assumptions: z.object({
        window: z.object({ from: civilDate, to: civilDate, days: z.int() }),
        currentUnits: z.int(),
        targetUnits: z.int(),
        observedSubmissionsPerYear: z.number(),
        targetSubmissionsPerYear: z.int(),
        method: z.string(),
      }),
      operations: z.array(forecastLine),
    }),
  ),
  'Forecast',
  "A year's cost forecast (年度费用预测) from the last 90 days' per-operation medians, with its assumptions.",
);

/** What each route of the `finance` function accepts and answers: the schemas that validate its requests and document it. */
export const financeContract = {
  getCosts: {
    query: costQuery,
    response: named(costReport, 'CostReport', 'What requests and jobs cost (云资源费用), grouped by agency, operation, day or month.'),
  },
  getForecast: { query: forecastQuery, response: forecast },
} satisfies Contract<'finance'>;

true satisfies Describes<typeof forecastLine, ForecastLine>;
