import { toCsv } from '../http/csv.ts';
import type { CostRow } from '../domain/costs.ts';
import type { LedgerRow } from './ledger.ts';
import { priceUsage, type PriceTable } from './prices.ts';
import { addUsage, emptyUsage, type Usage } from './usage.ts';

/** The key of a ledger row under a grouping. */
function groupKey(row: LedgerRow, groupBy: 'agency' | 'operation' | 'day' | 'month'): string {
  if (groupBy === 'agency') return row.agencyId;
  if (groupBy === 'operation') return row.operation;
  return groupBy === 'day' ? row.day : row.day.slice(0, 7);
}

/**
 * Groups ledger rows and prices each with the table in force on its day. Cost is summed exactly and rounded
 * half-up to integer micro-units once per report row; usage without a price is listed apart, never priced as zero.
 */
export function costRows(
  rows: readonly LedgerRow[],
  groupBy: 'agency' | 'operation' | 'day' | 'month',
  tableOn: (day: string) => PriceTable,
): CostRow[] {
  const groups = new Map<
    string,
    { usage: Usage; invocations: number; micros: number; currency: string; unpriced: Record<string, number> }
  >();
  for (const row of rows) {
    const key = groupKey(row, groupBy);
    const table = tableOn(row.day);
    const group = groups.get(key) ?? { usage: emptyUsage(), invocations: 0, micros: 0, currency: table.currency, unpriced: {} };
    const priced = priceUsage(row.usage, table);
    group.micros += priced.micros;
    for (const kind of priced.unpriced) group.unpriced[kind] = (group.unpriced[kind] ?? 0) + row.usage[kind];
    addUsage(group.usage, row.usage);
    group.invocations += row.invocations;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, g]) => ({
      key,
      requests: Math.round(g.invocations * 1000) / 1000,
      gbSeconds: Math.round((g.usage.mbMs / 1024 / 1000) * 1e6) / 1e6,
      readUnits: g.usage.readUnits,
      writeUnits: g.usage.writeUnits,
      sqsRequests: g.usage.sqsRequests,
      emails: g.usage.emails,
      recipients: g.usage.recipients,
      cost: Math.floor(g.micros + 0.5),
      currency: g.currency,
      unpricedUnits: g.unpriced,
    }));
}

const csvColumns = [
  'key',
  'requests',
  'gbSeconds',
  'readUnits',
  'writeUnits',
  'sqsRequests',
  'emails',
  'recipients',
  'cost',
  'currency',
  'unpricedUnits',
] as const;

/** The rows as CSV with a header row, UTF-8 with BOM so that spreadsheet programs show Chinese names. */
export function costCsv(rows: readonly CostRow[], groupBy: string): string {
  const header = [groupBy, ...csvColumns.slice(1).map((c) => (c === 'cost' ? 'cost (micro-units)' : c))];
  return toCsv(
    header,
    rows.map((row) => csvColumns.map((c) => row[c])),
  );
}
