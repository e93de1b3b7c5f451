import { mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalHost, localClients } from '../infra/local/host.ts';
import { localNames } from '../infra/local/bootstrap.ts';
import { demoFramework } from '../infra/local/demo-framework.ts';
import { fullSheet } from '../infra/local/demo-campaign.ts';
import { freePort } from '../infra/local/ports.ts';
import { readLocalSettings } from '../infra/local/settings.ts';
import { createUnit } from '../shared/data/units.ts';
import type { Figure } from './cost.ts';

/**
 * GET over node:http with a keep-alive agent: the transport the SDK's GetItem uses too, so that the ratio compares
 * what the local host and the handler add, not two HTTP client libraries (fetch's undici costs ~0.5 ms more per call here).
 */
function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** One route's share of the load: throughput and latency percentiles, and anything but a 2xx. */
export interface RouteLoad {
  route: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * `bench/api`: the local host's overhead and a mixed load.
 * - p50 of `GET /v1/units/{id}` through the local host (HTTP, JWT verification, middy, metering, DynamoDB) ÷ p50 of a
 *   bare DynamoDB GetItem of the same item against the same emulator, sequential, in the same run.
 * - autocannon for `seconds` with four routes at once (reads, a list, score previews, new submissions): throughput
 *   and p50/p99 per route; every answer must be a 2xx.
 */
export async function benchApi(seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60)): Promise<{ figures: Figure[]; load: RouteLoad[] }> {
  const settings = {
    ...readLocalSettings({}),
    SHIFAN_API_PORT: await freePort(),
    SHIFAN_DYNAMODB_PORT: await freePort(),
    SHIFAN_SQS_PORT: await freePort(),
    SHIFAN_SES_PORT: await freePort(),
    SHIFAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'shifan-bench-api-')),
    SHIFAN_LOG_LEVEL: 'ERROR' as const,
  };
  const host = await startLocalHost(settings, { fresh: true });
  try {
    const token = (label: string) => host.tokens.find((t) => t.label.startsWith(label))!.token;
    const wuhan = { authorization: `Bearer ${token('authority (Wuhan')}` };
    const api = host.urls.api;

    // The overhead: the same item, through the whole stack and straight from the table.
    const clients = localClients(host.endpoints);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const viaApi: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 600; i++) {
      let t = performance.now();
      const status = await get(agent, `${api}/v1/units/demo-baibuting`, wuhan);
      if (status !== 200) throw new Error(`GET /v1/units/{id} answered ${status}`);
      const throughApi = performance.now() - t;
      t = performance.now();
      await clients.dynamo.send(
        new GetItemCommand({ TableName: localNames.main, Key: { pk: { S: 'UNIT#demo-baibuting' }, sk: { S: 'UNIT' } } }),
      );
      const direct = performance.now() - t;
      if (i >= 100) {
        viaApi.push(throughApi);
        bare.push(direct);
      }
    }
    agent.destroy();
    const ratio = percentile(viaApi, 50) / percentile(bare, 50);

    // Units for new submissions, one per request, in the seeded Wuhan campaign's region.
    const store = { doc: clients.doc, table: localNames.main };
    const actor = { sub: 'bench', role: 'admin', agencyId: 'bench', requestId: 'bench' };
    const counties = [
      '420102',
      '420103',
      '420104',
      '420105',
      '420106',
      '420107',
      '420111',
      '420112',
      '420113',
      '420114',
      '420115',
      '420116',
      '420117',
    ];
    const unitIds: string[] = [];
    const now = new Date().toISOString();
    // Enough for ~150 submissions a second (created 8 at a time; each is a transaction on the units counter).
    const prepared = Math.max(2000, seconds * 150);
    for (let i = 0; i < prepared; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, prepared - i) }, (_, j) =>
          createUnit(
            store,
            {
              name: `压测社区${i + j}`,
              type: 'community',
              regionCode: counties[(i + j) % counties.length]!,
              zone: false,
              contacts: [{ name: '压测', email: `load${i + j}@example.cn` }],
            },
            actor,
            now,
          ),
        ),
      );
      unitIds.push(...batch.map((u) => u.id));
    }
    const benchmarks = { nationalGdpGrowth: 5, provincialIncomeGrowth: 5.5 };
    const sheets = ['r1', 'r2', 'r3', 'r4', 'r5'].map((reviewerId) => ({
      reviewerId,
      values: fullSheet(demoFramework, 'community', benchmarks),
    }));
    const preview = JSON.stringify({
      unitType: 'community',
      benchmarks,
      rounds: [
        { name: 'document', weight: 0.4, sheets },
        { name: 'on-site', weight: 0.6, sheets },
      ],
    });
    let nextUnit = 0;
    const json = { ...wuhan, 'content-type': 'application/json' };
    const routes: { route: string; options: autocannon.Options }[] = [
      { route: 'GET /v1/units/{id}', options: { url: `${api}/v1/units/demo-baibuting`, headers: wuhan } },
      { route: 'GET /v1/units?region=', options: { url: `${api}/v1/units?region=4201&limit=20`, headers: wuhan } },
      {
        route: 'POST /v1/frameworks/{id}/score',
        options: { url: `${api}/v1/frameworks/demo-framework-2026/score`, method: 'POST', headers: json, body: preview },
      },
      {
        route: 'POST /v1/campaigns/{id}/submissions',
        options: {
          url: `${api}/v1/campaigns/demo-campaign-2026/submissions`,
          method: 'POST',
          headers: json,
          requests: [
            { setupRequest: (request) => ({ ...request, body: JSON.stringify({ unitId: unitIds[nextUnit++ % unitIds.length] }) }) },
          ],
        },
      },
    ];
    const results = await Promise.all(routes.map(({ options }) => autocannon({ ...options, connections: 3, duration: seconds })));
    const load: RouteLoad[] = routes.map(({ route }, i) => {
      const r = results[i]!;
      return {
        route,
        requests: r.requests.total,
        perSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      };
    });
    if (nextUnit > unitIds.length)
      throw new Error(`the load made ${nextUnit} submissions but only ${unitIds.length} units were prepared: raise the count`);
    const failures = load.reduce((sum, l) => sum + l.non2xx + l.errors, 0);
    return {
      figures: [
        {
          name: 'p50 GET /v1/units/{id} through the local host ÷ a bare DynamoDB GetItem',
          value: ratio,
          unit: 'ratio',
          target: '≤ 1.5',
          ok: ratio <= 1.5,
        },
        {
          name: `answers other than 2xx under ${seconds} s of mixed load ÷ requests`,
          value: failures / load.reduce((s, l) => s + l.requests, 0),
          unit: 'ratio',
          target: '= 0',
          ok: failures === 0,
        },
      ],
      load,
    };
  } finally {
    await host.stop();
  }
}
