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
    const resources = await bootstrap(clients);
    for (const client of Object.values(clients)) client.destroy();
    project.provide('handlerEnv', { ...handlerEnvironment(emulators.endpoints, 'SILENT'), ...resources });
    project.provide('endpoints', emulators.endpoints);
  } catch (error) {
    await emulators.stop();
    throw error;
  }
  return () => emulators.stop();
}
