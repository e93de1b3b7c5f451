import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulators } from '../infra/local/emulators.ts';
import { bootstrap } from '../infra/local/bootstrap.ts';
import { localClients } from '../infra/local/host.ts';
import { freePort } from '../infra/local/ports.ts';
import { handlerEnvironment } from '../infra/local/settings.ts';
import { contextFor } from '../infra/local/invoke.ts';
import { startPollers } from '../infra/local/queue-poller.ts';
import { startStreamPollers } from '../infra/local/stream-poller.ts';
import { answerOf, httpEvent } from '../test/support/events.ts';
import type { Figure } from './cost.ts';
import { bulkPut } from './support.ts';

/** How one run went: events, seconds, and what the receiver saw. */
interface Run {
  events: number;
  seconds: number;
  perSecond: number;
}

/**
 * `bench/webhooks` (issue #21). `events` submissions of 湖北 are stored (each a `submission.state-changed` of one
 * subscription of the province's authority), then the local host's stream poller and queue poller are started — the
 * publisher and the deliverer as `npm start` runs them — and the clock runs until the receiver on loopback has every
 * event. The same number of signed POSTs (`postSigned`, 10 at a time: the deliverer's batch) to the same receiver is the
 * floor. Both with a receiver that answers at once and one that takes `slowMs` (an agency's platform doing its work).
 * Each measured run follows a warm-up (modules loaded, connections open, as a steady flow of events finds them).
 * Cost: what the metering middleware priced for the publisher's and the deliverer's invocations ÷ delivered events, over
 * the list price of the SQS requests one queued delivery needs (send, receive, delete) and one Lambda request.
 */
export async function benchWebhooks(events = 400, slowMs = 100): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const clients = localClients(emulators.endpoints);
    Object.assign(process.env, handlerEnvironment(emulators.endpoints, 'ERROR'), await bootstrap(clients), {
      WEBHOOK_SEALING_KEY: randomBytes(32).toString('base64'),
    });
    const { meteringTotals } = await import('../shared/metering/middleware.ts');
    const { priceTableFor, priceUsage } = await import('../shared/metering/prices.ts');
    const { emptyUsage, addUsage } = await import('../shared/metering/usage.ts');
    const { postSigned } = await import('../shared/webhooks/post.ts');
    const { signedHeaders } = await import('../shared/webhooks/signing.ts');
    const { handler: webhooks } = await import('../functions/webhooks/handler.ts');
    const table = process.env.TABLE_MAIN!;

    let delayMs = 0;
    const seen = new Set<string>();
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        seen.add(String(request.headers['webhook-id']));
        setTimeout(() => response.writeHead(200).end('ok'), delayMs);
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    stops.push(() => new Promise((done) => server.close(done)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

    const claims = { sub: 'bench', role: 'authority' as const, agencyId: 'hubei-ethnic-affairs', region: '420000' };
    const created = answerOf(
      await webhooks(
        httpEvent({ method: 'POST', path: '/v1/webhooks', claims, body: { url, events: ['submission.state-changed'] } }),
        contextFor('webhooks', randomUUID(), Date.now() + 10_000),
      ),
    );
    if (created.status !== 201) throw new Error(`subscribe: ${created.status} ${created.raw}`);
    const secret = created.body.secret as string;

    /** The floor: signed POSTs of the same bodies, 10 at a time. */
    const bare = async (): Promise<Run> => {
      seen.clear();
      const body = JSON.stringify({ type: 'submission.state-changed', timestamp: new Date().toISOString(), data: { submissionId: 'x' } });
      const ids = Array.from({ length: events }, () => `msg_${randomUUID()}`);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let id = ids.shift(); id; id = ids.shift()) {
            const result = await postSigned(url, signedHeaders([secret], id, new Date(), body), body, true);
            if (!result.ok) throw new Error(`bare POST failed: ${result.response}`);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return { events, seconds, perSecond: events / seconds };
    };

    /** End to end: the stored changes through the stream, the publisher, the queue and the deliverer. */
    const pipeline = async (count = events): Promise<Run & { micros: number }> => {
      seen.clear();
      const submissions = Array.from({ length: count }, (_, i) => {
        const id = randomUUID();
        const regionCode = ['420102', '420103', '420106', '420202'][i % 4]!;
        return {
          pk: `SUB#${id}`,
          sk: 'SUB',
          kind: 'submission',
          id,
          campaignId: 'bench-campaign',
          unitId: randomUUID(),
          regionCode,
          state: 'draft',
          version: 1,
        };
      });
      await bulkPut(clients.doc, table, submissions);
      const before = addUsage(emptyUsage(), meteringTotals.metered);
      const started = performance.now();
      const streams = await startStreamPollers(clients.dynamo, table, console.error, 50);
      const queues = startPollers(clients.sqs, { webhooks: process.env.QUEUE_WEBHOOKS_URL! });
      try {
        const deadline = Date.now() + 300_000;
        while (seen.size < count) {
          if (Date.now() > deadline) throw new Error(`only ${seen.size} of ${count} events arrived`);
          await sleep(5);
        }
      } finally {
        await streams.stop();
        await queues.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const used = emptyUsage();
      for (const [k, v] of Object.entries(meteringTotals.metered)) used[k as keyof typeof used] = v - before[k as keyof typeof before];
      const micros = priceUsage(used, priceTableFor('us-east-1', new Date().toISOString().slice(0, 10))).micros;
      return { events: count, seconds, perSecond: count / seconds, micros };
    };

    // Warm: the functions loaded and their clients connected, as the instances of a steady flow of events are.
    await bare();
    await pipeline(20);
    const bareFast = await bare();
    const e2eFast = await pipeline();
    delayMs = slowMs;
    const bareSlow = await bare();
    const e2eSlow = await pipeline();

    const prices = priceTableFor('us-east-1', new Date().toISOString().slice(0, 10)).prices;
    const floor = 3 * prices.sqsRequests! + prices.lambdaRequests!;
    const perEvent = (e2eFast.micros + e2eSlow.micros) / (2 * events);
    const figures: Figure[] = [
      {
        name: `webhook events per second end to end (stream → publisher → queue → deliverer) ÷ bare signed POSTs, receiver answering in ${slowMs} ms`,
        value: e2eSlow.perSecond / bareSlow.perSecond,
        unit: 'ratio',
        target: '≥ 0.5',
        ok: e2eSlow.perSecond / bareSlow.perSecond >= 0.5,
      },
      {
        name: 'the same with a receiver answering at once (pure pipeline overhead)',
        value: e2eFast.perSecond / bareFast.perSecond,
        unit: 'ratio',
        target: 'reported',
        ok: true,
      },
      {
        name: 'metered cost per delivered event ÷ (3 SQS requests + 1 Lambda request at list price)',
        value: perEvent / floor,
        unit: 'ratio',
        target: '≤ 1.5',
        ok: perEvent / floor <= 1.5,
      },
    ];
    return {
      figures,
      details: {
        events,
        slowMs,
        bareFastPerSecond: bareFast.perSecond,
        e2eFastPerSecond: e2eFast.perSecond,
        bareSlowPerSecond: bareSlow.perSecond,
        e2eSlowPerSecond: e2eSlow.perSecond,
        meteredMicrosPerEvent: perEvent,
        floorMicrosPerEvent: floor,
      },
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await emulators.stop();
  }
}
