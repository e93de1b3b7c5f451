import './log-level.ts';
import { parseArgs } from 'node:util';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { schedules } from '../../shared/topology.ts';
import { civilDate } from '../../shared/domain/time.ts';
import { bootstrap } from './bootstrap.ts';
import { localClients } from './host.ts';
import { invoke } from './invoke.ts';
import { scheduleInput } from './scheduler.ts';
import { handlerEnvironment, readLocalSettings } from './settings.ts';

/**
 * `npm run job -- <schedule> [--date YYYY-MM-DD]`: runs one scheduled function once, as if today were that date,
 * against the emulators of a running `npm start`; what it enqueues is consumed by that host's pollers.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { date: { type: 'string' } } });
  const schedule = schedules.find((s) => s.name === positionals[0]);
  if (!schedule || (values.date !== undefined && !civilDate.safeParse(values.date).success)) {
    console.error(`Usage: npm run job -- <${schedules.map((s) => s.name).join('|')}> [--date YYYY-MM-DD]`);
    process.exit(2);
  }
  const settings = readLocalSettings();
  const endpoints = {
    dynamodb: `http://127.0.0.1:${settings.SHIFAN_DYNAMODB_PORT}`,
    sqs: `http://127.0.0.1:${settings.SHIFAN_SQS_PORT}`,
    s3: `http://127.0.0.1:${settings.SHIFAN_SQS_PORT}`,
    ses: `http://127.0.0.1:${settings.SHIFAN_SES_PORT}`,
  };
  const clients = localClients(endpoints);
  try {
    await clients.dynamo.send(new ListTablesCommand({ Limit: 1 }));
  } catch {
    console.error(`No local backend answers at ${endpoints.dynamodb}: start it first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }
  Object.assign(process.env, handlerEnvironment(endpoints, settings.SHIFAN_LOG_LEVEL), await bootstrap(clients));
  const result = await invoke(schedule.fn, scheduleInput(schedule, values.date));
  console.log(JSON.stringify(result, null, 2));
}

void main();
