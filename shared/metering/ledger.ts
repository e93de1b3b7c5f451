import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, type Store } from '../data/store.ts';
import { addUsage, emptyUsage, type Usage } from './usage.ts';

/*
 * The cost ledger (usage table). Access patterns:
 * - add an instance's aggregate: UpdateItem ADD on pk=DAY#<YYYY-MM-DD>, sk=<agencyId>#<operation>
 * - a day's rows, all agencies or one: Query pk=DAY#<day> [begins_with(sk, <agencyId>#)]; a range is one query per day
 */

/** One aggregate row: usage of one agency's operation on one day. */
export interface LedgerRow {
  day: string;
  agencyId: string;
  operation: string;
  invocations: number;
  usage: Usage;
  /** Invocations per cost bucket (costBucket), from which medians are read. */
  histogram: Record<string, number>;
}

/** The bucket of a per-invocation cost: quarter-octaves of nano-units, so a median is known within ~19%. */
export function costBucket(micros: number): number {
  return Math.floor(4 * Math.log2(Math.max(micros, 0.001) * 1000));
}

/** The representative cost (geometric middle) of a bucket, in micro-units. */
export function bucketCost(bucket: number): number {
  return 2 ** ((bucket + 0.5) / 4) / 1000;
}

/** The median per-invocation cost of a histogram, in micro-units. */
export function histogramMedian(histogram: Record<string, number>): number {
  const buckets = Object.entries(histogram)
    .map(([b, n]) => [Number(b), n] as const)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (seen * 2 >= total) return bucketCost(bucket);
  }
  return 0;
}

/**
 * Aggregates usage in memory per agency × day × operation and writes it with one ADD per key, when the buffer holds
 * `maxInvocations` or is `maxAgeMs` old — so the ledger costs a small fraction of what it meters.
 */
export class LedgerBuffer {
  private rows = new Map<string, LedgerRow>();
  private invocations = 0;
  private since: number | undefined;

  constructor(private readonly options: { maxInvocations: number; maxAgeMs: number }) {}

  /**
   * Adds one invocation's usage, or an agency's `share` of it (then the usage given is already that share, and the
   * invocation counts as that fraction of one). `micros` is the whole invocation's cost, for the median.
   */
  add(day: string, agencyId: string, operation: string, usage: Usage, micros: number, nowMs: number, share = 1): void {
    const key = `${day}#${agencyId}#${operation}`;
    const row = this.rows.get(key) ?? { day, agencyId, operation, invocations: 0, usage: emptyUsage(), histogram: {} };
    row.invocations += share;
    const bucket = costBucket(micros);
    row.histogram[bucket] = (row.histogram[bucket] ?? 0) + share;
    addUsage(row.usage, usage);
    this.rows.set(key, row);
    this.invocations += share;
    this.since ??= nowMs;
  }

  /** Whether the buffer should be written now. */
  due(nowMs: number): boolean {
    return this.invocations >= this.options.maxInvocations || (this.since !== undefined && nowMs - this.since >= this.options.maxAgeMs);
  }

  /** Writes every buffered row and empties the buffer; rows that fail to write stay for the next flush. */
  async flush(store: Store): Promise<void> {
    const rows = [...this.rows.entries()];
    this.rows = new Map();
    this.invocations = 0;
    this.since = undefined;
    const results = await Promise.allSettled(rows.map(([, row]) => writeRow(store, row)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        const [key, row] = rows[i]!;
        this.rows.set(key, row);
        this.invocations += row.invocations;
      }
    });
    this.since = this.rows.size > 0 ? Date.now() : undefined;
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

async function writeRow(store: Store, row: LedgerRow): Promise<void> {
  const counters: Record<string, number> = { invocations: row.invocations, ...row.usage };
  for (const [bucket, n] of Object.entries(row.histogram)) counters[`h${bucket}`] = n;
  const names = Object.keys(counters);
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: { pk: `DAY#${row.day}`, sk: `${row.agencyId}#${row.operation}` },
      UpdateExpression: `SET agencyId = :agencyId, #op = :op, #day = :day ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#op': 'operation', '#day': 'day', ...Object.fromEntries(names.map((n, i) => [`#c${i}`, n])) },
      ExpressionAttributeValues: {
        ':agencyId': row.agencyId,
        ':op': row.operation,
        ':day': row.day,
        ...Object.fromEntries(names.map((n, i) => [`:c${i}`, counters[n]])),
      },
    }),
  );
}

const usageKinds = Object.keys(emptyUsage()) as (keyof Usage)[];

/** The ledger rows of the given days, all agencies or one; one query per day, a few at a time. */
export async function readLedger(store: Store, days: readonly string[], agencyId?: string): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = [];
  const readDay = async (day: string) => {
    const items = await queryAll(store, {
      KeyConditionExpression: agencyId ? 'pk = :pk AND begins_with(sk, :agency)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DAY#${day}`, ...(agencyId ? { ':agency': `${agencyId}#` } : {}) },
    });
    for (const item of items) {
      const usage = emptyUsage();
      for (const kind of usageKinds) usage[kind] = Number(item[kind] ?? 0);
      const histogram = Object.fromEntries(
        Object.entries(item)
          .filter(([k]) => /^h-?\d+$/.test(k))
          .map(([k, v]) => [k.slice(1), Number(v)]),
      );
      rows.push({
        day,
        agencyId: String(item.agencyId),
        operation: String(item.operation),
        invocations: Number(item.invocations ?? 0),
        usage,
        histogram,
      });
    }
  };
  const queue = [...days];
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let day = queue.shift(); day !== undefined; day = queue.shift()) await readDay(day);
    }),
  );
  return rows;
}
