import './log-level.ts';
import { parseArgs } from 'node:util';
import { readLocalSettings } from './settings.ts';
import { startLocalHost } from './host.ts';
import { StartupError } from './ports.ts';

/** `npm start [-- --fresh]`: the whole backend on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } });
  const started = performance.now();
  const settings = readLocalSettings();
  const host = await startLocalHost(settings, { fresh: values.fresh, log: values.quiet ? undefined : (line) => console.log(line) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Shifan is running (ready in ${seconds} s; data in ${settings.SHIFAN_DATA_DIR}/${host.seeded ? ', demo data seeded' : ''}).`,
    '',
    `  API          ${host.urls.api}`,
    `  Reference    ${host.urls.docs}`,
    `  OpenAPI      ${host.urls.openapi}`,
    `  Health       ${host.urls.health}`,
    `  SES inbox    ${host.urls.sesInbox}`,
    `  DynamoDB     ${host.endpoints.dynamodb}   SQS/S3 ${host.endpoints.sqs}`,
    '',
    'Bearer tokens (valid 12 h; more with `npm run token -- --role authority --region 420100 --agency hubei-ethnic-affairs`):',
    ...host.tokens.flatMap(({ label, token }) => [`  ${label}:`, `    ${token}`]),
    '',
    `Try: curl -H "Authorization: Bearer <token>" "${host.urls.api}/v1/units?region=4201"`,
    'Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? `Cannot start: ${error.message}` : error);
  process.exit(1);
});
