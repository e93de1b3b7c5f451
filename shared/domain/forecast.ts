import * as z from 'zod';
import { lazySchema } from './schema.ts';

/** Query of `GET /v1/finance/forecast`. */
export const forecastQuery = lazySchema(() =>
  z.strictObject({
    units: z.coerce.number().int().min(1).max(10_000_000),
    submissionsPerYear: z.coerce.number().int().min(0).max(10_000_000),
  }),
);

/** What was measured of one operation over the window. */
export interface OperationMeasure {
  operation: string;
  calls: number;
  /** Median cost of one call, micro-units. */
  medianCost: number;
}

/** Operations whose volume follows submissions rather than the number of units. */
export const submissionDrivenOperations: readonly string[] = [
  'createSubmission',
  'getSubmission',
  'putSelfAssessment',
  'transitionSubmission',
  'createEvidence',
  'confirmEvidence',
  'listEvidence',
  'createAssignment',
  'declineAssignment',
  'putSheet',
  'getMySheet',
  'closeRound',
  'createAppeal',
  'decideAppeal',
  'createObjection',
  'decideObjection',
];

/** One line of a forecast, with the arithmetic that produced it. */
export interface ForecastLine {
  operation: string;
  driver: 'units' | 'submissions';
  observedCalls: number;
  scale: number;
  callsPerYear: number;
  medianCost: number;
  costPerYear: number;
}

/**
 * A year's cost: each operation's observed calls, annualised from the window and scaled by its driver (target units
 * ÷ current units, or target submissions ÷ observed submissions), times its measured median cost. Pure arithmetic.
 */
export function forecastYear(
  measures: readonly OperationMeasure[],
  window: { days: number; currentUnits: number },
  target: { units: number; submissionsPerYear: number },
): { lines: ForecastLine[]; totalCost: number; observedSubmissionsPerYear: number } {
  const annual = 365 / window.days;
  const observedSubmissionsPerYear = measures.filter((m) => m.operation === 'createSubmission').reduce((s, m) => s + m.calls, 0) * annual;
  const unitScale = target.units / Math.max(1, window.currentUnits);
  const submissionScale = observedSubmissionsPerYear > 0 ? target.submissionsPerYear / observedSubmissionsPerYear : 1;
  const lines = measures.map((m): ForecastLine => {
    const driver = submissionDrivenOperations.includes(m.operation) ? 'submissions' : 'units';
    const scale = driver === 'units' ? unitScale : submissionScale;
    const callsPerYear = m.calls * annual * scale;
    return {
      operation: m.operation,
      driver,
      observedCalls: m.calls,
      scale,
      callsPerYear,
      medianCost: m.medianCost,
      costPerYear: callsPerYear * m.medianCost,
    };
  });
  return { lines, totalCost: lines.reduce((s, l) => s + l.costPerYear, 0), observedSubmissionsPerYear };
}
