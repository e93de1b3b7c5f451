import { z } from 'zod';
import type { FieldProblem } from './errors.ts';
import { applyVariant, type AppliedArea, type FrameworkCreate, type Indicator } from './frameworks.ts';
import { unitTypes, type UnitType } from './units.ts';

/** A value on a sheet: a check, a level key, a number (ratio, benchmark value, bonus points) or a veto flag. */
export const sheetValue = z.union([z.boolean(), z.string().max(16), z.number()]);

/** One reviewer's sheet. */
export const sheetSchema = z.strictObject({
  reviewerId: z.string().min(1).max(100),
  values: z.record(z.string().max(32), sheetValue),
});

/** A reviewer's sheet. */
export type Sheet = z.infer<typeof sheetSchema>;

/** One round: its name, weight in the final, and its sheets. */
export const roundInput = z.strictObject({
  name: z.string().min(1).max(50),
  weight: z.number().min(0).max(1),
  sheets: z.array(sheetSchema).min(1).max(50),
});

/** Body of `POST /v1/frameworks/{id}/score` (a contract). */
export const scoreRequest = z.strictObject({
  unitType: z.enum(unitTypes),
  benchmarks: z.record(z.string(), z.number()).default({}),
  rounds: z.array(roundInput).min(1).max(5),
});

/** A score preview's input. */
export type ScoreRequest = z.infer<typeof scoreRequest>;

/** What a round's sheets must hold: every applicable indicator, every veto, every bonus — each of the right kind. */
export function sheetProblems(f: FrameworkCreate, unitType: UnitType, sheets: readonly Sheet[], at: string): FieldProblem[] {
  const areas = applyVariant(f, unitType);
  const expected = new Map<string, (v: unknown) => string | undefined>();
  for (const ind of areas.flatMap((a) => a.indicators)) expected.set(ind.id, (v) => indicatorValueProblem(ind, v));
  for (const veto of f.vetoes) expected.set(veto.id, (v) => (typeof v === 'boolean' ? undefined : 'must be true or false (veto)'));
  for (const bonus of f.bonuses) {
    expected.set(bonus.id, (v) => (typeof v === 'number' && v >= 0 && v <= bonus.max ? undefined : `must be a number of points in [0, ${bonus.max}]`));
  }
  const problems: FieldProblem[] = [];
  sheets.forEach((sheet, s) => {
    const where = `${at}/sheets/${s}/values`;
    for (const [id, check] of expected) {
      if (!(id in sheet.values)) problems.push({ pointer: `${where}/${id}`, detail: `${id} is missing` });
      else {
        const problem = check(sheet.values[id]);
        if (problem) problems.push({ pointer: `${where}/${id}`, detail: `${id} ${problem}` });
      }
    }
    for (const id of Object.keys(sheet.values)) {
      if (!expected.has(id)) problems.push({ pointer: `${where}/${id}`, detail: `${id} does not apply to a ${unitType} under this framework` });
    }
  });
  const reviewers = sheets.map((s) => s.reviewerId);
  if (new Set(reviewers).size !== reviewers.length) problems.push({ pointer: `${at}/sheets`, detail: 'a reviewer may give one sheet per round' });
  return problems;
}

function indicatorValueProblem(ind: Indicator, v: unknown): string | undefined {
  switch (ind.kind) {
    case 'check': return typeof v === 'boolean' ? undefined : 'must be true or false (check)';
    case 'level': return typeof v === 'string' && v in ind.levels ? undefined : `must be one of the levels ${Object.keys(ind.levels).join(', ')}`;
    case 'ratio': return typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'must be a ratio in [0, 1]';
    case 'benchmark': return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number (compared with the benchmark)';
  }
}

/** The whole request's problems: round weights, benchmarks named by indicators, every sheet. */
export function scoreRequestProblems(f: FrameworkCreate, request: ScoreRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (Math.abs(request.rounds.reduce((s, r) => s + r.weight, 0) - 1) > 1e-9) problems.push({ pointer: '/rounds', detail: 'round weights must sum to 1' });
  const names = request.rounds.map((r) => r.name);
  if (new Set(names).size !== names.length) problems.push({ pointer: '/rounds', detail: 'round names must be unique' });
  for (const ind of applyVariant(f, request.unitType).flatMap((a) => a.indicators)) {
    if (ind.kind === 'benchmark' && request.benchmarks[ind.benchmark] === undefined) {
      problems.push({ pointer: `/benchmarks/${ind.benchmark}`, detail: `is needed by indicator ${ind.id}` });
    }
  }
  request.rounds.forEach((round, r) => problems.push(...sheetProblems(f, request.unitType, round.sheets, `/rounds/${r}`)));
  return problems;
}

/** One reviewer's points for an indicator (values already validated). */
export function indicatorPoints(ind: Indicator, value: unknown, benchmarks: Record<string, number>): number {
  switch (ind.kind) {
    case 'check': return value === true ? ind.max : 0;
    case 'level': return ind.max * ind.levels[value as string]!;
    case 'ratio': {
      const v = value as number;
      if (v >= ind.target) return ind.max;
      if (v <= ind.floor) return 0;
      return (ind.max * (v - ind.floor)) / (ind.target - ind.floor);
    }
    case 'benchmark': return (value as number) >= benchmarks[ind.benchmark]! ? ind.max : 0;
  }
}

/** Reviewers' points for one item, trimmed: with 5 or more drop one highest and one lowest, then the mean. */
export function trimmedMean(entries: readonly { reviewerId: string; points: number }[]): { mean: number; dropped: string[] } {
  if (entries.length < 5) return { mean: entries.reduce((s, e) => s + e.points, 0) / entries.length, dropped: [] };
  // Ties are broken by reviewer id, so the order of sheets never matters.
  const sorted = [...entries].sort((a, b) => a.points - b.points || (a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0));
  const kept = sorted.slice(1, -1);
  return { mean: kept.reduce((s, e) => s + e.points, 0) / kept.length, dropped: [sorted[0]!.reviewerId, sorted.at(-1)!.reviewerId] };
}

/** An indicator's line in a breakdown. */
export interface IndicatorScore { id: string; points: number; max: number; values: unknown[]; dropped: string[] }
/** An area's line in a breakdown. */
export interface AreaScore { id: string; weight: number; score: number; indicators: IndicatorScore[] }
/** A round's breakdown. */
export interface RoundScore {
  name: string; weight: number; total: number; base: number; bonus: number; vetoed: boolean;
  vetoes: { id: string; marks: number; sheets: number }[];
  areas: AreaScore[];
  bonuses: { id: string; points: number; values: unknown[]; dropped: string[] }[];
}
/** A submission's result, explainable line by line. */
export interface ScoreResult { final: number; vetoed: boolean; vetoes: string[]; rounds: RoundScore[] }

function scoreArea(area: AppliedArea, sheets: readonly Sheet[], benchmarks: Record<string, number>): AreaScore {
  const indicators = area.indicators.map((ind): IndicatorScore => {
    const { mean, dropped } = trimmedMean(sheets.map((s) => ({ reviewerId: s.reviewerId, points: indicatorPoints(ind, s.values[ind.id], benchmarks) })));
    return { id: ind.id, points: mean, max: ind.max, values: sheets.map((s) => s.values[ind.id]), dropped };
  });
  const max = indicators.reduce((s, i) => s + i.max, 0);
  const score = max === 0 ? 0 : (area.weight * indicators.reduce((s, i) => s + i.points, 0)) / max;
  return { id: area.id, weight: area.weight, score, indicators };
}

/**
 * Scores a submission at full precision (DOMAIN.md rules 7–8; the scoring issue's rules): per round, trimmed means
 * per indicator and bonus item, weighted areas, capped bonus, veto by strict majority; final = Σ weight × total.
 * Inputs must have passed scoreRequestProblems.
 */
export function scoreSubmission(f: FrameworkCreate, request: ScoreRequest): ScoreResult {
  const areas = applyVariant(f, request.unitType);
  const rounds = request.rounds.map((round): RoundScore => {
    const areaScores = areas.map((a) => scoreArea(a, round.sheets, request.benchmarks));
    const base = areaScores.reduce((s, a) => s + a.score, 0);
    const bonuses = f.bonuses.map((b) => {
      const { mean, dropped } = trimmedMean(round.sheets.map((s) => ({ reviewerId: s.reviewerId, points: s.values[b.id] as number })));
      return { id: b.id, points: mean, values: round.sheets.map((s) => s.values[b.id]), dropped };
    });
    const bonus = Math.min(bonuses.reduce((s, b) => s + b.points, 0), f.bonusCap);
    const vetoes = f.vetoes.map((v) => ({ id: v.id, marks: round.sheets.filter((s) => s.values[v.id] === true).length, sheets: round.sheets.length }));
    const vetoed = vetoes.some((v) => v.marks * 2 > v.sheets);
    return { name: round.name, weight: round.weight, total: base + bonus, base, bonus, vetoed, vetoes, areas: areaScores, bonuses };
  });
  const triggered = [...new Set(rounds.flatMap((r) => r.vetoes.filter((v) => v.marks * 2 > v.sheets).map((v) => v.id)))];
  return { final: rounds.reduce((s, r) => s + r.weight * r.total, 0), vetoed: rounds.some((r) => r.vetoed), vetoes: triggered, rounds };
}

/** Rounds half-up to 2 decimals (exact for the decimal a figure prints as, not its binary neighbour). */
export function round2(x: number): number {
  // toPrecision(12) removes the binary noise of ×100 (1.005 × 100 = 100.49999999999999 → 100.5) before rounding.
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * 100).toPrecision(12)))) / 100 + 0;
}

/** A result with every figure rounded half-up to 2 decimals, as responses show it. */
export function roundResult(result: ScoreResult): ScoreResult {
  return {
    ...result,
    final: round2(result.final),
    rounds: result.rounds.map((r) => ({
      ...r, total: round2(r.total), base: round2(r.base), bonus: round2(r.bonus),
      areas: r.areas.map((a) => ({ ...a, score: round2(a.score), indicators: a.indicators.map((i) => ({ ...i, points: round2(i.points) })) })),
      bonuses: r.bonuses.map((b) => ({ ...b, points: round2(b.points) })),
    })),
  };
}
