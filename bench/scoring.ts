import { frameworkCreate, type FrameworkCreate } from '../shared/domain/frameworks.ts';
import { evaluateScore, roundResult, scoreRequest, type ScoreRequest } from '../shared/domain/scoring.ts';
import type { Figure } from './cost.ts';

const kinds = ['check', 'level', 'ratio', 'benchmark'] as const;

/** A framework of 6 areas × 10 indicators, every kind, one veto and two bonuses. */
function bigFramework(): FrameworkCreate {
  return frameworkCreate.parse({
    name: 'bench',
    version: '1',
    bonusCap: 5,
    vetoes: [{ id: 'V1', name: 'veto' }],
    bonuses: [
      { id: 'B1', name: 'b1', max: 3 },
      { id: 'B2', name: 'b2', max: 2 },
    ],
    areas: Array.from({ length: 6 }, (_, a) => ({
      id: `A${a}`,
      name: `area ${a}`,
      weight: [20, 15, 15, 20, 15, 15][a],
      indicators: Array.from({ length: 10 }, (_, i) => {
        const kind = kinds[(a * 10 + i) % 4]!;
        const base = { id: `A${a}.${i}`, name: `indicator ${a}.${i}`, kind, max: 5 };
        return kind === 'level'
          ? { ...base, levels: { A: 1, B: 0.8, C: 0.6, D: 0 } }
          : kind === 'ratio'
            ? { ...base, target: 0.9, floor: 0.5 }
            : kind === 'benchmark'
              ? { ...base, benchmark: 'g' }
              : base;
      }),
    })),
  });
}

/** A deterministic pseudo-random stream, so every run scores the same submissions. */
function* random(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

/**
 * `bench/scoring`: 10,000 submissions × 60 indicators × 5 reviewers × 2 rounds. The time to validate and score one
 * submission, as a ratio to JSON.parse of that submission's request, in the same run.
 */
export function benchScoring(submissions = 10_000): { figures: Figure[]; perSubmissionMicros: { parse: number; score: number } } {
  const framework = bigFramework();
  const rnd = random(20261123);
  const next = () => rnd.next().value as number;
  const indicators = framework.areas.flatMap((a) => a.indicators);
  const sheet = (reviewerId: string) => {
    const values: Record<string, unknown> = { V1: next() < 0.05, B1: Math.round(next() * 30) / 10, B2: Math.round(next() * 20) / 10 };
    for (const ind of indicators) {
      values[ind.id] =
        ind.kind === 'check' ? next() < 0.8 : ind.kind === 'level' ? 'ABCD'[Math.floor(next() * 4)] : Math.round(next() * 1000) / 1000;
    }
    return { reviewerId, values };
  };
  const bodies = Array.from({ length: submissions }, () =>
    JSON.stringify({
      unitType: 'community',
      benchmarks: { g: 0.5 },
      rounds: [
        { name: 'document', weight: 0.4, sheets: ['r1', 'r2', 'r3', 'r4', 'r5'].map(sheet) },
        { name: 'on-site', weight: 0.6, sheets: ['r1', 'r2', 'r3', 'r4', 'r5'].map(sheet) },
      ],
    }),
  );
  // Bodies are valid requests (checked once here); scoring then runs on what JSON.parse just produced, as a handler does.
  for (const body of bodies.slice(0, 100)) scoreRequest.parse(JSON.parse(body));
  const score = (request: ScoreRequest) => {
    const { problems, result } = evaluateScore(framework, request);
    if (problems.length > 0) throw new Error(`invalid bench input: ${problems[0]!.pointer}`);
    return roundResult(result).final;
  };
  let sink = 0;
  for (let i = 0; i < 500; i++) sink += score(JSON.parse(bodies[i]!) as ScoreRequest);
  // Each submission is parsed and then scored, timed apart: both share the same heap and garbage collections.
  let parseMs = 0;
  let scoreMs = 0;
  for (const body of bodies) {
    const t0 = performance.now();
    const request = JSON.parse(body) as ScoreRequest;
    const t1 = performance.now();
    sink += score(request);
    const t2 = performance.now();
    parseMs += t1 - t0;
    scoreMs += t2 - t1;
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  const ratio = scoreMs / parseMs;
  return {
    perSubmissionMicros: { parse: (parseMs * 1000) / submissions, score: (scoreMs * 1000) / submissions },
    figures: [
      { name: 'validate + score one submission ÷ JSON.parse of its request', value: ratio, unit: 'ratio', target: '≤ 1', ok: ratio <= 1 },
    ],
  };
}
