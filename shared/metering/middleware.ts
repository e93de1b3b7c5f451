import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../logger.ts';
import { getConfig } from '../config.ts';
import { civilDateAt } from '../domain/time.ts';
import { LedgerBuffer } from './ledger.ts';
import { priceTableFor, priceUsage, type Priced } from './prices.ts';
import { addUsage, emptyUsage, enterMeter, scaleUsage, withMeter, type Meter } from './usage.ts';
import { usageStore } from '../clients.ts';

/** How an invocation is named and attributed. */
export interface MeteringOptions<E> {
  /** The route id or job name. */
  operation: (event: E) => string;
  /** The agency the work is for; jobs and consumers split it with attributeShare(). */
  agencyId: (event: E) => string;
  /** HTTP invocations also pay for the API Gateway request. */
  http: boolean;
}

/** This instance's buffer; flushed at the end of an invocation when due, and on SIGTERM. */
const buffer = new LedgerBuffer({ maxInvocations: 100, maxAgeMs: 30_000 });
process.once('SIGTERM', () => void flushLedger().catch(() => {}));

/** Totals of what this process metered, and what the metering itself consumed (for the overhead benchmark). */
export const meteringTotals = { metered: emptyUsage(), overhead: emptyUsage() };

/** Writes whatever the buffer holds (when due, on shutdown, in tests); what the writes consume counts as overhead. */
export async function flushLedger(memoryMb = 0): Promise<void> {
  const meter: Meter = { usage: emptyUsage(), agencyId: 'metering', operation: 'flush' };
  const started = performance.now();
  try {
    await withMeter(meter, () => buffer.flush(usageStore()));
  } finally {
    // The flush lengthens the invocation it runs in: that billed time is overhead too.
    meter.usage.mbMs += Math.ceil(performance.now() - started) * memoryMb;
    addUsage(meteringTotals.overhead, meter.usage);
  }
}

/** Formats a priced amount for the `x-shifan-cost` header and log lines: micro-units, currency, unpriced kinds. */
export function formatCost(priced: Priced): string {
  return `${priced.micros.toFixed(3)} micro-${priced.currency}${priced.unpriced.length ? `; unpriced=${priced.unpriced.join(',')}` : ''}`;
}

/**
 * Meters every invocation: billed duration × memory, the Lambda (and API) request, and whatever the SDK middleware
 * counted; prices it, puts it on the response (`x-shifan-cost`) and the log, and adds it to the ledger buffer.
 */
export function metering<E, R>(options: MeteringOptions<E>): MiddlewareObj<E, R, Error, Context> {
  const started = new WeakMap<object, { at: number; meter: Meter; deadline?: ReturnType<typeof setTimeout> }>();
  const finish = async (request: Request<E, R, Error, Context>) => {
    const state = started.get(request.context);
    if (!state) return;
    const { meter } = state;
    const billedMs = Math.ceil(performance.now() - state.at);
    meter.usage.lambdaRequests += 1;
    meter.usage.mbMs += billedMs * Number(request.context.memoryLimitInMB ?? 128);
    if (options.http) meter.usage.apiRequests += 1;
    const day = civilDateAt(new Date());
    const priced = priceUsage(meter.usage, priceTableFor(getConfig().AWS_REGION, day));
    const cost = formatCost(priced);
    const response = request.response as { headers?: Record<string, string> } | undefined;
    if (options.http && response) response.headers = { ...response.headers, 'x-shifan-cost': cost };
    clearTimeout(state.deadline);
    logger.info('Invocation metered', { usage: meter.usage, billedMs });
    // Every line of the invocation, held since it began, goes out now with the same cost.
    logger.release({ cost, agencyId: meter.agencyId, operation: meter.operation });
    const shares = meter.shares ?? new Map([[meter.agencyId, 1]]);
    const total = [...shares.values()].reduce((a, b) => a + b, 0);
    for (const [agencyId, weight] of shares) {
      buffer.add(day, agencyId, meter.operation, scaleUsage(meter.usage, weight / total), priced.micros, Date.now(), weight / total);
    }
    addUsage(meteringTotals.metered, meter.usage);
    if (buffer.due(Date.now())) {
      await flushLedger(Number(request.context.memoryLimitInMB ?? 128)).catch((error: unknown) =>
        logger.warn('Cost ledger flush failed; kept for the next flush', { error: error as Error }),
      );
    }
  };
  return {
    before: (request) => {
      const meter: Meter = { usage: emptyUsage(), agencyId: options.agencyId(request.event), operation: options.operation(request.event) };
      enterMeter(meter);
      logger.hold();
      // Should the function be about to time out, its lines go out anyway (their cost is then unknown).
      const remaining = request.context.getRemainingTimeInMillis?.() ?? 0;
      const deadline =
        remaining > 0 ? setTimeout(() => logger.release({ cost: 'unknown (timed out)' }), Math.max(0, remaining - 250)) : undefined;
      deadline?.unref();
      started.set(request.context, { at: performance.now(), meter, deadline });
    },
    after: finish,
    onError: finish,
  };
}
