import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { startEmulators, type Endpoints } from './emulators.ts';
import { bootstrap, localNames } from './bootstrap.ts';
import { loadDevKeys, signToken } from './dev-issuer.ts';
import { createHttpHost, type AccessLog } from './http-host.ts';
import { startPollers } from './queue-poller.ts';
import { startStreamPollers } from './stream-poller.ts';
import { loadSealingKey } from './sealing-key.ts';
import { startSchedules } from './scheduler.ts';
import { demoAccounts, seedDemo } from './seed.ts';
import { ensurePortFree } from './ports.ts';
import { handlerEnvironment, type LocalSettings } from './settings.ts';
import { queues, queueUrlVariable } from '../../shared/topology.ts';
import { flushLedger } from '../../shared/metering/middleware.ts';

/** A running local backend. */
export interface LocalHost {
  urls: { api: string; docs: string; openapi: string; health: string; sesInbox: string };
  endpoints: Endpoints;
  tokens: { label: string; token: string }[];
  seeded: boolean;
  stop(): Promise<void>;
}

/** AWS SDK clients for the emulators, for bootstrap and tools. */
export function localClients(endpoints: Endpoints) {
  const common = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamo = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  return {
    dynamo,
    doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
    s3: new S3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true }),
  };
}

/**
 * Starts the whole backend on this machine: emulators, tables/queues/bucket from the shared definitions, demo data,
 * the HTTP host on the topology's routes, the queue pollers and the schedules.
 */
export async function startLocalHost(
  settings: LocalSettings,
  options: { fresh?: boolean; seed?: boolean; log?: AccessLog } = {},
): Promise<LocalHost> {
  const dataDir = resolve(settings.SHIFAN_DATA_DIR);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  if (settings.SHIFAN_API_PORT) await ensurePortFree(settings.SHIFAN_API_PORT, 'the API', 'SHIFAN_API_PORT');
  const emulators = await startEmulators(
    { dynamodb: settings.SHIFAN_DYNAMODB_PORT, sqs: settings.SHIFAN_SQS_PORT, ses: settings.SHIFAN_SES_PORT },
    dataDir,
  );
  const stops: (() => Promise<void> | void)[] = [() => emulators.stop()];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, settings.SHIFAN_LOG_LEVEL));
    process.env.WEBHOOK_SEALING_KEY = loadSealingKey(join(dataDir, 'webhook-sealing.key'));
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, await bootstrap(clients));
    const keys = await loadDevKeys(join(dataDir, 'dev-issuer.json'));
    const seeded = options.seed === false ? false : await seedDemo({ doc: clients.doc, table: localNames.main }, new Date().toISOString());

    // Stopped last-in first-out: the cost ledger is written while the emulators still run.
    stops.push(() => flushLedger().catch((error: unknown) => console.error('Could not write the cost ledger:', error)));
    const server = createHttpHost(keys, options.log);
    await new Promise<void>((done, fail) => server.once('error', fail).listen(settings.SHIFAN_API_PORT, '127.0.0.1', done));
    stops.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    const pollers = startPollers(clients.sqs, Object.fromEntries(queues.map((q) => [q.name, process.env[queueUrlVariable(q.name)]!])));
    stops.push(() => pollers.stop());
    const streamPollers = await startStreamPollers(clients.dynamo, localNames.main);
    stops.push(() => streamPollers.stop());
    stops.push(startSchedules());

    const api = `http://localhost:${(server.address() as AddressInfo).port}`;
    const tokens = await Promise.all(demoAccounts.map(async ({ label, ...claims }) => ({ label, token: await signToken(keys, claims) })));
    return {
      urls: {
        api,
        docs: `${api}/docs`,
        openapi: `${api}/v1/openapi.json`,
        health: `${api}/health`,
        sesInbox: `${emulators.endpoints.ses}/`,
      },
      endpoints: emulators.endpoints,
      tokens,
      seeded,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
