import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { regionCode } from './regions.ts';
import { namingKindNames, namingKinds, namingLevelNames, namingLevels, namingStatuses, type Naming } from './namings.ts';
import { unitTypeNames, unitTypes } from './units.ts';

/*
 * Naming statistics (命名统计): how many namings a region holds by level, unit type, kind, year named and status,
 * kept as counters that every naming write moves in its own transaction, so a report reads counters, never namings.
 */

/** What `GET /v1/reports/namings` groups by. */
export const namingGroupBys = ['level', 'type', 'kind', 'year', 'status'] as const;

/** A dimension of the naming counters. */
export type NamingGroupBy = (typeof namingGroupBys)[number];

/** Query of `GET /v1/reports/namings`. */
export const namingReportQuery = lazySchema(() =>
  z.strictObject({
    region: regionCode,
    groupBy: z
      .enum(namingGroupBys)
      .describe('level (层级), type (unit type), kind (unit, zone, base, individual), year (named in), status (stored status)'),
  }),
);

/** What one naming adds to the counters of its region: one value per dimension. */
export interface Tally {
  regionCode: string;
  level: string;
  type: string;
  kind: string;
  year: string;
  status: string;
}

/** The counted values of a naming: `year` is the year of `namedOn`, `status` its stored status. */
export function tallyOf(n: Pick<Naming, 'regionCode' | 'level' | 'unitType' | 'kind' | 'namedOn' | 'status'>): Tally {
  return { regionCode: n.regionCode, level: n.level, type: n.unitType, kind: n.kind, year: n.namedOn.slice(0, 4), status: n.status };
}

/** Whether two tallies count the same: the same region and the same value in every dimension. */
export function sameTally(a: Tally, b: Tally): boolean {
  return a.regionCode === b.regionCode && namingGroupBys.every((g) => a[g] === b[g]);
}

/** The counter attribute of a dimension's value, e.g. `status#active`. */
export const counterName = (groupBy: NamingGroupBy, value: string): string => `${groupBy}#${value}`;

/** The counters a tally adds to (or, with `sign` -1, takes from). */
function counters(t: Tally, sign: 1 | -1): [string, number][] {
  return namingGroupBys.map((g) => [counterName(g, t[g]), sign]);
}

/**
 * How the counters move when a naming's tally goes from `before` (none: not counted yet) to `after`, per region code:
 * only what changes, so a status change moves one count from one status to another.
 */
export function tallyChange(changes: readonly { before?: Tally; after: Tally }[]): Map<string, Record<string, number>> {
  const byRegion = new Map<string, Record<string, number>>();
  const add = (code: string, entries: [string, number][]) => {
    const adds = byRegion.get(code) ?? (byRegion.set(code, {}), byRegion.get(code)!);
    for (const [name, n] of entries) adds[name] = (adds[name] ?? 0) + n;
  };
  for (const { before, after } of changes) {
    if (before) add(before.regionCode, counters(before, -1));
    add(after.regionCode, counters(after, 1));
  }
  for (const [code, adds] of byRegion) {
    for (const [name, n] of Object.entries(adds)) if (n === 0) delete adds[name];
    if (Object.keys(adds).length === 0) byRegion.delete(code);
  }
  return byRegion;
}

/** One group of a naming report. */
export interface NamingGroup {
  key: string;
  label: string;
  count: number;
}

/** Chinese names of a naming's stored statuses. */
export const namingStatusNames: Record<(typeof namingStatuses)[number], string> = {
  active: '有效',
  expired: '已期满',
  revoked: '已撤销',
  superseded: '已被新命名替代',
};

/** Each dimension's values in the order a report lists them (years: ascending), and their Chinese labels. */
const dimensions: Record<Exclude<NamingGroupBy, 'year'>, { order: readonly string[]; label: (key: string) => string }> = {
  level: { order: namingLevels, label: (k) => namingLevelNames[k as keyof typeof namingLevelNames] ?? k },
  type: { order: unitTypes, label: (k) => unitTypeNames[k as keyof typeof unitTypeNames] ?? k },
  kind: { order: namingKinds, label: (k) => namingKindNames[k as keyof typeof namingKindNames] ?? k },
  status: { order: namingStatuses, label: (k) => namingStatusNames[k as keyof typeof namingStatusNames] ?? k },
};

/**
 * A report's groups from the counter items of a region's codes (each a record of counter name → count): summed over
 * the codes, groups of no naming left out, in the dimension's order; `total` is every naming counted.
 */
export function namingGroups(items: readonly Record<string, unknown>[], groupBy: NamingGroupBy): { total: number; groups: NamingGroup[] } {
  const prefix = counterName(groupBy, '');
  const counts = new Map<string, number>();
  for (const item of items)
    for (const [name, n] of Object.entries(item))
      if (name.startsWith(prefix)) counts.set(name.slice(prefix.length), (counts.get(name.slice(prefix.length)) ?? 0) + Number(n));
  const keys = [...counts.keys()].filter((k) => counts.get(k)! > 0);
  const rank = (k: string) => (groupBy === 'year' ? 0 : dimensions[groupBy].order.indexOf(k));
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const label = (k: string) => (groupBy === 'year' ? `${k}年` : dimensions[groupBy].label(k));
  const groups = keys.map((key) => ({ key, label: label(key), count: counts.get(key)! }));
  return { total: groups.reduce((s, g) => s + g.count, 0), groups };
}
