import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { functions } from '../shared/topology.ts';
import { bundling, nodeOptions } from '../infra/cloud/bundling.ts';
import type { Figure } from './cost.ts';

const root = resolve(import.meta.dirname, '..');

/** The minimal handler the target compares against: it only creates the same AWS SDK clients. */
const baseline = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
const dynamo = new DynamoDBClient({});
export const clients = { dynamo, doc: DynamoDBDocumentClient.from(dynamo), sqs: new SQSClient({}), s3: new S3Client({}), ses: new SESClient({}) };
export const handler = async () => ({ statusCode: 200 });
`;

/** Bundles an entry (a file, or source text) as the CDK stack does (infra/cloud/bundling.ts), as an ES module. */
async function bundle(entry: string | { contents: string }, outfile: string): Promise<number> {
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' as const } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields,
    banner: { js: bundling.banner },
  });
  return statSync(outfile).size;
}

/** Milliseconds a fresh Node process, started with the functions' Node options, spends importing a bundle (Lambda's init). */
function initMs(file: string): number {
  return Number(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`,
      ],
      { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1', NODE_OPTIONS: nodeOptions } },
    ).trim(),
  );
}

/**
 * Each file's init time and its ratio to the baseline's, over `runs` rounds. Every measurement of a file follows one
 * of the baseline, and the ratio is to that one, so that the machine's drift (large on a shared VM) hits both
 * sides of each ratio alike; the medians are reported.
 */
function medianInit(files: Record<string, string>, baseline: string, runs: number): Record<string, { ms: number; ratio: number }> {
  const samples: Record<string, { ms: number; ratio: number }[]> = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  const base: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [name, file] of Object.entries(files)) {
      const b = initMs(baseline);
      const ms = initMs(file);
      base.push(b);
      samples[name]!.push({ ms, ratio: ms / b });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    ...Object.fromEntries(
      Object.entries(samples).map(([name, xs]) => [name, { ms: median(xs.map((x) => x.ms)), ratio: median(xs.map((x) => x.ratio)) }]),
    ),
    baseline: { ms: median(base), ratio: 1 },
  };
}

/** `bench/bundles`: each function's bundle size and cold init, as a ratio to the minimal handler, in the same run. */
export async function benchBundles(
  runs = 21,
): Promise<{ figures: Figure[]; rounds: number; perFunction: Record<string, { bytes: number; initMs: number; ratio: number }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'shifan-bundles-'));
  try {
    const built: Record<string, string> = {};
    for (const [name, def] of Object.entries(functions)) {
      built[name] = join(dir, `${name}.mjs`);
      await bundle(resolve(root, def.entry), built[name]!);
    }
    const baselineFile = join(dir, 'baseline.mjs');
    await bundle({ contents: baseline }, baselineFile);
    const measured = medianInit(built, baselineFile, runs);
    const perFunction = Object.fromEntries(
      Object.entries(built).map(([name, file]) => {
        const { ms, ratio } = measured[name]!;
        return [name, { bytes: statSync(file).size, initMs: Math.round(ms * 10) / 10, ratio }];
      }),
    );
    const worst = Math.max(...Object.values(perFunction).map((f) => f.ratio));
    return {
      rounds: runs,
      perFunction: {
        ...perFunction,
        baseline: { bytes: statSync(baselineFile).size, initMs: Math.round(measured.baseline!.ms * 10) / 10, ratio: 1 },
      },
      figures: [
        {
          name: 'slowest function cold init ÷ a handler that only creates the SDK clients',
          value: worst,
          unit: 'ratio',
          target: '≤ 1.3',
          ok: worst <= 1.3,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
