import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Figure } from './cost.ts';

const root = resolve(import.meta.dirname, '..');

/** Runs one benchmark in a fresh process (bench/one.ts) and reads its JSON result. */
function run<T>(name: string): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', resolve(root, 'bench/one.ts'), name], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.trim().split('\n').at(-1)!) as T;
}

/** `npm run bench`: runs every benchmark, prints the figures and writes bench/results.json. */
function main(): void {
  const scoring = run<{ figures: Figure[]; perSubmissionMicros: { parse: number; score: number } }>('scoring');
  const cost = run<{ figures: Figure[]; perOperation: Record<string, number> }>('cost');
  const sweep = run<{ figures: Figure[]; details: Record<string, number> }>('sweep');
  const bundles = run<{ figures: Figure[]; perFunction: Record<string, { bytes: number; initMs: number; ratio: number }> }>('bundles');
  const results = { measuredAt: new Date().toISOString(), node: process.version, scoring, cost, sweep, bundles };
  writeFileSync(resolve(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\n| benchmark | figure | target | measured |\n|---|---|---|---|');
  for (const [bench, figures] of [['scoring', scoring.figures], ['cost', cost.figures], ['sweep', sweep.figures], ['bundles', bundles.figures]] as const) {
    for (const f of figures) console.log(`| ${bench} | ${f.name} | ${f.target} | ${f.value.toFixed(3)} ${f.ok ? '✓' : '✗'} |`);
  }
  console.log(`\nSweep: ${JSON.stringify(sweep.details)}`);
  console.log('\n| function | bundle KiB | cold init ms | ÷ baseline |\n|---|---|---|---|');
  for (const [name, f] of Object.entries(bundles.perFunction)) console.log(`| ${name} | ${Math.round(f.bytes / 1024)} | ${f.initMs} | ${f.ratio.toFixed(2)} |`);
  console.log(`\nScoring: ${scoring.perSubmissionMicros.score.toFixed(1)} µs to validate and score one submission, ${scoring.perSubmissionMicros.parse.toFixed(1)} µs to parse it.`);
  console.log('\nMedian cost per call (micro-USD, us-east-1 prices, arm64 at the topology\'s memory):\n\n| operation | median |\n|---|---|');
  for (const [op, micros] of Object.entries(cost.perOperation)) console.log(`| ${op} | ${micros.toFixed(3)} |`);
}

main();
