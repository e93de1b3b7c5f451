import '../infra/local/log-level.ts';
import { benchCost } from './cost.ts';
import { benchScoring } from './scoring.ts';
import { benchSweep } from './sweep.ts';

/**
 * Runs one benchmark in this process and prints its result as JSON on the last line. Each benchmark gets a process
 * of its own: handlers cache their clients and configuration per process, as Lambda does.
 */
const benches = { scoring: async () => benchScoring(), cost: () => benchCost(), sweep: () => benchSweep() } as const;
const name = process.argv[2] as keyof typeof benches;
if (!benches[name]) {
  console.error(`Usage: tsx bench/one.ts <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
console.log(JSON.stringify(await benches[name]()));
process.exit(0);
