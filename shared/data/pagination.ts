import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MalformedRequestError, text } from '../domain/errors.ts';
import type { Store } from './store.ts';

/** One page of a list. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Encodes a DynamoDB key as an opaque cursor. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The answer to a cursor that no list gave out (400). */
const unknownCursor = () =>
  new MalformedRequestError(text('该游标不是此列表给出的。', 'The cursor is not one this list gave out.'), [
    { pointer: 'cursor', detail: text('未知的游标', 'unknown cursor') },
  ]);

/**
 * Decodes a cursor into the exclusive start key of a query, checking that it is a key of the same query:
 * every attribute in `expected` present as a string, nothing else, and `belongs` true. Anything else is a 400.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: readonly string[],
  belongs: (key: Record<string, string>) => boolean,
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw unknownCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw unknownCursor();
  const entries = Object.entries(key);
  const wellFormed = entries.length === expected.length && entries.every(([k, v]) => expected.includes(k) && typeof v === 'string');
  if (!wellFormed || !belongs(key as Record<string, string>)) throw unknownCursor();
  return key as Record<string, string>;
}

/**
 * Runs a query until `limit` items are collected or the partition is exhausted. Each page asks only for what is
 * still missing, so a filter never makes the answer overshoot and the cursor always follows the last item returned.
 */
export async function queryPage<T>(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  startKey: Record<string, string> | undefined,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const items: T[] = [];
  let next: Record<string, unknown> | undefined = startKey;
  do {
    const page = await store.doc
      .send(
        new QueryCommand({
          ...input,
          TableName: store.table,
          Limit: limit - items.length,
          ExclusiveStartKey: next,
        }),
      )
      .catch((error: unknown) => {
        // A start key of the right shape that DynamoDB still refuses (an empty value, a key outside the query's range)
        // came from a caller, not from a page: it is a bad cursor, not a failure.
        if (next !== undefined && next === startKey && (error as { name?: string }).name === 'ValidationException') throw unknownCursor();
        throw error;
      });
    for (const item of page.Items ?? []) items.push(map(item));
    next = page.LastEvaluatedKey;
  } while (next && items.length < limit);
  return next ? { items, cursor: encodeCursor(next) } : { items };
}

/**
 * The `filter` index keys of an item listed in `partition` under `sort` (its region or owner keys), narrowed by the
 * value of one attribute: a list filtered by that attribute then reads only the items it returns.
 */
export function filterKeys(partition: string, sort: string, name: string, value: string): { fPk: string; fSk: string } {
  return { fPk: filterPartition(partition, name, value), fSk: sort };
}

/** The `filter` index partition of the items of `partition` whose attribute `name` is `value`. */
export function filterPartition(partition: string, name: string, value: string): string {
  return `${partition}#${name}=${value}`;
}

/**
 * One page of a partition of the region index (`regionPk` = `<kind>#<province>`): the items whose region code starts
 * with `prefix`. With `keyed` (an attribute whose value the items carry in their `filterKeys`), only the items with
 * that value, read from the `filter` index — the page reads what it returns; an undefined value is no condition.
 * With `equal`, only those whose attributes have these values, and with `filters`, only those matching each
 * expression too (both read and drop: keep them for conditions too rare to key). A cursor from another partition,
 * prefix or filter is refused.
 */
export function pageByRegion<T>(
  store: Store,
  query: {
    partition: string;
    prefix: string;
    keyed?: { name: string; value: string | undefined };
    equal?: Record<string, string | undefined>;
    filters?: readonly { expression: string; values: Record<string, unknown>; names?: Record<string, string> }[];
    limit: number;
    cursor?: string;
  },
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const { prefix } = query;
  const keyed = query.keyed?.value !== undefined ? (query.keyed as { name: string; value: string }) : undefined;
  const [index, pkName, skName] = keyed ? ['filter', 'fPk', 'fSk'] : ['region', 'regionPk', 'regionSk'];
  const partition = keyed ? filterPartition(query.partition, keyed.name, keyed.value) : query.partition;
  const startKey = decodeCursor(
    query.cursor,
    ['pk', 'sk', pkName, skName],
    (key) => key[pkName] === partition && key[skName]!.startsWith(prefix),
  );
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':p': partition, ':prefix': prefix };
  for (const [name, value] of Object.entries(query.equal ?? {})) {
    if (value === undefined) continue;
    conditions.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
  for (const filter of query.filters ?? []) {
    conditions.push(filter.expression);
    Object.assign(values, filter.values);
    Object.assign(names, filter.names);
  }
  return queryPage(
    store,
    {
      IndexName: index,
      KeyConditionExpression: `${pkName} = :p AND begins_with(${skName}, :prefix)`,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    query.limit,
    startKey,
    map,
  );
}
