import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { regionPrefix } from '../domain/regions.ts';
import { sameTally, tallyChange, type Tally } from '../domain/naming-statistics.ts';
import { queryAll, type Store, type TransactItem } from './store.ts';

/*
 * Access patterns (naming statistics):
 * - what a naming is counted as: GetItem pk=NAMING#<id>, sk=TALLY (beside the naming; none until it is counted)
 * - how many namings a region code holds by level, type, kind, year and status: pk=NAMINGCOUNTS#<code>, sk=COUNTS,
 *   one number per dimension value (`level#county`, `status#active` …), moved in the transaction of every naming
 *   write that changes them; a region's codes (a county's one, a city's, a province's): Query index region,
 *   regionPk=naming-counts#<province>, begins_with(regionSk, <prefix>)
 */

const tallyKey = (namingId: string) => ({ pk: `NAMING#${namingId}`, sk: 'TALLY' });

/** What a naming is counted as, if it is counted (read consistently: a write is conditioned on it). */
export async function readTally(store: Store, namingId: string): Promise<Tally | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: tallyKey(namingId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { regionCode, level, type, namingKind, year, status } = Item;
  return { regionCode, level, type, kind: namingKind, year, status } as Tally;
}

/**
 * The writes that count namings as they are now, for the transaction that writes them: each naming's tally, only if
 * it still is what was read (`before`; none: only if it is not counted yet), and the counters of its region moved by
 * the difference (`tallyChange`), one update per region code. Nothing for a naming whose tally does not change.
 */
export function tallyWrites(changes: readonly { namingId: string; before?: Tally; after: Tally }[]): TransactItem[] {
  const changed = changes.filter((c) => !c.before || !sameTally(c.before, c.after));
  const tallies: TransactItem[] = changed.map(({ namingId, before, after }) => {
    const { kind, ...rest } = after;
    return {
      Put: {
        TableName: '',
        Item: { ...tallyKey(namingId), kind: 'naming-tally', ...rest, namingKind: kind },
        ...(before
          ? {
              ConditionExpression: '#status = :before',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':before': before.status },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  });
  const updates: TransactItem[] = [...tallyChange(changed).entries()].map(([code, adds]) => {
    const names = Object.keys(adds);
    return {
      Update: {
        TableName: '',
        Key: { pk: `NAMINGCOUNTS#${code}`, sk: 'COUNTS' },
        UpdateExpression: `SET regionPk = :pk, regionSk = :code, regionCode = :code ADD ${names.map((_, i) => `#c${i} :n${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        ExpressionAttributeValues: {
          ':pk': `naming-counts#${code.slice(0, 2)}`,
          ':code': code,
          ...Object.fromEntries(names.map((name, i) => [`:n${i}`, adds[name]])),
        },
      },
    };
  });
  return [...tallies, ...updates];
}

/** The naming counters of every code in a region (its own and those under it): counter name → count, one record per code. */
export async function namingCountsIn(store: Store, region: string): Promise<Record<string, number>[]> {
  const items = await queryAll(store, {
    IndexName: 'region',
    KeyConditionExpression: 'regionPk = :p AND begins_with(regionSk, :prefix)',
    ExpressionAttributeValues: { ':p': `naming-counts#${region.slice(0, 2)}`, ':prefix': regionPrefix(region) },
  });
  return items.map(({ pk: _pk, sk: _sk, regionPk: _rp, regionSk: _rs, regionCode: _c, ...counts }) => counts as Record<string, number>);
}
