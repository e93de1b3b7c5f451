import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startEmulators, type Endpoints } from '../../infra/local/emulators.ts';
import { bootstrap } from '../../infra/local/bootstrap.ts';
import { localClients } from '../../infra/local/host.ts';
import { handlerEnvironment } from '../../infra/local/settings.ts';
import { distinctFreePorts } from './ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The environment a handler reads (config.ts), pointing at this run's emulators. */
    handlerEnv: Record<string, string>;
    /** Where this run's emulators answer. */
    endpoints: Endpoints;
  }
}

/** Starts the emulators once per run, in memory on free ports, and creates the tables, queues and bucket. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamodb, sqs, ses] = await distinctFreePorts(3);
  const emulators = await startEmulators({ dynamodb: dynamodb!, sqs: sqs!, ses: ses! });
  try {
    const clients = localClients(emulators.endpoints);
    // The shared tables have no stream: only the webhook tests read one, each on a table of its own.
    const resources = await bootstrap(clients, { streams: false });
    for (const client of Object.values(clients)) client.destroy();
    project.provide('handlerEnv', {
      ...handlerEnvironment(emulators.endpoints, 'SILENT'),
      ...resources,
      // Webhook secrets are sealed with a key of this run's own (the local host keeps one in its data directory).
      WEBHOOK_SEALING_KEY: randomBytes(32).toString('base64'),
    });
    project.provide('endpoints', emulators.endpoints);
  } catch (error) {
    await emulators.stop();
    throw error;
  }
  return () => emulators.stop();
}
