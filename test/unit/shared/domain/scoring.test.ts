import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frameworkCreate, frameworkProblems, type FrameworkCreate } from '../../../../shared/domain/frameworks.ts';
import {
  round2,
  roundResult,
  scoreRequest,
  scoreRequestProblems,
  scoreSubmission,
  type ScoreRequest,
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
