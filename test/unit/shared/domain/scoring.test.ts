import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frameworkCreate, frameworkProblems, type FrameworkCreate } from '../../../../shared/domain/frameworks.ts';
import {
  previousValuesFrom,
  round2,
  roundResult,
  scoreRequest,
  scoreRequestProblems,
  scoreSubmission,
  type ScoreRequest,
  type ScoreResult,
  type Sheet,
} from '../../../../shared/domain/scoring.ts';

/** A small framework whose figures are easy to compute by hand. */
const framework: FrameworkCreate = frameworkCreate.parse({
  name: '测试指标',
  version: 't.1',
  areas: [
    {
      id: 'A1',
      name: '政治引领',
      weight: 60,
      indicators: [
        { id: 'A1.1', name: '领导小组', kind: 'check', max: 4 },
        { id: 'A1.2', name: '工作机制', kind: 'level', max: 6, levels: { A: 1, B: 0.8, C: 0.6, D: 0 } },
      ],
    },
    {
      id: 'A2',
      name: '发展',
      weight: 40,
      indicators: [
        { id: 'A2.1', name: '知晓率', kind: 'ratio', max: 5, target: 0.9, floor: 0.5 },
        { id: 'A2.2', name: 'GDP增速', kind: 'benchmark', max: 5, benchmark: 'g' },
      ],
    },
  ],
  vetoes: [{ id: 'V1', name: '较大涉民族因素事件' }],
  bonuses: [{ id: 'B1', name: '创新做法', max: 3 }],
  bonusCap: 2,
  variants: { school: { exclude: ['A2.2'], weights: { A1: 50, A2: 50 } } },
});

const full = { 'A1.1': true, 'A1.2': 'B', 'A2.1': 0.7, 'A2.2': 0.06, V1: false, B1: 3 };

function request(
  sheets: Sheet[][],
  unitType: ScoreRequest['unitType'] = 'community',
  weights = sheets.map(() => 1 / sheets.length),
): ScoreRequest {
  return scoreRequest.parse({
    unitType,
    benchmarks: { g: 0.05 },
    rounds: sheets.map((s, i) => ({ name: `r${i}`, weight: weights[i], sheets: s })),
  });
}

const sheet = (reviewerId: string, values: Record<string, unknown> = {}) => ({ reviewerId, values: { ...full, ...values } }) as Sheet;

describe('Function: scoreSubmission', () => {
  it('scores each indicator kind, weights areas and caps the bonus, as computed by hand', () => {
    // A1 = 60 × (4 + 4.8) / 10 = 52.8; A2 = 40 × (2.5 + 5) / 10 = 30; bonus min(3, 2) = 2
    const result = scoreSubmission(framework, request([[sheet('r1')]]));
    expect(roundResult(result).rounds[0]).toMatchObject({ base: 82.8, bonus: 2, total: 84.8, vetoed: false });
    expect(result.rounds[0]!.areas.map((a) => round2(a.score))).toEqual([52.8, 30]);
    expect(result.final).toBeCloseTo(84.8, 12);
  });

  it('applies a variant: its weights replace the defaults and excluded indicators do not count', () => {
    // A1 = 50 × 8.8 / 10 = 44; A2 = 50 × 2.5 / 5 = 25; + 2
    const { 'A2.2': _, ...school } = full;
    const result = scoreSubmission(framework, request([[{ reviewerId: 'r1', values: school }]], 'school'));
    expect(result.rounds[0]!.areas.map((a) => [a.weight, round2(a.score)])).toEqual([
      [50, 44],
      [50, 25],
    ]);
    expect(result.final).toBeCloseTo(71, 12);
  });

  it('gives a ratio full points at the target, none at the floor, and a straight line between', () => {
    const points = (v: number) =>
      round2(scoreSubmission(framework, request([[sheet('r1', { 'A2.1': v })]])).rounds[0]!.areas[1]!.indicators[0]!.points);
    expect([points(0.95), points(0.9), points(0.8), points(0.5), points(0.2)]).toEqual([5, 5, 3.75, 0, 0]);
  });

  it('takes the plain mean of four sheets', () => {
    const sheets = [sheet('a'), sheet('b', { 'A1.1': false }), sheet('c', { 'A1.1': false }), sheet('d')];
    const a11 = scoreSubmission(framework, request([sheets])).rounds[0]!.areas[0]!.indicators[0]!;
    expect(a11).toMatchObject({ points: 2, dropped: [], values: [true, false, false, true] });
  });

  it('drops one highest and one lowest of five sheets, by points, ties broken by reviewer id', () => {
    const sheets = [sheet('e'), sheet('d'), sheet('c'), sheet('b', { 'A1.1': false }), sheet('a', { 'A1.1': false })];
    const a11 = scoreSubmission(framework, request([sheets])).rounds[0]!.areas[0]!.indicators[0]!;
    // points 4,4,4,0,0 → drop a (0, lowest id) and e (4, highest id) → mean(0,4,4)
    expect(a11.points).toBeCloseTo(8 / 3, 12);
    expect(a11.dropped).toEqual(['a', 'e']);
  });

  it('trims seven sheets to the middle five', () => {
    const levels = ['A', 'A', 'B', 'C', 'D', 'D', 'B'];
    const sheets = levels.map((l, i) => sheet(`r${i}`, { 'A1.2': l }));
    const a12 = scoreSubmission(framework, request([sheets])).rounds[0]!.areas[0]!.indicators[1]!;
    // points 6,6,4.8,3.6,0,0,4.8 → drop one 0 and one 6 → (6 + 4.8 + 3.6 + 0 + 4.8) / 5
    expect(a12.points).toBeCloseTo(19.2 / 5, 12);
  });

  it('vetoes a round only when strictly more than half of its sheets mark a veto', () => {
    const two = [sheet('a', { V1: true }), sheet('b', { V1: true }), sheet('c'), sheet('d')];
    const three = [...two, sheet('e', { V1: true })];
    expect(scoreSubmission(framework, request([two])).vetoed).toBe(false);
    const vetoed = scoreSubmission(framework, request([three]));
    expect(vetoed).toMatchObject({ vetoed: true, vetoes: ['V1'] });
    expect(vetoed.final).toBeGreaterThan(0);
  });

  it('weights rounds into the final', () => {
    const result = scoreSubmission(framework, request([[sheet('a')], [sheet('b', { 'A1.1': false })]], 'community', [0.4, 0.6]));
    // round 2: A1 = 60 × 4.8 / 10 = 28.8 → total 60.8; final = 0.4 × 84.8 + 0.6 × 60.8
    expect(result.final).toBeCloseTo(0.4 * 84.8 + 0.6 * 60.8, 12);
  });
});

describe('Function: scoreRequestProblems', () => {
  it('names every missing, wrong, excluded and unknown value', () => {
    const bad = request(
      [[{ reviewerId: 'r1', values: { 'A1.1': 'yes', 'A1.2': 'E', 'A2.1': 1.2, 'A2.2': 0.1, V1: false, B1: 4, X9: 1 } }]],
      'school',
    );
    const pointers = scoreRequestProblems(framework, bad).map((p) => p.pointer.split('/').at(-1));
    expect(pointers.sort()).toEqual(['A1.1', 'A1.2', 'A2.1', 'A2.2', 'B1', 'X9'].sort());
  });

  it('refuses round weights that do not sum to 1 and a benchmark nobody gave', () => {
    const bad = { ...request([[sheet('r1')]]), benchmarks: {}, rounds: [{ name: 'r0', weight: 0.5, sheets: [sheet('r1')] }] };
    expect(scoreRequestProblems(framework, bad).map((p) => p.pointer)).toEqual(['/rounds', '/benchmarks/g']);
  });
});

describe('Function: frameworkProblems', () => {
  it('lists every broken rule at once', () => {
    const broken = frameworkCreate.parse({
      name: 'x',
      version: '1',
      areas: [
        { id: 'A1', name: 'a', weight: 70, indicators: [{ id: 'A1.1', name: 'i', kind: 'ratio', max: 1, target: 0.5, floor: 0.5 }] },
        { id: 'A2', name: 'b', weight: 20, indicators: [{ id: 'A1.1', name: 'dup', kind: 'check', max: 1 }] },
      ],
      variants: { school: { exclude: ['A1.1', 'Z'], weights: { A1: 85, A3: 20 } } },
    });
    const details = frameworkProblems(broken).map((p) => `${p.pointer}: ${p.detail.en}`);
    expect(details).toEqual([
      '/areas: area weights must sum to 100',
      '/areas/0/indicators/0/floor: must be below target',
      '/areas/1/indicators/0/id: id A1.1 is already used at /areas/0/indicators/0',
      '/variants/school/exclude: Z is not an indicator of this framework',
      '/variants/school/weights/A3: A3 is not an area of this framework',
      '/variants/school/weights: area weights must sum to 100 after the variant',
      '/variants/school/exclude: excludes every indicator of area A1, whose weight stays above 0',
      '/variants/school/exclude: excludes every indicator of area A2, whose weight stays above 0',
    ]);
  });

  it('accepts the demo framework shape', () => {
    expect(frameworkProblems(framework)).toEqual([]);
  });
});

describe('Function: round2', () => {
  it('rounds half up to two decimals as the figure prints', () => {
    expect([round2(1.005), round2(2.675), round2(87.245), round2(0.004999), round2(100)]).toEqual([1.01, 2.68, 87.25, 0, 100]);
  });

  it('rounds every figure of a result', () => {
    const rounded = roundResult(
      scoreSubmission(
        framework,
        request([[sheet('e'), sheet('d'), sheet('c'), sheet('b', { 'A1.1': false }), sheet('a', { 'A1.1': false })]]),
      ),
    );
    expect(rounded.rounds[0]!.areas[0]!.indicators[0]!.points).toBe(2.67);
  });
});

describe('Properties: scoring', () => {
  const levelArb = fc.constantFrom('A', 'B', 'C', 'D');
  const values = fc.record({
    'A1.1': fc.boolean(),
    'A1.2': levelArb,
    'A2.1': fc.double({ min: 0, max: 1, noNaN: true }),
    'A2.2': fc.double({ min: -1, max: 1, noNaN: true }),
    V1: fc.boolean(),
    B1: fc.double({ min: 0, max: 3, noNaN: true }),
  });
  const sheets = fc
    .array(values, { minLength: 1, maxLength: 7 })
    .map((vs) => vs.map((v, i) => ({ reviewerId: `r${i}`, values: v }) as Sheet));
  const order = { A: 3, B: 2, C: 1, D: 0 } as const;

  it('keeps the final within [0, 100 + bonusCap]', () => {
    fc.assert(
      fc.property(sheets, sheets, (a, b) => {
        const { final } = scoreSubmission(framework, request([a, b], 'community', [0.4, 0.6]));
        return final >= -1e-9 && final <= 100 + framework.bonusCap + 1e-9;
      }),
      { seed: 20261123 },
    );
  });

  it('never lowers the final when one reviewer raises one value', () => {
    fc.assert(
      fc.property(sheets, fc.nat(), fc.constantFrom('A1.1', 'A1.2', 'A2.1', 'A2.2', 'B1'), (s, pick, id) => {
        const before = scoreSubmission(framework, request([s])).final;
        const i = pick % s.length;
        const v = s[i]!.values;
        const raised =
          id === 'A1.1'
            ? true
            : id === 'A1.2'
              ? ((['A', 'B', 'C', 'D'] as const).find((l) => order[l] >= order[v['A1.2'] as 'A']) ?? 'A')
              : id === 'B1'
                ? Math.min(3, (v.B1 as number) + 0.5)
                : Math.min(1, (v[id] as number) + 0.1);
        const after = s.map((sh, j) => (j === i ? { ...sh, values: { ...sh.values, [id]: id === 'A1.2' ? 'A' : raised } } : sh));
        return scoreSubmission(framework, request([after])).final >= before - 1e-9;
      }),
      { seed: 20261123 },
    );
  });

  it('gives the same result whatever the order of sheets', () => {
    fc.assert(
      fc.property(sheets, fc.nat(), (s, k) => {
        const rotated = [...s.slice(k % s.length), ...s.slice(0, k % s.length)];
        const a = roundResult(scoreSubmission(framework, request([s])));
        const b = roundResult(scoreSubmission(framework, request([rotated])));
        return a.final === b.final && a.vetoed === b.vetoed;
      }),
      { seed: 20261123 },
    );
  });

  it('gives the same breakdown whatever the order of keys within each sheet (values are read by position when the order repeats)', () => {
    fc.assert(
      fc.property(sheets, fc.array(fc.nat(), { minLength: 7, maxLength: 7 }), (s, shifts) => {
        const reordered = s.map((sh, i) => {
          const entries = Object.entries(sh.values);
          const k = shifts[i]! % entries.length;
          return { ...sh, values: Object.fromEntries([...entries.slice(k), ...entries.slice(0, k)]) } as Sheet;
        });
        // The same framework object scores both, so the order remembered from one is tried on the other.
        const a = scoreSubmission(framework, request([s, reordered], 'community', [0.5, 0.5]));
        const b = scoreSubmission(framework, request([reordered, s], 'community', [0.5, 0.5]));
        const line = (r: (typeof a.rounds)[number]) => JSON.stringify({ ...r, name: '' });
        return line(a.rounds[0]!) === line(b.rounds[1]!) && line(a.rounds[1]!) === line(b.rounds[0]!);
      }),
      { seed: 20261123 },
    );
  });

  it('reports an unknown id even in a sheet whose other keys come in the remembered order', () => {
    const values = { ...full, 'A1.2': 'A', 'A2.1': 1, B1: 0 };
    scoreSubmission(framework, request([[{ reviewerId: 'r', values } as Sheet]]));
    const problems = scoreRequestProblems(framework, request([[{ reviewerId: 'r', values: { ...values, X9: true } } as Sheet]]));
    expect(problems).toEqual([
      {
        pointer: '/rounds/0/sheets/0/values/X9',
        detail: { zh: '按本测评体系，X9 不适用于 community 类单位', en: 'X9 does not apply to a community under this framework' },
      },
    ]);
  });

  it('keeps area weights under any variant: a perfect sheet scores each area its variant weight, 100 in all', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.boolean(), (w1, excludeBenchmark) => {
        const variant = frameworkCreate.parse({
          ...framework,
          variants: { school: { exclude: excludeBenchmark ? ['A2.2'] : [], weights: { A1: w1, A2: 100 - w1 } } },
        });
        const { 'A2.2': benchmarkValue, ...rest } = { ...full, 'A1.2': 'A', 'A2.1': 1, B1: 0 };
        const values = excludeBenchmark ? rest : { ...rest, 'A2.2': benchmarkValue };
        const result = scoreSubmission(variant, request([[{ reviewerId: 'r', values } as Sheet]], 'school'));
        const scores = result.rounds[0]!.areas.map((a) => round2(a.score));
        return scores[0] === w1 && scores[1] === 100 - w1 && round2(result.rounds[0]!.base) === 100;
      }),
      { seed: 20261123 },
    );
  });
});

describe('Indicator kind: growth (逐年提升)', () => {
  /** Two areas of weight 50, each with a growth indicator beside another kind; G2.2 must rise by 10 %. */
  const growing: FrameworkCreate = frameworkCreate.parse({
    name: '逐年提升',
    version: 'g.1',
    areas: [
      {
        id: 'G1',
        name: '政治引领',
        weight: 50,
        indicators: [
          { id: 'G1.1', name: '领导小组', kind: 'check', max: 4 },
          { id: 'G1.2', name: '人均经费', kind: 'growth', max: 6 },
        ],
      },
      {
        id: 'G2',
        name: '发展',
        weight: 50,
        indicators: [
          { id: 'G2.1', name: '知晓率', kind: 'ratio', max: 5, target: 0.9, floor: 0.5 },
          { id: 'G2.2', name: '居民收入', kind: 'growth', max: 5, minRise: 0.1 },
        ],
      },
    ],
  });
  const base = { 'G1.1': true, 'G1.2': 101, 'G2.1': 0.7, 'G2.2': 6.6 };
  const score = (values: Record<string, unknown>, previous?: Record<string, number>, sheets = 1) =>
    scoreSubmission(
      growing,
      scoreRequest.parse({
        unitType: 'community',
        ...(previous ? { previous } : {}),
        rounds: [
          {
            name: 'r',
            weight: 1,
            sheets: Array.from({ length: sheets }, (_, i) => ({ reviewerId: `r${i}`, values: i === 0 ? { ...base, ...values } : base })),
          },
        ],
      }),
    );
  const lines = (r: ReturnType<typeof score>) => roundResult(r).rounds[0]!.areas.flatMap((a) => a.indicators);
  const areaScores = (r: ReturnType<typeof score>) => r.rounds[0]!.areas.map((a) => round2(a.score));
  const before = { 'G1.2': 100, 'G2.2': 6 };

  it('gives max to a value above the previous one: G1 = 50 × 10/10, G2 = 50 × (2.5 + 5)/10 = 37.5, final 87.5', () => {
    const result = score({}, before);
    expect(areaScores(result)).toEqual([50, 37.5]);
    expect(round2(result.final)).toBe(87.5);
    expect(lines(result).map((l) => [l.id, l.points, l.max, l.baseline])).toEqual([
      ['G1.1', 4, 4, undefined],
      ['G1.2', 6, 6, 100],
      ['G2.1', 2.5, 5, undefined],
      // 6.6 reaches 6 × 1.1, which the binary product puts at 6.6000000000000005.
      ['G2.2', 5, 5, 6],
    ]);
  });

  it('gives 0 to a value equal to or below the previous one: G1 = 50 × 4/10 = 20', () => {
    for (const value of [100, 99, -5]) {
      const result = score({ 'G1.2': value }, before);
      expect(lines(result)[1]).toMatchObject({ points: 0, max: 6, baseline: 100 });
      expect(areaScores(result)[0]).toBe(20);
    }
  });

  it('gives 0 to a rise short of minRise: 6.5 over 6 is 8.3 %, under 10 %; G2 = 50 × 2.5/10 = 12.5', () => {
    const result = score({ 'G2.2': 6.5 }, before);
    expect(lines(result)[3]).toMatchObject({ points: 0, max: 5, baseline: 6 });
    expect(areaScores(result)[1]).toBe(12.5);
    expect(areaScores(score({ 'G2.2': 6.61 }, before))[1]).toBe(37.5);
  });

  it('leaves an indicator without a previous value out of its area, which is scored on the others: G1 = 50 × 4/4, G2 = 50 × 2.5/5', () => {
    const result = score({}, {});
    expect(lines(result).map((l) => [l.id, l.points, l.max, l.baseline])).toEqual([
      ['G1.1', 4, 4, undefined],
      ['G1.2', 0, 0, 'none'],
      ['G2.1', 2.5, 5, undefined],
      ['G2.2', 0, 0, 'none'],
    ]);
    expect(areaScores(result)).toEqual([50, 25]);
    expect(round2(result.final)).toBe(75);
    // A first evaluation is not penalised: the same sheet without a baseline scores what it scores on the other indicators.
    expect(areaScores(score({ 'G1.1': false }, {}))[0]).toBe(0);
  });

  it('compares each indicator with its own previous value: only G2.2 has one here', () => {
    const result = score({ 'G2.2': 7 }, { 'G2.2': 6 });
    expect(lines(result)[1]).toMatchObject({ points: 0, max: 0, baseline: 'none' });
    expect(areaScores(result)).toEqual([50, 37.5]);
  });

  it('takes the mean of the sheets, as for any indicator: one rise and one fall of G1.2 make 3 of 6', () => {
    const result = score({ 'G1.2': 99 }, before, 2);
    expect(lines(result)[1]).toMatchObject({ points: 3, max: 6, values: [99, 101] });
    expect(areaScores(result)[0]).toBe(35);
  });

  it('refuses a value that is not a number, with or without a previous value', () => {
    for (const previous of [before, {}]) {
      const problems = scoreRequestProblems(
        growing,
        scoreRequest.parse({
          unitType: 'community',
          previous,
          rounds: [{ name: 'r', weight: 1, sheets: [{ reviewerId: 'r', values: { ...base, 'G1.2': '101' } }] }],
        }),
      );
      expect(problems).toEqual([
        {
          pointer: '/rounds/0/sheets/0/values/G1.2',
          detail: { zh: 'G1.2 须为数值（与上次测评比较）', en: 'G1.2 must be a number (compared with the previous evaluation)' },
        },
      ]);
    }
  });

  it('keeps the baseline in the rounded breakdown', () => {
    const rounded = roundResult(score({}, { 'G1.2': 100.004 }));
    expect(rounded.rounds[0]!.areas[0]!.indicators[1]).toMatchObject({ points: 6, max: 6, baseline: 100.004 });
    expect(rounded.rounds[0]!.areas[1]!.indicators[1]).toMatchObject({ points: 0, max: 0, baseline: 'none' });
    expect(rounded.rounds[0]!.areas[0]!.indicators[0]).not.toHaveProperty('baseline');
  });

  it('defaults minRise to 0 and previous to nothing, and refuses a minRise outside [0, 1]', () => {
    expect(growing.areas[0]!.indicators[1]).toMatchObject({ kind: 'growth', minRise: 0 });
    expect(
      scoreRequest.parse({ unitType: 'community', rounds: [{ name: 'r', weight: 1, sheets: [{ reviewerId: 'r', values: {} }] }] }).previous,
    ).toEqual({});
    const bad = frameworkCreate.safeParse({
      ...growing,
      areas: [{ ...growing.areas[0], indicators: [{ id: 'X', name: 'x', kind: 'growth', max: 1, minRise: 1.5 }] }],
    });
    expect(bad.success).toBe(false);
  });

  it('is a framework problem for an area of weight above 0 to hold growth indicators only, as given or after a variant', () => {
    const onlyGrowth = frameworkCreate.parse({
      ...growing,
      areas: [{ ...growing.areas[0], indicators: [growing.areas[0]!.indicators[1]] }, growing.areas[1]],
      variants: { school: { exclude: ['G2.1'] } },
    });
    expect(frameworkProblems(onlyGrowth).map((p) => `${p.pointer}: ${p.detail.en}`)).toEqual([
      '/areas/0/indicators: area G1 weighs above 0 and needs an indicator other than growth (a first evaluation has no previous value)',
      '/variants/school/exclude: area G2 weighs above 0 and needs an indicator other than growth (a first evaluation has no previous value)',
    ]);
    expect(frameworkProblems(growing)).toEqual([]);
  });

  it('never changes a score when no indicator has a previous value: the same as the framework without its growth indicators', () => {
    const without = frameworkCreate.parse({
      ...growing,
      areas: growing.areas.map((a) => ({ ...a, indicators: a.indicators.filter((i) => i.kind !== 'growth') })),
    });
    const values = fc.record({
      'G1.1': fc.boolean(),
      'G1.2': fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      'G2.1': fc.double({ min: 0, max: 1, noNaN: true }),
      'G2.2': fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 6 }), (vs) => {
        const sheets = vs.map((v, i) => ({ reviewerId: `r${i}`, values: v }));
        const stripped = sheets.map((s) => ({ ...s, values: { 'G1.1': s.values['G1.1'], 'G2.1': s.values['G2.1'] } }));
        const a = scoreSubmission(growing, scoreRequest.parse({ unitType: 'community', rounds: [{ name: 'r', weight: 1, sheets }] }));
        const b = scoreSubmission(
          without,
          scoreRequest.parse({ unitType: 'community', rounds: [{ name: 'r', weight: 1, sheets: stripped }] }),
        );
        return a.final === b.final;
      }),
      { seed: 20261123 },
    );
  });
});

describe('Function: previousValuesFrom', () => {
  /** A result whose rounds record these values of G1.2, one array per round. */
  const resultWith = (...rounds: unknown[][]): ScoreResult => ({
    final: 0,
    vetoed: false,
    vetoes: [],
    rounds: rounds.map((values, r) => ({
      name: `r${r}`,
      weight: 1 / rounds.length,
      total: 0,
      base: 0,
      bonus: 0,
      vetoed: false,
      vetoes: [],
      areas: [{ id: 'G1', weight: 100, score: 0, indicators: [{ id: 'G1.2', points: 0, max: 6, values, dropped: [] }] }],
      bonuses: [],
    })),
  });

  it("takes the mean of the numbers the newest result's last round recorded: (100 + 110) / 2 = 105", () => {
    expect(previousValuesFrom([resultWith([1], [100, 110, 'n/a']), resultWith([50])], ['G1.2'])).toEqual({ 'G1.2': 105 });
  });

  it('falls back to an older result when the newest recorded no number for the id, and leaves out an id none recorded', () => {
    expect(previousValuesFrom([resultWith(['x']), resultWith([8, 9, 13])], ['G1.2', 'G9'])).toEqual({ 'G1.2': 10 });
    expect(previousValuesFrom([], ['G1.2'])).toEqual({});
  });
});
