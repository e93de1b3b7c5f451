import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { text, type FieldProblem, type Text } from './errors.ts';
import {
  applyVariant,
  scoringProfiles,
  type AppliedArea,
  type FrameworkCreate,
  type Indicator,
  type ScoringProfile,
} from './frameworks.ts';

/** A value on a sheet: a check, a level key, a number (ratio, benchmark or growth value, bonus points) or a veto flag. */
export const sheetValue = lazySchema(() => z.union([z.boolean(), z.string().max(16), z.number()]));

/** One reviewer's sheet. */
export const sheetSchema = lazySchema(() =>
  z.strictObject({
    reviewerId: z.string().min(1).max(100),
    values: z.record(z.string().max(32), sheetValue),
  }),
);

/** A reviewer's sheet. */
export type Sheet = z.infer<typeof sheetSchema>;

/** One round: its name, weight in the final, and its sheets. */
export const roundInput = lazySchema(() =>
  z.strictObject({
    name: z.string().min(1).max(50),
    weight: z.number().min(0).max(1),
    sheets: z.array(sheetSchema).min(1).max(50),
  }),
);

/** Body of `POST /v1/frameworks/{id}/score` (a contract). */
export const scoreRequest = lazySchema(() =>
  z.strictObject({
    unitType: z.enum(scoringProfiles).describe("the unit's type, or zone: a 示范区 scored on the framework's zone variant"),
    benchmarks: z.record(z.string(), z.number()).default({}),
    previous: z
      .record(z.string().max(32), z.number())
      .default({})
      .describe(
        "the unit's values in its previous evaluation, by growth indicator id; a growth indicator without one is left out of its area (points 0, max 0, `baseline: 'none'`)",
      ),
    rounds: z.array(roundInput).min(1).max(5),
  }),
);

/** A score preview's input (`previous` may be absent: a request built in code names only what it has). */
export type ScoreRequest = Omit<z.infer<typeof scoreRequest>, 'previous'> & { previous?: Record<string, number> };

/** A scored item (indicator or bonus) with its checks and points, worked out once per framework. */
interface Item {
  id: string;
  max: number;
  /** Points for a value, or NaN when the value is not valid for the item (then `problemOf` says why). */
  pointsOf(value: unknown, benchmarks: Record<string, number>, previous: Record<string, number>): number;
  problemOf(value: unknown): Text | undefined;
}

/** Points of one indicator kind, specialised at compile time: no dispatch per value. NaN marks an invalid value. */
function pointsFunction(ind: Indicator): Item['pointsOf'] {
  const { max } = ind;
  switch (ind.kind) {
    case 'check':
      return (v) => (v === true ? max : v === false ? 0 : NaN);
    case 'level': {
      const { levels } = ind;
      return (v) => {
        const fraction = typeof v === 'string' && Object.hasOwn(levels, v) ? levels[v]! : NaN;
        return max * fraction;
      };
    }
    case 'ratio': {
      const { target, floor } = ind;
      return (v) => {
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return NaN;
        return v >= target ? max : v <= floor ? 0 : (max * (v - floor)) / (target - floor);
      };
    }
    case 'benchmark': {
      const { benchmark } = ind;
      return (v, benchmarks) => (typeof v !== 'number' || !Number.isFinite(v) ? NaN : v >= benchmarks[benchmark]! ? max : 0);
    }
    case 'growth': {
      const { id } = ind;
      const factor = 1 + ind.minRise;
      return (v, _benchmarks, previous) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) return NaN;
        const before = previous[id];
        if (before === undefined) return 0;
        // The rise must be real (v > before) and reach before × (1 + minRise), within binary noise (6 × 1.1 = 6.6000000000000005).
        const needed = before * factor;
        return v > before && v >= needed - Math.abs(needed) * 1e-12 ? max : 0;
      };
    }
  }
}

/**
 * A framework compiled for one unit type: applicable areas with their items, bonuses, vetoes, and a slot per id a
 * sheet holds (indicators in area order, then bonuses, then vetoes). `order` remembers the key order of the last
 * complete sheet seen: sheets written by one client repeat it, and their values are then read by position.
 */
interface Compiled {
  areas: { id: string; weight: number; indicators: (Item & { item: Indicator; slot: number; growth: boolean })[] }[];
  bonuses: (Item & { slot: number })[];
  vetoes: { id: string; slot: number }[];
  slotOf: Map<string, number>;
  idOf: string[];
  order?: { keys: string[]; slots: Int32Array };
}

const compiledFrameworks = new WeakMap<FrameworkCreate, Map<ScoringProfile, Compiled>>();

/** Compiles a framework for a unit type once per framework object, so that scoring allocates no closures. */
function compile(f: FrameworkCreate, unitType: ScoringProfile): Compiled {
  let byType = compiledFrameworks.get(f);
  if (!byType) compiledFrameworks.set(f, (byType = new Map()));
  let found = byType.get(unitType);
  if (found) return found;
  let slot = 0;
  const areas = applyVariant(f, unitType).map((area: AppliedArea) => ({
    id: area.id,
    weight: area.weight,
    indicators: area.indicators.map((ind) => ({
      id: ind.id,
      max: ind.max,
      item: ind,
      slot: slot++,
      growth: ind.kind === 'growth',
      problemOf: (v: unknown) => indicatorValueProblem(ind, v),
      pointsOf: pointsFunction(ind),
    })),
  }));
  const bonuses = f.bonuses.map((b) => ({
    id: b.id,
    max: b.max,
    slot: slot++,
    problemOf: (v: unknown) =>
      typeof v === 'number' && v >= 0 && v <= b.max
        ? undefined
        : text(`须为 [0, ${b.max}] 内的分值`, `must be a number of points in [0, ${b.max}]`),
    pointsOf: (v: unknown) => (typeof v === 'number' && v >= 0 && v <= b.max ? v : NaN),
  }));
  const vetoes = f.vetoes.map((v) => ({ id: v.id, slot: slot++ }));
  const idOf = [...areas.flatMap((a) => a.indicators.map((i) => i.id)), ...bonuses.map((b) => b.id), ...vetoes.map((v) => v.id)];
  found = { areas, bonuses, vetoes, slotOf: new Map(idOf.map((id, i) => [id, i])), idOf };
  byType.set(unitType, found);
  return found;
}

/**
 * Reads a round's sheets into one column per slot (the raw values in sheet order, as the breakdown shows them).
 * A sheet whose keys come in the remembered order is read by position; any other is read key by key, and its
 * unknown ids are reported.
 */
function columnsOf(c: Compiled, sheets: readonly Sheet[], at: string, unitType: ScoringProfile, problems: Problems): unknown[][] {
  const n = sheets.length;
  const slots = c.idOf.length;
  const columns: unknown[][] = new Array(slots);
  for (let j = 0; j < slots; j++) columns[j] = new Array(n);
  for (let s = 0; s < n; s++) {
    const values = sheets[s]!.values;
    const keys = Object.keys(values);
    const order = c.order;
    let same = order !== undefined && keys.length === order.keys.length;
    for (let i = 0; same && i < keys.length; i++) same = keys[i] === order!.keys[i];
    if (same) {
      const vals = Object.values(values);
      const positions = order!.slots;
      for (let i = 0; i < vals.length; i++) columns[positions[i]!]![s] = vals[i];
      continue;
    }
    const positions = new Int32Array(keys.length);
    let known = 0;
    for (let i = 0; i < keys.length; i++) {
      const slot = c.slotOf.get(keys[i]!);
      if (slot === undefined) {
        problems.add(
          `${at}/sheets/${s}/values/${keys[i]}`,
          text(`按本测评体系，${keys[i]} 不适用于 ${unitType} 类单位`, `${keys[i]} does not apply to a ${unitType} under this framework`),
        );
        continue;
      }
      columns[slot]![s] = values[keys[i]!];
      positions[i] = slot;
      known += 1;
    }
    // A complete sheet of known ids teaches the order the next sheets are likely to repeat.
    if (known === keys.length && known === slots) c.order = { keys, slots: positions };
  }
  return columns;
}

function indicatorValueProblem(ind: Indicator, v: unknown): Text | undefined {
  switch (ind.kind) {
    case 'check':
      return typeof v === 'boolean' ? undefined : text('须为 true 或 false（是否项）', 'must be true or false (check)');
    case 'level':
      return typeof v === 'string' && Object.hasOwn(ind.levels, v)
        ? undefined
        : text(
            `须为以下等级之一：${Object.keys(ind.levels).join('、')}`,
            `must be one of the levels ${Object.keys(ind.levels).join(', ')}`,
          );
    case 'ratio':
      return typeof v === 'number' && v >= 0 && v <= 1 ? undefined : text('须为 [0, 1] 内的比例', 'must be a ratio in [0, 1]');
    case 'benchmark':
      return typeof v === 'number' && Number.isFinite(v)
        ? undefined
        : text('须为数值（与基准值比较）', 'must be a number (compared with the benchmark)');
    case 'growth':
      return typeof v === 'number' && Number.isFinite(v)
        ? undefined
        : text('须为数值（与上次测评比较）', 'must be a number (compared with the previous evaluation)');
  }
}

/** An indicator's line in a breakdown. */
export interface IndicatorScore {
  id: string;
  points: number;
  max: number;
  values: unknown[];
  dropped: string[];
  /** A growth indicator's previous value; `'none'` in a unit's first evaluation, when the line counts for nothing (max 0). */
  baseline?: number | 'none';
}
/** An area's line in a breakdown. */
export interface AreaScore {
  id: string;
  weight: number;
  score: number;
  indicators: IndicatorScore[];
}
/** A round's breakdown. */
export interface RoundScore {
  name: string;
  weight: number;
  total: number;
  base: number;
  bonus: number;
  vetoed: boolean;
  vetoes: { id: string; marks: number; sheets: number }[];
  areas: AreaScore[];
  bonuses: IndicatorScore[];
}
/** A submission's result, explainable line by line. */
export interface ScoreResult {
  final: number;
  vetoed: boolean;
  vetoes: string[];
  rounds: RoundScore[];
}

/** Collects problems while scoring; allocated only when something is wrong. */
class Problems {
  list: FieldProblem[] = [];
  add(pointer: string, detail: Text): void {
    this.list.push({ pointer, detail });
  }
}

const noneDropped: readonly string[] = Object.freeze([]);
const noPrevious: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** Marks a growth line with its baseline; without one the line leaves its area (max 0), which is scored on the rest. */
function withBaseline(line: IndicatorScore, before: number | undefined): void {
  if (before === undefined) {
    line.max = 0;
    line.baseline = 'none';
  } else line.baseline = before;
}

/**
 * One item (indicator or bonus) across a round's sheets in a single pass over its column: checks each value, and
 * takes the mean of the points — with 5 or more sheets, less one lowest and one highest by (points, reviewer id),
 * so that the order of sheets never matters.
 */
function scoreItem(
  item: Item,
  values: unknown[],
  sheets: readonly Sheet[],
  benchmarks: Record<string, number>,
  previous: Record<string, number>,
  at: string,
  problems: Problems,
): IndicatorScore {
  const { id } = item;
  const n = sheets.length;
  let sum = 0;
  let low = 0;
  let high = 0;
  let lowPoints = Infinity;
  let highPoints = -Infinity;
  for (let s = 0; s < n; s++) {
    const value = values[s];
    const p = item.pointsOf(value, benchmarks, previous);
    if (Number.isNaN(p)) {
      const problem = value === undefined ? text('缺失', 'is missing') : item.problemOf(value)!;
      problems.add(`${at}/sheets/${s}/values/${id}`, text(`${id} ${problem.zh}`, `${id} ${problem.en}`));
      continue;
    }
    sum += p;
    if (p < lowPoints || (p === lowPoints && sheets[s]!.reviewerId < sheets[low]!.reviewerId)) {
      low = s;
      lowPoints = p;
    }
    if (p > highPoints || (p === highPoints && sheets[s]!.reviewerId > sheets[high]!.reviewerId)) {
      high = s;
      highPoints = p;
    }
  }
  if (n < 5) return { id, points: sum / n, max: item.max, values, dropped: noneDropped as string[] };
  return {
    id,
    points: (sum - lowPoints - highPoints) / (n - 2),
    max: item.max,
    values,
    dropped: [sheets[low]!.reviewerId, sheets[high]!.reviewerId],
  };
}

/**
 * Checks and scores a submission in one pass, at full precision (DOMAIN.md rules 7–8; the scoring issue's rules):
 * per round, trimmed means per indicator and bonus item, weighted areas, capped bonus, veto by strict majority;
 * final = Σ weight × total. A growth indicator is compared with `previous`; one without a previous value (a unit's
 * first evaluation) is left out of its area, whose score is then its weight × earned ÷ the max of its other
 * indicators. When `problems` is not empty the result means nothing.
 */
export function evaluateScore(f: FrameworkCreate, request: ScoreRequest): { problems: FieldProblem[]; result: ScoreResult } {
  const problems = new Problems();
  const scoring = compile(f, request.unitType);
  const { areas } = scoring;
  if (Math.abs(request.rounds.reduce((s, r) => s + r.weight, 0) - 1) > 1e-9)
    problems.add('/rounds', text('各轮权重之和须为 1', 'round weights must sum to 1'));
  if (new Set(request.rounds.map((r) => r.name)).size !== request.rounds.length)
    problems.add('/rounds', text('轮次名称不得重复', 'round names must be unique'));
  const { benchmarks } = request;
  const previous = request.previous ?? noPrevious;
  for (const area of areas) {
    for (const ind of area.indicators) {
      if (ind.item.kind === 'benchmark' && benchmarks[ind.item.benchmark] === undefined)
        problems.add(`/benchmarks/${ind.item.benchmark}`, text(`指标 ${ind.id} 需要此项`, `is needed by indicator ${ind.id}`));
    }
  }
  const rounds = request.rounds.map((round, r): RoundScore => {
    const at = `/rounds/${r}`;
    const { sheets } = round;
    const columns = columnsOf(scoring, sheets, at, request.unitType, problems);
    const areaScores: AreaScore[] = new Array(areas.length);
    let base = 0;
    for (let a = 0; a < areas.length; a++) {
      const area = areas[a]!;
      let earned = 0;
      let max = 0;
      const indicators: IndicatorScore[] = new Array(area.indicators.length);
      for (let i = 0; i < area.indicators.length; i++) {
        const ind = area.indicators[i]!;
        const line = scoreItem(ind, columns[ind.slot]!, sheets, benchmarks, previous, at, problems);
        if (ind.growth) withBaseline(line, previous[ind.id]);
        earned += line.points;
        max += line.max;
        indicators[i] = line;
      }
      const score = max === 0 ? 0 : (area.weight * earned) / max;
      base += score;
      areaScores[a] = { id: area.id, weight: area.weight, score, indicators };
    }
    let bonusSum = 0;
    const bonuses = scoring.bonuses.map((b) => {
      const line = scoreItem(b, columns[b.slot]!, sheets, benchmarks, previous, at, problems);
      bonusSum += line.points;
      return line;
    });
    const vetoes = scoring.vetoes.map((v) => {
      const column = columns[v.slot]!;
      let marks = 0;
      for (let s = 0; s < sheets.length; s++) {
        const value = column[s];
        if (value === true) marks += 1;
        else if (value !== false)
          problems.add(
            `${at}/sheets/${s}/values/${v.id}`,
            value === undefined
              ? text(`${v.id} 缺失`, `${v.id} is missing`)
              : text(`${v.id} 须为 true 或 false（一票否决项）`, `${v.id} must be true or false (veto)`),
          );
      }
      return { id: v.id, marks, sheets: sheets.length };
    });
    for (let s = 1; s < sheets.length; s++) {
      for (let t = 0; t < s; t++) {
        if (sheets[s]!.reviewerId === sheets[t]!.reviewerId) {
          problems.add(`${at}/sheets`, text('每位评审专家每轮只能提交一份评分表', 'a reviewer may give one sheet per round'));
          s = sheets.length;
          break;
        }
      }
    }
    const bonus = Math.min(bonusSum, f.bonusCap);
    const vetoed = vetoes.some((v) => v.marks * 2 > v.sheets);
    return { name: round.name, weight: round.weight, total: base + bonus, base, bonus, vetoed, vetoes, areas: areaScores, bonuses };
  });
  const triggered = [...new Set(rounds.flatMap((r) => r.vetoes.filter((v) => v.marks * 2 > v.sheets).map((v) => v.id)))];
  const result = {
    final: rounds.reduce((s, r) => s + r.weight * r.total, 0),
    vetoed: rounds.some((r) => r.vetoed),
    vetoes: triggered,
    rounds,
  };
  return { problems: problems.list, result };
}

/** Every problem of a score request: round weights, benchmarks, each sheet's values. */
export function scoreRequestProblems(f: FrameworkCreate, request: ScoreRequest): FieldProblem[] {
  return evaluateScore(f, request).problems;
}

/** Scores a valid submission at full precision; an invalid one is a programming error here. */
export function scoreSubmission(f: FrameworkCreate, request: ScoreRequest): ScoreResult {
  const { problems, result } = evaluateScore(f, request);
  if (problems.length > 0) throw new Error(`scoreSubmission needs a valid request: ${problems[0]!.pointer} ${problems[0]!.detail}`);
  return result;
}

/**
 * A unit's previous values of these growth indicators, from its earlier results, newest first: per id, the mean of the
 * numbers the last round recorded for it in the newest result that recorded any. An id no result recorded is left
 * out (no baseline).
 */
export function previousValuesFrom(results: readonly ScoreResult[], ids: readonly string[]): Record<string, number> {
  const previous: Record<string, number> = {};
  for (const id of ids) {
    for (const result of results) {
      const line = result.rounds
        .at(-1)
        ?.areas.flatMap((a) => a.indicators)
        .find((l) => l.id === id);
      const numbers = (line?.values ?? []).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (numbers.length === 0) continue;
      previous[id] = numbers.reduce((a, b) => a + b, 0) / numbers.length;
      break;
    }
  }
  return previous;
}

/** Rounds half-up to 2 decimals (exact for the decimal a figure prints as, not its binary neighbour). */
export function round2(x: number): number {
  // The nudge absorbs the binary noise of ×100 (1.005 × 100 = 100.49999999999999) so that halves round up.
  const scaled = Math.abs(x) * 100;
  return (Math.sign(x) * Math.floor(scaled + 0.5 + scaled * 1e-12)) / 100 + 0;
}

/** An indicator or bonus line rounded (explicit literals: cheaper than spreading). */
function roundLine(l: IndicatorScore): IndicatorScore {
  const line: IndicatorScore = { id: l.id, points: round2(l.points), max: l.max, values: l.values, dropped: l.dropped };
  if (l.baseline !== undefined) line.baseline = l.baseline;
  return line;
}

/** A result with every figure rounded half-up to 2 decimals, as responses show it. */
export function roundResult(result: ScoreResult): ScoreResult {
  return {
    final: round2(result.final),
    vetoed: result.vetoed,
    vetoes: result.vetoes,
    rounds: result.rounds.map((r) => ({
      name: r.name,
      weight: r.weight,
      total: round2(r.total),
      base: round2(r.base),
      bonus: round2(r.bonus),
      vetoed: r.vetoed,
      vetoes: r.vetoes,
      areas: r.areas.map((a) => ({ id: a.id, weight: a.weight, score: round2(a.score), indicators: a.indicators.map(roundLine) })),
      bonuses: r.bonuses.map(roundLine),
    })),
  };
}
