import { daysBetween } from '../../shared/domain/costs.ts';
import { forecastYear } from '../../shared/domain/forecast.ts';
import { getConfig } from '../../shared/config.ts';
import { countUnits } from '../../shared/data/units.ts';
import { histogramMedian, readLedger } from '../../shared/metering/ledger.ts';
import { priceTableFor } from '../../shared/metering/prices.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore, usageStore } from '../../shared/clients.ts';

/** How far back the forecast measures. */
const windowDays = 90;

/** `GET /v1/finance/forecast?units=&submissionsPerYear=`: a year's cost from the last 90 days' per-operation medians. */
export const getForecast: RouteImpl<undefined, { units: number; submissionsPerYear: number }> = async (request) => {
  const to = request.today;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (windowDays - 1) * 86_400_000).toISOString().slice(0, 10);
  const [ledger, currentUnits] = await Promise.all([readLedger(usageStore(), daysBetween(from, to)), countUnits(mainStore())]);
  const byOperation = new Map<string, { calls: number; histogram: Record<string, number> }>();
  for (const row of ledger) {
    const op = byOperation.get(row.operation) ?? { calls: 0, histogram: {} };
    op.calls += row.invocations;
    for (const [bucket, n] of Object.entries(row.histogram)) op.histogram[bucket] = (op.histogram[bucket] ?? 0) + n;
    byOperation.set(row.operation, op);
  }
  const measures = [...byOperation.entries()].map(([operation, m]) => ({
    operation,
    calls: m.calls,
    medianCost: histogramMedian(m.histogram),
  }));
  const result = forecastYear(measures, { days: windowDays, currentUnits }, request.query);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    body: {
      currency: priceTableFor(getConfig().AWS_REGION, to).currency,
      costPerYear: Math.round(result.totalCost),
      assumptions: {
        window: { from, to, days: windowDays },
        currentUnits,
        targetUnits: request.query.units,
        observedSubmissionsPerYear: round(result.observedSubmissionsPerYear),
        targetSubmissionsPerYear: request.query.submissionsPerYear,
        method: 'observed calls per operation, annualised and scaled by their driver, times the median cost per call (within ~19%)',
      },
      operations: result.lines.map((l) => ({
        ...l,
        scale: round(l.scale),
        callsPerYear: Math.round(l.callsPerYear),
        medianCost: round(l.medianCost),
        costPerYear: Math.round(l.costPerYear),
      })),
    },
  };
};
