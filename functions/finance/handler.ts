import { httpFunction } from '../../shared/http/handler.ts';
import { financeContract } from '../../shared/contracts/finance.ts';
import { getCosts } from './get-costs.ts';
import { getForecast } from './get-forecast.ts';

/** Cost reports and the forecast. */
export const handler = httpFunction('finance', financeContract, { getCosts, getForecast });
