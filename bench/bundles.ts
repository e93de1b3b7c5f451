import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { functions } from '../shared/topology.ts';
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

/** Bundles an entry as the CDK stack does (ESM, minified, source maps, node24, a require shim). */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, sourcemap: true,
    mainFields: ['module', 'main'], logLevel: 'silent',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return statSync(outfile).size;
}

/** Milliseconds a fresh Node process spends importing a bundle (module evaluation: Lambda's init). */
function initMs(file: string): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e',
    `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`], { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1' } }).trim());
}

/** Median init time of each file over `runs` rounds, the files taken in turn each round so that drift hits all alike. */
function medianInitMs(files: Record<string, string>, runs: number): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) for (const [name, file] of Object.entries(files)) samples[name]!.push(initMs(file));
  return Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, xs.sort((a, b) => a - b)[Math.floor(runs / 2)]!]));
}

/** `bench/bundles`: each function's bundle size and cold init, as a ratio to the minimal handler, in the same run. */
export async function benchBundles(runs = 9): Promise<{ figures: Figure[]; perFunction: Record<string, { bytes: number; initMs: number; ratio: number }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'shifan-bundles-'));
  try {
    const built: Record<string, string> = {};
    for (const [name, def] of Object.entries(functions)) {
      built[name] = join(dir, `${name}.mjs`);
      await bundle(resolve(root, def.entry), built[name]!);
    }
    const baselineFile = join(dir, 'baseline.mjs');
    await build({ stdin: { contents: baseline, resolveDir: root, loader: 'ts' }, outfile: baselineFile, bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, logLevel: 'silent',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
    const medians = medianInitMs({ ...built, baseline: baselineFile }, runs);
    const baselineMs = medians.baseline!;
    const perFunction = Object.fromEntries(Object.entries(built).map(([name, file]) => {
      const ms = medians[name]!;
      return [name, { bytes: statSync(file).size, initMs: Math.round(ms * 10) / 10, ratio: ms / baselineMs }];
    }));
    const worst = Math.max(...Object.values(perFunction).map((f) => f.ratio));
    return {
      perFunction: { ...perFunction, baseline: { bytes: statSync(baselineFile).size, initMs: Math.round(baselineMs * 10) / 10, ratio: 1 } },
      figures: [{ name: 'slowest function cold init ÷ a handler that only creates the SDK clients', value: worst, unit: 'ratio', target: '≤ 1.3', ok: worst <= 1.3 }],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
