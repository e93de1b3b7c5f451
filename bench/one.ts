import '../infra/local/log-level.ts';

/**
 * Runs one benchmark in this process and prints its result as JSON on the last line. Each benchmark gets a process
 * of its own, loading only its own modules: handlers cache their clients and configuration per process, as Lambda does.
 */
const benches = {
  scoring: async () => (await import('./scoring.ts')).benchScoring(),
  cost: async () => (await import('./cost.ts')).benchCost(),
  sweep: async () => (await import('./sweep.ts')).benchSweep(),
  bundles: async () => (await import('./bundles.ts')).benchBundles(),
  api: async () => (await import('./api.ts')).benchApi(),
  registry: async () => (await import('./registry.ts')).benchRegistry(),
  evidence: async () => (await import('./evidence.ts')).benchEvidence(),
  search: async () => (await import('./search.ts')).benchSearch(),
  work: async () => (await import('./work.ts')).benchWork(),
  webhooks: async () => (await import('./webhooks.ts')).benchWebhooks(),
} as const;
const name = process.argv[2] as keyof typeof benches;
if (!benches[name]) {
  console.error(`Usage: tsx bench/one.ts <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
console.log(JSON.stringify(await benches[name]()));
process.exit(0);
