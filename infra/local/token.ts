import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { roles } from '../../shared/topology.ts';
import { getAuthority } from '../../shared/data/authorities.ts';
import { listClients } from '../../shared/data/clients.ts';
import { machineClaims } from '../../shared/domain/clients.ts';
import { bootstrap } from './bootstrap.ts';
import { loadDevKeys, signToken, type TokenClaims } from './dev-issuer.ts';
import { localClients } from './host.ts';
import { readLocalSettings, type LocalSettings } from './settings.ts';

const args = z.object({
  role: z.enum(roles),
  region: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
  agency: z.string().min(1),
  sub: z.string().min(1).optional(),
  ttl: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 3600),
});

const clientArgs = z.object({
  client: z.string().min(1),
  region: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit region code')
    .optional(),
  ttl: args.shape.ttl.default(3600),
});

/**
 * The claims of an agency's machine client, as the token trigger gives them in AWS: the agency's region and latest
 * registered client id from the running local host's data when it answers, else `--region` and `client-<agency>`.
 */
async function clientClaims(settings: LocalSettings, agencyId: string, region?: string): Promise<TokenClaims | string> {
  const clients = localClients({
    dynamodb: `http://127.0.0.1:${settings.SHIFAN_DYNAMODB_PORT}`,
    sqs: `http://127.0.0.1:${settings.SHIFAN_SQS_PORT}`,
    s3: `http://127.0.0.1:${settings.SHIFAN_SQS_PORT}`,
    ses: `http://127.0.0.1:${settings.SHIFAN_SES_PORT}`,
  });
  let known: { regionCode?: string; clientId?: string } = {};
  try {
    await clients.dynamo.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    const store = { doc: clients.doc, table: (await bootstrap(clients)).TABLE_MAIN! };
    const latest = (await listClients(store))
      .filter((c) => c.agencyId === agencyId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .at(-1);
    known = { regionCode: (await getAuthority(store, agencyId))?.regionCode, clientId: latest?.clientId };
  } catch {
    // No local host running: the region must be given.
  } finally {
    clients.dynamo.destroy();
  }
  const regionCode = known.regionCode ?? region;
  if (!regionCode) return `The local data has no agency ${agencyId} (is \`npm start\` running?): give --region <6 digits>.`;
  return { sub: known.clientId ?? `client-${agencyId}`, ...machineClaims({ agencyId }, regionCode) };
}

/**
 * `npm run token -- --role authority --region 420100 --agency hubei-ethnic-affairs [--sub id] [--ttl seconds]`, or
 * `npm run token -- --client <agency> [--region <6 digits>] [--ttl seconds]` for the agency's machine client.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      client: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      agency: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const settings = readLocalSettings();
  if (values.client !== undefined) {
    const parsedClient = clientArgs.safeParse(values);
    if (!parsedClient.success) {
      console.error(
        `Usage: npm run token -- --client <agency id> [--region <6 digits>] [--ttl <seconds>]\n${parsedClient.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}`,
      );
      process.exit(2);
    }
    const claims = await clientClaims(settings, parsedClient.data.client, parsedClient.data.region);
    if (typeof claims === 'string') {
      console.error(claims);
      process.exit(2);
    }
    const keys = await loadDevKeys(join(settings.SHIFAN_DATA_DIR, 'dev-issuer.json'));
    console.log(await signToken(keys, claims, parsedClient.data.ttl));
    return;
  }
  const parsed = args.safeParse(values);
  if (!parsed.success) {
    console.error(
      `Usage: npm run token -- --role <${roles.join('|')}> --region <6 digits> --agency <agency id> [--sub <id>] [--ttl <seconds>]\n${parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
    process.exit(2);
  }
  const { role, region, agency, sub, ttl } = parsed.data;
  const keys = await loadDevKeys(join(settings.SHIFAN_DATA_DIR, 'dev-issuer.json'));
  console.log(await signToken(keys, { sub: sub ?? `${role}-${agency}`, role, region, agencyId: agency }, ttl));
}

void main();
