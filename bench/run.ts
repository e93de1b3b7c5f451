import '../infra/local/log-level.ts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchCost } from './cost.ts';

/** `npm run bench`: runs every benchmark, prints the figures and writes bench/results.json. */
async function main(): Promise<void> {
  const cost = await benchCost();
  const results = { measuredAt: new Date().toISOString(), node: process.version, cost };
  writeFileSync(resolve(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\n| benchmark | figure | target | measured |\n|---|---|---|---|');
  for (const f of cost.figures) console.log(`| cost | ${f.name} | ${f.target} | ${f.value.toFixed(3)} ${f.ok ? '✓' : '✗'} |`);
  console.log('\nMedian cost per call (micro-USD, us-east-1 prices, arm64 at the topology\'s memory):\n\n| operation | median |\n|---|---|');
  for (const [op, micros] of Object.entries(cost.perOperation)) console.log(`| ${op} | ${micros.toFixed(3)} |`);
  process.exit(0);
}

void main();
