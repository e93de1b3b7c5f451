import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { roles } from '../../shared/topology.ts';
import { loadDevKeys, signToken } from './dev-issuer.ts';
import { readLocalSettings } from './settings.ts';

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

/** `npm run token -- --role authority --region 420100 --agency hubei-ethnic-affairs [--sub id] [--ttl seconds]`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string' },
      agency: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) {
    console.error(
      `Usage: npm run token -- --role <${roles.join('|')}> --region <6 digits> --agency <agency id> [--sub <id>] [--ttl <seconds>]\n${parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
    process.exit(2);
  }
  const { role, region, agency, sub, ttl } = parsed.data;
  const keys = await loadDevKeys(join(readLocalSettings().SHIFAN_DATA_DIR, 'dev-issuer.json'));
  console.log(await signToken(keys, { sub: sub ?? `${role}-${agency}`, role, region, agencyId: agency }, ttl));
}

void main();
