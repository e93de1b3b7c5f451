import '../infra/local/log-level.ts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchCost } from './cost.ts';
import { benchScoring } from './scoring.ts';

/** `npm run bench`: runs every benchmark, prints the figures and writes bench/results.json. */
async function main(): Promise<void> {
  const scoring = benchScoring();
  const cost = await benchCost();
  const results = { measuredAt: new Date().toISOString(), node: process.version, scoring, cost };
  writeFileSync(resolve(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\n| benchmark | figure | target | measured |\n|---|---|---|---|');
  for (const [bench, figures] of [['scoring', scoring.figures], ['cost', cost.figures]] as const) {
    for (const f of figures) console.log(`| ${bench} | ${f.name} | ${f.target} | ${f.value.toFixed(3)} ${f.ok ? '✓' : '✗'} |`);
  }
  console.log(`\nScoring: ${scoring.perSubmissionMicros.score.toFixed(1)} µs to validate and score one submission, ${scoring.perSubmissionMicros.parse.toFixed(1)} µs to parse it.`);
  console.log('\nMedian cost per call (micro-USD, us-east-1 prices, arm64 at the topology\'s memory):\n\n| operation | median |\n|---|---|');
  for (const [op, micros] of Object.entries(cost.perOperation)) console.log(`| ${op} | ${micros.toFixed(3)} |`);
  process.exit(0);
}

void main();
