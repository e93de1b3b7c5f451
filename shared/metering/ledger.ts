import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../data/store.ts';
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

  /** Adds one invocation's usage. */
  add(day: string, agencyId: string, operation: string, usage: Usage, nowMs: number): void {
    const key = `${day}#${agencyId}#${operation}`;
    const row = this.rows.get(key) ?? { day, agencyId, operation, invocations: 0, usage: emptyUsage() };
    row.invocations += 1;
    addUsage(row.usage, usage);
    this.rows.set(key, row);
    this.invocations += 1;
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
  const counters = { invocations: row.invocations, ...row.usage };
  const names = Object.keys(counters);
  await store.doc.send(new UpdateCommand({
    TableName: store.table,
    Key: { pk: `DAY#${row.day}`, sk: `${row.agencyId}#${row.operation}` },
    UpdateExpression: `SET agencyId = :agencyId, #op = :op, #day = :day ADD ${names.map((n, i) => `#c${i} :c${i}`).join(', ')}`,
    ExpressionAttributeNames: { '#op': 'operation', '#day': 'day', ...Object.fromEntries(names.map((n, i) => [`#c${i}`, n])) },
    ExpressionAttributeValues: { ':agencyId': row.agencyId, ':op': row.operation, ':day': row.day, ...Object.fromEntries(names.map((n, i) => [`:c${i}`, counters[n as keyof typeof counters]])) },
  }));
}
