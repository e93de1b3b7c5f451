import { randomUUID } from 'node:crypto';
import { startEmulators } from '../infra/local/emulators.ts';
import { bootstrap } from '../infra/local/bootstrap.ts';
import { localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { handlerEnvironment } from '../infra/local/settings.ts';
import { contextFor } from '../infra/local/invoke.ts';
import { answerOf, httpEvent } from '../test/support/events.ts';
import type { Figure } from './cost.ts';
import { bulkPut, median } from './support.ts';

/**
 * `bench/search`: unit search (`GET /v1/units?q=`) in DynamoDB read units consumed (ConsumedCapacity, as the metering
 * middleware counts it). `stored` units of Hubei: 2 % named 百步亭社区第 N 网格, 2 % 百步桥村 N 组 (sharing the bigram
 * 百步 the search reads, dropped for lacking 亭), the rest other names. A page of 20 for `q=百步亭` ÷ what reading its
 * 20 units by id costs (GetItem, eventually consistent: half a unit per 4 KB each; target ≤ 2); then ten times the
 * units are stored (in the same shares) and the page is measured again (target ≤ 1.2 of before). Medians of `calls`.
 */
export async function benchSearch(stored = 2_000, calls = 30): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  try {
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, 'ERROR'), await bootstrap(clients));
    delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
    const { unitItem, unitGramItems } = await import('../shared/data/units.ts');
    const { meteringTotals } = await import('../shared/metering/middleware.ts');
    const { handler: units } = await import('../functions/units/handler.ts');
    const table = process.env.TABLE_MAIN!;
    const counties = ['420102', '420103', '420106', '420202', '420502', '420602', '421002', '422801'];

    let serial = 0;
    const unitItems = (): Record<string, unknown>[] => {
      const i = serial++;
      const name = i % 50 === 0 ? `百步亭社区第${i}网格` : i % 50 === 1 ? `百步桥村${i}组` : `基准测试社区${i}`;
      const unit = {
        id: randomUUID(),
        name,
        type: 'community' as const,
        regionCode: counties[i % counties.length]!,
        zone: false,
        contacts: [{ name: '李明', email: `bench${i}@example.cn`, phone: '13800000000' }],
        authorityId: 'hubei-ethnic-affairs',
        version: 1,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      };
      return [unitItem(unit), ...unitGramItems(unit)];
    };
    const load = (count: number) => bulkPut(clients.doc, table, Array.from({ length: count }, unitItems).flat());
    const claims = { sub: 'bench', role: 'authority' as const, agencyId: 'hubei-ethnic-affairs', region: '420000' };
    /** Read units one page consumed, and what reading its units by id would. */
    const page = async (query: Record<string, string>) => {
      const before = meteringTotals.metered.readUnits;
      const answer = answerOf(
        await units(
          httpEvent({ method: 'GET', path: '/v1/units', claims, query: { region: '42', limit: '20', ...query } }),
          contextFor('units', randomUUID(), Date.now() + 10_000),
        ),
      );
      if (answer.status !== 200 || answer.body.items.length !== 20)
        throw new Error(`units page: ${answer.status}, ${answer.body.items?.length} items`);
      const byId = (answer.body.items as Record<string, unknown>[]).reduce(
        (sum, unit) => sum + Math.ceil(Buffer.byteLength(JSON.stringify(unitItem(unit as never))) / 4096) / 2,
        0,
      );
      return { readUnits: meteringTotals.metered.readUnits - before, byId };
    };
    const measure = async () => {
      for (let i = 0; i < 5; i++) await page({ q: '百步亭' });
      const search: number[] = [];
      const list: number[] = [];
      let byId = 0;
      for (let i = 0; i < calls; i++) {
        const found = await page({ q: '百步亭' });
        search.push(found.readUnits);
        byId = found.byId;
        list.push((await page({})).readUnits);
      }
      return { search: median(search), list: median(list), byId };
    };

    await load(stored);
    const before = await measure();
    await load(stored * 9);
    const after = await measure();
    const ratio = before.search / before.byId;
    const flat = after.search / before.search;
    return {
      details: {
        stored,
        storedAfter: stored * 10,
        searchReadUnits: before.search,
        byIdReadUnits: before.byId,
        listReadUnits: before.list,
        searchReadUnitsAfter: after.search,
        readUnitsPerItem: before.search / 20,
      },
      figures: [
        {
          name: 'search page (q=百步亭, 20 units) read units ÷ reading its 20 units by id',
          value: ratio,
          unit: 'ratio',
          target: '≤ 2',
          ok: ratio <= 2,
        },
        { name: 'the same search page with 10× the units stored ÷ before', value: flat, unit: 'ratio', target: '≤ 1.2', ok: flat <= 1.2 },
      ],
    };
  } finally {
    await emulators.stop();
  }
}
