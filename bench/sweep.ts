import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startEmulators } from '../infra/local/emulators.ts';
import { bootstrap } from '../infra/local/bootstrap.ts';
import { localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { handlerEnvironment } from '../infra/local/settings.ts';
import { contextFor } from '../infra/local/invoke.ts';
import type { Figure } from './cost.ts';
import { bulkPut } from './support.ts';

const today = '2027-06-01';
const day = (delta: number) => new Date(Date.parse(`${today}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);

/**
 * `bench/sweep`: with `stored` namings of which `due` have a milestone due, the sweep's consumed read capacity and time
 * against a full-table Scan of the same data in the same run; then the stored namings double with the same number
 * due, and the sweep runs again. Targets: reads ≤ 2 × the size of what is due; flat when the store doubles.
 */
export async function benchSweep(stored = 100_000, due = 1_000): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  try {
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, 'ERROR'), await bootstrap(clients));
    delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
    const { namingItem } = await import('../shared/data/namings.ts');
    const { meteringTotals } = await import('../shared/metering/middleware.ts');
    const { handler: sweep } = await import('../functions/agenda-sweep/handler.ts');
    const table = process.env.TABLE_MAIN!;

    const naming = (i: number, isDue: boolean) => {
      const expiresOn = isDue ? day(100) : day(400 + (i % 1400));
      return namingItem({
        id: randomUUID(),
        unitId: `bench-unit-${i}`,
        unitName: `基准测试单位${i}`,
        unitType: 'community',
        regionCode: '420102',
        level: 'province',
        certificateNo: `鄂民示〔2022〕${String(i).padStart(6, '0')}`,
        namedOn: `${Number(expiresOn.slice(0, 4)) - 5}${expiresOn.slice(4)}`,
        expiresOn,
        status: 'active',
        issuedBy: 'hubei-ethnic-affairs',
        issuer: { agencyId: 'hubei-ethnic-affairs', level: 'province', regionCode: '420000' },
        kind: 'unit',
        recipients: [`bench${i}@example.cn`],
        version: 1,
        createdAt: today,
        updatedAt: today,
        nextMilestone: 180,
        nextMilestoneOn: isDue ? day(-80) : day(400 + (i % 1400) - 180),
      });
    };
    const load = (items: Record<string, unknown>[]) => bulkPut(clients.doc, table, items);
    const measureSweep = async () => {
      const before = meteringTotals.metered.readUnits;
      const started = performance.now();
      const result = (await sweep(
        { schedule: 'agenda-sweep', date: today },
        contextFor('agenda-sweep', randomUUID(), Date.now() + 300_000),
      )) as unknown as Record<string, { due: number }>;
      return { readUnits: meteringTotals.metered.readUnits - before, ms: performance.now() - started, due: result['naming-expiry']!.due };
    };
    const measureScan = async () => {
      let readUnits = 0;
      let startKey: Record<string, unknown> | undefined;
      const started = performance.now();
      do {
        const page = await clients.doc.send(
          new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }),
        );
        readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return { readUnits, ms: performance.now() - started };
    };

    const dueItems = Array.from({ length: due }, (_, i) => naming(i, true));
    // What reading the due items once costs: eventually consistent, half a unit per 4 KB of items read together.
    const dueReadUnits = Math.ceil(dueItems.reduce((s, item) => s + Buffer.byteLength(JSON.stringify(item)), 0) / 4096) / 2;
    await load([...dueItems, ...Array.from({ length: stored - due }, (_, i) => naming(due + i, false))]);
    const first = await measureSweep();
    const scan = await measureScan();
    await load(Array.from({ length: stored }, (_, i) => naming(stored + i, false)));
    await load(dueItems); // the same due namings, due again
    const second = await measureSweep();

    const readRatio = first.readUnits / dueReadUnits;
    const flat = second.readUnits / first.readUnits;
    return {
      details: {
        stored,
        due,
        sweptDue: first.due,
        sweepReadUnits: first.readUnits,
        sweepMs: Math.round(first.ms),
        scanReadUnits: scan.readUnits,
        scanMs: Math.round(scan.ms),
        sweepReadUnitsDoubled: second.readUnits,
        sweepMsDoubled: Math.round(second.ms),
        dueReadUnits,
      },
      figures: [
        {
          name: `sweep reads ÷ size of what is due (${due} of ${stored})`,
          value: readRatio,
          unit: 'ratio',
          target: '≤ 2',
          ok: readRatio <= 2,
        },
        { name: 'sweep reads with the store doubled ÷ before', value: flat, unit: 'ratio', target: '≈ 1 (flat)', ok: flat <= 1.1 },
        {
          name: 'sweep reads ÷ full-table Scan reads',
          value: first.readUnits / scan.readUnits,
          unit: 'ratio',
          target: '≪ 1',
          ok: first.readUnits < scan.readUnits / 10,
        },
      ],
    };
  } finally {
    await emulators.stop();
  }
}
