import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Figure } from './cost.ts';
import type { RouteLoad } from './api.ts';

const root = resolve(import.meta.dirname, '..');

/** Runs one benchmark in a fresh process (bench/one.ts) and reads its JSON result. */
function run<T>(name: string): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', resolve(root, 'bench/one.ts'), name], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as T;
}

const begin = '<!-- bench:begin (written by npm run bench) -->';
const end = '<!-- bench:end -->';

/** `npm run bench`: runs every benchmark, writes bench/results.json and the README's benchmark section, prints the same. */
function main(): void {
  const scoring = run<{ figures: Figure[]; perSubmissionMicros: { parse: number; score: number } }>('scoring');
  const cost = run<{ figures: Figure[]; perOperation: Record<string, number> }>('cost');
  const sweep = run<{ figures: Figure[]; details: Record<string, number> }>('sweep');
  const bundles = run<{ figures: Figure[]; rounds: number; perFunction: Record<string, { bytes: number; initMs: number; ratio: number }> }>(
    'bundles',
  );
  const api = run<{ figures: Figure[]; load: RouteLoad[] }>('api');
  const evidence = run<{ figures: Figure[]; details: Record<string, number | string> }>('evidence');
  const registry = run<{ figures: Figure[]; details: Record<string, number> }>('registry');
  const search = run<{ figures: Figure[]; details: Record<string, number> }>('search');
  const work = run<{ figures: Figure[]; details: Record<string, number> }>('work');
  const webhooks = run<{
    figures: Figure[];
    details: Record<
      | 'events'
      | 'slowMs'
      | 'bareFastPerSecond'
      | 'e2eFastPerSecond'
      | 'bareSlowPerSecond'
      | 'e2eSlowPerSecond'
      | 'meteredMicrosPerEvent'
      | 'floorMicrosPerEvent',
      number
    >;
  }>('webhooks');
  const measuredAt = new Date().toISOString();
  writeFileSync(
    resolve(root, 'bench/results.json'),
    `${JSON.stringify({ measuredAt, node: process.version, scoring, cost, sweep, bundles, api, evidence, registry, search, work, webhooks }, null, 2)}\n`,
  );
  const lines = [
    `Measured by \`npm run bench\` on ${measuredAt.slice(0, 10)} (Node ${process.version}), each benchmark in a process of its own, each figure a`,
    'ratio within one run:',
    '',
    '| benchmark | figure | target | measured |',
    '|---|---|---|---|',
    ...(
      [
        ['scoring', scoring.figures],
        ['cost', cost.figures],
        ['sweep', sweep.figures],
        ['bundles', bundles.figures],
        ['api', api.figures],
        ['evidence', evidence.figures],
        ['registry', registry.figures],
        ['search', search.figures],
        ['work', work.figures],
        ['webhooks', webhooks.figures],
      ] as const
    ).flatMap(([bench, figures]) =>
      figures.map((f) => `| ${bench} | ${f.name} | ${f.target} | ${f.value.toFixed(3)} ${f.ok ? '✓' : '✗'} |`),
    ),
    '',
    `- Scoring: ${scoring.perSubmissionMicros.score.toFixed(1)} µs to validate and score one submission, ${scoring.perSubmissionMicros.parse.toFixed(1)} µs to parse it.`,
    `- Sweep: ${Object.entries(sweep.details)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    `- Registry: ${registry.details.stored} namings of Hubei (1 % schools), then ${registry.details.storedAfter}; median page of 20: unfiltered ${registry.details.unfilteredMicros}, \`type=school\` ${registry.details.filteredMicros}, then ${registry.details.filteredMicrosAfter} micro-USD.`,
    `- Search: ${search.details.stored} units of Hubei (2 % named 百步亭…, 2 % 百步桥…), then ${search.details.storedAfter}; median page of 20 for \`q=百步亭\`: ${search.details.searchReadUnits}, then ${search.details.searchReadUnitsAfter} read units (its units by id: ${search.details.byIdReadUnits}; the page without \`q\`: ${search.details.listReadUnits}).`,
    `- Workbench: ${work.details.agencies} authorities with ${work.details.stored} pieces of open work, then ${work.details.storedAfter}; median \`GET /v1/me/work\` (${work.details.itemsReturned} items): ${work.details.workReadUnits}, then ${work.details.workReadUnitsAfter} read units (its items by key: ${work.details.byKeyReadUnits}).`,
    `- Webhooks: ${webhooks.details.events} events through the local host's stream poller, publisher, queue and deliverer (after a warm-up) against the same number of signed POSTs, 10 at a time: with a receiver answering at once ${webhooks.details.e2eFastPerSecond.toFixed(1)} vs ${webhooks.details.bareFastPerSecond.toFixed(1)} per second (the emulated DynamoDB's writes bound the pipeline: two per delivery); answering in ${webhooks.details.slowMs} ms ${webhooks.details.e2eSlowPerSecond.toFixed(1)} vs ${webhooks.details.bareSlowPerSecond.toFixed(1)}. Metered ${webhooks.details.meteredMicrosPerEvent.toFixed(3)} micro-USD per delivered event; the floor (3 SQS requests and a Lambda request) ${webhooks.details.floorMicrosPerEvent.toFixed(3)}.`,
    `- Evidence: ${evidence.details.mode}; median confirm ${evidence.details.confirm1KbMicros} micro-USD for 1 KB, ${evidence.details.confirm50MbMicros} for 50 MB (${evidence.details.rounds} of each).`,
    "- API: both sides are sequential requests over node:http with keep-alive (the SDK's transport), after 100 of each to warm up;",
    '  500 of each are measured, alternating.',
    '',
    'Mixed load through the local host (autocannon, four routes at once, 3 connections each):',
    '',
    '| route | requests | per second | p50 ms | p99 ms | non-2xx | errors |',
    '|---|---|---|---|---|---|---|',
    ...api.load.map((l) => `| ${l.route} | ${l.requests} | ${l.perSecond.toFixed(1)} | ${l.p50} | ${l.p99} | ${l.non2xx} | ${l.errors} |`),
    '',
    'Bundles as the stack bundles them (`infra/cloud/bundling.ts`), the baseline (a handler that only creates the five SDK clients) too.',
    "Cold init: a fresh Node process, with the functions' `NODE_OPTIONS`, importing the bundle; median of",
    `${bundles.rounds} rounds, each measurement right after one of the baseline and its ratio to that one:`,
    '',
    '| function | bundle KiB | cold init ms | ÷ baseline |',
    '|---|---|---|---|',
    ...Object.entries(bundles.perFunction).map(
      ([name, f]) => `| ${name} | ${Math.round(f.bytes / 1024)} | ${f.initMs} | ${f.ratio.toFixed(2)} |`,
    ),
    '',
    "Median cost per call (micro-USD at us-east-1 prices; DynamoDB units as consumed; Lambda time measured on the local host and priced at the topology's memory on arm64):",
    '',
    '| operation | median |',
    '|---|---|',
    ...Object.entries(cost.perOperation).map(([op, micros]) => `| ${op} | ${micros.toFixed(3)} |`),
  ];
  const readmePath = resolve(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md lacks the markers ${begin} … ${end}`);
  writeFileSync(readmePath, `${readme.slice(0, from + begin.length)}\n${lines.join('\n')}\n${readme.slice(to)}`);
  console.log(lines.join('\n'));
}

main();
