import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { startLocalHost, localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { readLocalSettings } from '../infra/local/settings.ts';
import { invoke } from '../infra/local/invoke.ts';
import { flushLedger, meteringTotals } from '../shared/metering/middleware.ts';
import { priceTableFor, priceUsage } from '../shared/metering/prices.ts';
import { histogramMedian, readLedger } from '../shared/metering/ledger.ts';
import { civilDateAt } from '../shared/domain/time.ts';
import { median } from './support.ts';
import { usageStore } from '../shared/clients.ts';

/** One measured figure. */
export interface Figure {
  name: string;
  value: number;
  target: string;
  unit: string;
  ok: boolean;
}

/**
 * `bench/cost`: drives every route of the local host `calls` times, runs the jobs, and reports the median cost per
 * call of each operation, the metering overhead (its own writes ÷ what it metered, both priced) and a typical read's
 * cost against the fixed floor (API request + Lambda request).
 */
export async function benchCost(calls = 60): Promise<{ figures: Figure[]; perOperation: Record<string, number> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shifan-bench-'));
  const settings = {
    ...readLocalSettings({}),
    SHIFAN_API_PORT: await freePort(),
    SHIFAN_DYNAMODB_PORT: await freePort(),
    SHIFAN_SQS_PORT: await freePort(),
    SHIFAN_SES_PORT: await freePort(),
    SHIFAN_DATA_DIR: dataDir,
    SHIFAN_LOG_LEVEL: 'ERROR' as const,
  };
  const host = await startLocalHost(settings);
  try {
    const token = (label: string) => host.tokens.find((t) => t.label.startsWith(label))!.token;
    const headers = (label: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token(label)}`, ...extra });
    const costs: Record<string, number[]> = {};
    const request = async (operation: string, path: string, init: RequestInit = {}) => {
      const response = await fetch(`${host.urls.api}${path}`, init);
      await response.arrayBuffer();
      const cost = Number.parseFloat(response.headers.get('x-shifan-cost') ?? 'NaN');
      if (!response.ok || Number.isNaN(cost)) throw new Error(`${operation}: ${response.status}`);
      (costs[operation] ??= []).push(cost);
    };
    const today = civilDateAt(new Date());
    let version = 1;
    for (let i = 0; i < calls; i++) {
      const wuhan = headers('authority (Wuhan');
      await request('health', '/health');
      await request('openapi', '/v1/openapi.json');
      await request('docs', '/docs');
      await request('getUnit', '/v1/units/demo-baibuting', { headers: wuhan });
      await request('listUnits', '/v1/units?region=4201&limit=20', { headers: wuhan });
      await request('createUnit', '/v1/units', {
        method: 'POST',
        headers: { ...wuhan, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `武汉市江岸区基准测试社区${i}`,
          type: 'community',
          regionCode: '420102',
          zone: false,
          contacts: [{ name: '李明', email: 'liming@example.cn' }],
        }),
      });
      await request('updateUnit', '/v1/units/demo-baibuting', {
        method: 'PATCH',
        headers: { ...wuhan, 'content-type': 'application/json', 'if-match': `"${version++}"` },
        body: JSON.stringify({ contacts: [{ name: '李明', email: `liming${i}@example.cn` }] }),
      });
      await request('listRegions', '/v1/regions?parent=420100', { headers: wuhan });
      await request('getRegion', '/v1/regions/420102', { headers: wuhan });
      await request('getCosts', `/v1/finance/costs?from=${today}&to=${today}&groupBy=operation`, { headers: headers('finance') });
      await request('getForecast', '/v1/finance/forecast?units=2000&submissionsPerYear=500', { headers: headers('finance') });
    }
    // Overhead at steady HTTP load only: emails would dwarf the denominator and flatter the ratio.
    await flushLedger();
    const table = priceTableFor('us-east-1', today);
    const overhead = priceUsage(meteringTotals.overhead, table).micros / priceUsage(meteringTotals.metered, table).micros;
    // Jobs: the sweep, and the notifier through the real queue and poller.
    for (let i = 0; i < 10; i++) await invoke('agenda-sweep', { schedule: 'agenda-sweep', date: today });
    const { sqs } = localClients(host.endpoints);
    for (let batch = 0; batch < 3; batch++) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: process.env.QUEUE_NOTICES_URL!,
          Entries: Array.from({ length: 10 }, (_, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify({
              id: `bench#${Date.now()}#${batch}-${i}`,
              to: ['liming@example.cn'],
              subject: '基准测试通知',
              text: '这是一封基准测试邮件。',
              agencyId: 'wuhan-ethnic-affairs',
            }),
          })),
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 4000));
    await flushLedger();
    const ledger = await readLedger(usageStore(), [today]);
    for (const job of ['agenda-sweep', 'notifier']) {
      const histogram: Record<string, number> = {};
      for (const row of ledger.filter((r) => r.operation === job))
        for (const [b, n] of Object.entries(row.histogram)) histogram[b] = (histogram[b] ?? 0) + n;
      costs[job] = [histogramMedian(histogram)];
    }
    const perOperation = Object.fromEntries(Object.entries(costs).map(([op, xs]) => [op, median(xs)]));
    const floor = table.prices.apiRequests! + table.prices.lambdaRequests!;
    const readRatio = perOperation.getUnit! / floor;
    return {
      perOperation,
      figures: [
        {
          name: 'metering overhead at steady HTTP load (its own writes ÷ what it metered)',
          value: overhead,
          unit: 'ratio',
          target: '≤ 0.05',
          ok: overhead <= 0.05,
        },
        {
          name: 'typical read (GET /v1/units/{id}) ÷ API + Lambda request floor',
          value: readRatio,
          unit: 'ratio',
          target: '≤ 1.5',
          ok: readRatio <= 1.5,
        },
      ],
    };
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
