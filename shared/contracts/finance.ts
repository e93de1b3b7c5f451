import { costQuery, costReport } from '../domain/costs.ts';
import { forecastQuery } from '../domain/forecast.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `finance` function accepts and answers: the schemas that validate its requests and document it. */
export const financeContract = {
  getCosts: { query: costQuery, response: costReport },
  getForecast: { query: forecastQuery },
} satisfies Contract<'finance'>;
