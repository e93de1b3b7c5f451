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
 * `bench/registry`: the public registry's filtered page against its unfiltered page, in metered cost (each answer's
 * own `x-shifan-cost`: Lambda time, the requests and the DynamoDB units consumed). `stored` namings of Hubei, 1 % of
 * them schools; a page of 20 filtered by `type=school` ÷ the same page unfiltered (target ≤ 2); then ten times the
 * namings are stored (the schools too) and the filtered page is measured again (target ≤ 1.2 of before). Medians of
 * `calls` alternating calls after a warm-up.
 */
export async function benchRegistry(stored = 2_000, calls = 60): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  try {
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, 'ERROR'), await bootstrap(clients));
    delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
    const { namingItem, facetWrites } = await import('../shared/data/namings.ts');
    const { expiryOf, regionAtLevel } = await import('../shared/domain/namings.ts');
    const { handler: registry } = await import('../functions/registry/handler.ts');
    const table = process.env.TABLE_MAIN!;
    const counties = ['420102', '420103', '420106', '420202', '420502', '420602', '421002', '422801'];

    let serial = 0;
    const namingItems = (school: boolean): Record<string, unknown>[] => {
      const i = serial++;
      const regionCode = counties[i % counties.length]!;
      const namedOn = `20${22 + (i % 4)}-0${1 + (i % 9)}-15`;
      const naming = {
        id: randomUUID(),
        unitId: `bench-unit-${i}`,
        unitName: `基准测试单位${i}`,
        unitType: school ? ('school' as const) : ('community' as const),
        kind: 'unit' as const,
        regionCode,
        level: 'province' as const,
        certificateNo: `鄂民示〔2022〕${String(i).padStart(6, '0')}`,
        namedOn,
        expiresOn: expiryOf(namedOn),
        status: 'active' as const,
        issuedBy: 'hubei-ethnic-affairs',
        issuer: { agencyId: 'hubei-ethnic-affairs', level: 'province' as const, regionCode: regionAtLevel(regionCode, 'province') },
        recipients: [`bench${i}@example.cn`],
        version: 1,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      };
      const facets = facetWrites(naming).flatMap((w) => (w.Put ? [w.Put.Item as Record<string, unknown>] : []));
      return [namingItem(naming), ...facets];
    };
    const load = (count: number) => bulkPut(clients.doc, table, Array.from({ length: count }, (_, i) => namingItems(i % 100 === 0)).flat());
    const page = async (query: Record<string, string>) => {
      const answer = answerOf(
        await registry(
          httpEvent({ method: 'GET', path: '/v1/registry', query: { region: '42', limit: '20', ...query } }),
          contextFor('registry', randomUUID(), Date.now() + 10_000),
        ),
      );
      if (answer.status !== 200 || answer.body.items.length !== 20)
        throw new Error(`registry page: ${answer.status}, ${answer.body.items?.length} items`);
      return Number.parseFloat(answer.headers['x-shifan-cost']!);
    };
    const measure = async () => {
      for (let i = 0; i < 10; i++) {
        await page({});
        await page({ type: 'school' });
      }
      const unfiltered: number[] = [];
      const filtered: number[] = [];
      for (let i = 0; i < calls; i++) {
        unfiltered.push(await page({}));
        filtered.push(await page({ type: 'school' }));
      }
      return { unfiltered: median(unfiltered), filtered: median(filtered) };
    };

    await load(stored);
    const before = await measure();
    await load(stored * 9);
    const after = await measure();
    const selective = before.filtered / before.unfiltered;
    const flat = after.filtered / before.filtered;
    return {
      details: {
        stored,
        storedAfter: stored * 10,
        unfilteredMicros: before.unfiltered,
        filteredMicros: before.filtered,
        filteredMicrosAfter: after.filtered,
        unfilteredMicrosAfter: after.unfiltered,
      },
      figures: [
        {
          name: 'public registry page filtered at 1 % selectivity ÷ the same page unfiltered (metered cost)',
          value: selective,
          unit: 'ratio',
          target: '≤ 2',
          ok: selective <= 2,
        },
        {
          name: 'the same filtered page with 10× the namings stored ÷ before',
          value: flat,
          unit: 'ratio',
          target: '≤ 1.2',
          ok: flat <= 1.2,
        },
      ],
    };
  } finally {
    await emulators.stop();
  }
}
