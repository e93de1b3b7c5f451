import { randomUUID } from 'node:crypto';
import { startEmulators } from '../infra/local/emulators.ts';
import { bootstrap } from '../infra/local/bootstrap.ts';
import { localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { handlerEnvironment } from '../infra/local/settings.ts';
import { contextFor } from '../infra/local/invoke.ts';
import { answerOf, httpEvent } from '../test/support/events.ts';
import type { WorkItem, WorkKind, WorkOwner } from '../shared/domain/work.ts';
import type { Figure } from './cost.ts';
import { bulkPut, median } from './support.ts';

/**
 * `bench/work`: the officials' workbench (`GET /v1/me/work`) in DynamoDB read units consumed (ConsumedCapacity, as the
 * metering middleware counts it). A province authority has work of every kind an authority has (3 to 24 items each:
 * some kinds fit their first page of 10, others do not), beside `agencies` other authorities with the same backlog.
 * Its workbench ÷ what reading the items it returns by key costs (GetItem, eventually consistent: half a unit per
 * 4 KB each; target ≤ 2); then ten times everything is stored — the other agencies' work and its own backlog — and
 * the workbench is measured again (target ≤ 1.2 of before). Medians of `calls`.
 */
export async function benchWork(agencies = 200, calls = 30): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  try {
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, 'ERROR'), await bootstrap(clients));
    delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
    const { workItem, workCountItem } = await import('../shared/data/work.ts');
    const { meteringTotals } = await import('../shared/metering/middleware.ts');
    const { handler: platform } = await import('../functions/platform/handler.ts');
    const table = process.env.TABLE_MAIN!;

    // What an authority's workbench holds: how many of each kind, and whose key (its region's, or its agency's).
    const backlog: [WorkKind, number, 'region' | 'agency'][] = [
      ['endorse', 24, 'region'],
      ['close-round', 6, 'agency'],
      ['appeal', 3, 'agency'],
      ['objection', 4, 'agency'],
      ['filing', 12, 'region'],
      ['task-review', 15, 'agency'],
      ['recheck', 9, 'agency'],
      ['expiring', 18, 'agency'],
    ];
    const counts = new Map<string, Map<WorkKind, number>>();
    let serial = 0;
    /** `times` × the backlog of one authority, with its counters as they stand after. */
    const backlogOf = (agencyId: string, region: string, times: number): Record<string, unknown>[] => {
      const items: Record<string, unknown>[] = [];
      for (const [kind, n, keyed] of backlog) {
        const owner: WorkOwner = keyed === 'region' ? { regionCode: region } : { agencyId };
        const ownerKey = JSON.stringify(owner);
        const byKind = counts.get(ownerKey) ?? new Map<WorkKind, number>();
        counts.set(ownerKey, byKind);
        for (let i = 0; i < n * times; i++) {
          const id = randomUUID();
          const since = new Date(Date.UTC(2026, 0, 1) + serial++ * 60_000).toISOString();
          const item: WorkItem = {
            kind,
            id,
            title: `基准测试单位${serial}的待办事项`,
            since,
            due: '2027-06-30',
            link: `/v1/submissions/${id}`,
          };
          items.push(workItem(owner, item));
          byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        }
      }
      return items;
    };
    const counterItems = () => [...counts].map(([owner, byKind]) => workCountItem(JSON.parse(owner) as WorkOwner, byKind));
    // The province's regions for the others: a 6-digit code each, none the benchmarked one.
    const others = Array.from({ length: agencies }, (_, i) => ({ agencyId: `bench-agency-${i}`, region: String(430000 + i * 100) }));
    const load = async (times: number) => {
      await bulkPut(clients.doc, table, backlogOf('bench-province', '420000', times));
      for (const o of others) await bulkPut(clients.doc, table, backlogOf(o.agencyId, o.region, times));
      await bulkPut(clients.doc, table, counterItems());
    };

    const claims = { sub: 'bench', role: 'authority' as const, agencyId: 'bench-province', region: '420000' };
    /** Read units the workbench consumed, and what reading the items it returns by key would. */
    const workbench = async () => {
      const before = meteringTotals.metered.readUnits;
      const answer = answerOf(
        await platform(
          httpEvent({ method: 'GET', path: '/v1/me/work', claims }),
          contextFor('platform', randomUUID(), Date.now() + 10_000),
        ),
      );
      if (answer.status !== 200 || answer.body.kinds.length !== backlog.length)
        throw new Error(`workbench: ${answer.status}, ${answer.body.kinds?.length} kinds`);
      const items = (answer.body.kinds as { items: WorkItem[] }[]).flatMap((k) => k.items);
      const byKey = items.reduce((sum, item) => {
        const keyed = backlog.find(([kind]) => kind === item.kind)![2];
        const owner: WorkOwner = keyed === 'region' ? { regionCode: '420000' } : { agencyId: 'bench-province' };
        return sum + Math.ceil(Buffer.byteLength(JSON.stringify(workItem(owner, item))) / 4096) / 2;
      }, 0);
      return { readUnits: meteringTotals.metered.readUnits - before, byKey, items: items.length };
    };
    const measure = async () => {
      for (let i = 0; i < 5; i++) await workbench();
      const units: number[] = [];
      let last = { byKey: 0, items: 0 };
      for (let i = 0; i < calls; i++) {
        const read = await workbench();
        units.push(read.readUnits);
        last = read;
      }
      return { readUnits: median(units), byKey: last.byKey, items: last.items };
    };

    await load(1);
    const before = await measure();
    await load(9);
    const after = await measure();
    const ratio = before.readUnits / before.byKey;
    const flat = after.readUnits / before.readUnits;
    return {
      details: {
        agencies: agencies + 1,
        stored: backlog.reduce((sum, [, n]) => sum + n, 0) * (agencies + 1),
        storedAfter: backlog.reduce((sum, [, n]) => sum + n, 0) * (agencies + 1) * 10,
        itemsReturned: before.items,
        workReadUnits: before.readUnits,
        byKeyReadUnits: before.byKey,
        workReadUnitsAfter: after.readUnits,
      },
      figures: [
        {
          name: 'GET /v1/me/work (8 kinds, first pages) read units ÷ reading the items it returns by key',
          value: ratio,
          unit: 'ratio',
          target: '≤ 2',
          ok: ratio <= 2,
        },
        { name: 'the same workbench with 10× the open work stored ÷ before', value: flat, unit: 'ratio', target: '≤ 1.2', ok: flat <= 1.2 },
      ],
    };
  } finally {
    await emulators.stop();
  }
}
