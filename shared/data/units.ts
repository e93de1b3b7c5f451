import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { nameGrams, searchGram, searchKey } from '../domain/unit-search.ts';
import type { Unit, UnitCreate, UnitType } from '../domain/units.ts';
import { auditItem, type Actor } from './audit.ts';
import { decodeCursor, filterKeys, pageByRegion, queryPage, type Page } from './pagination.ts';
import { regionPrefix } from '../domain/regions.ts';
import { batchGet, createWithAudit, queryAll, type Store, type TransactItem, versionedWrite } from './store.ts';

/*
 * Access patterns:
 * - a unit by id: GetItem pk=UNIT#<id>, sk=UNIT
 * - how many units exist: GetItem pk=COUNTER, sk=units (kept by the create transaction)
 * - units in a region (province, city or county prefix), optionally of one type: Query index `region`,
 *   regionPk=unit#<2-digit province>, begins_with(regionSk, <prefix>); of one type: Query index `filter`,
 *   fPk=unit#<province>#type=<type>, begins_with(fSk, <prefix>) (the page reads what it returns)
 * - how many units of each type a region code holds (coverage reports): pk=COVERAGE#<code>, sk=UNITS, one number
 *   per type, kept in the same transactions; a region's codes: Query index region, regionPk=coverage#<province>
 * - units whose name holds a text (search): Query pk=UNITGRAM#<province>#<bigram>, begins_with(sk, <region prefix>),
 *   one bigram of the text (shared/domain/unit-search.ts), keeping the index items whose `nameKey` contains the whole
 *   text (and of the type asked for); then BatchGetItem of those units. An index item per bigram of a unit's name,
 *   sk=<regionCode>#<unitId>, written in the transactions that write the unit (a rename deletes the stale ones), so a
 *   search reads only units of the caller's region; the unit item's `nameKey` is the key it is indexed under
 */

/** The counter updates that keep per-region unit counts by type: a unit leaves `before` and joins `after`. */
function coverageUpdates(
  before: Pick<Unit, 'type' | 'regionCode'> | undefined,
  after: Pick<Unit, 'type' | 'regionCode'>,
  table: string,
): TransactItem[] {
  if (before && before.type === after.type && before.regionCode === after.regionCode) return [];
  const update = (code: string, adds: Record<string, number>): TransactItem => ({
    Update: {
      TableName: table,
      Key: { pk: `COVERAGE#${code}`, sk: 'UNITS' },
      UpdateExpression: `SET regionPk = :pk, regionSk = :code, regionCode = :code ADD ${Object.keys(adds)
        .map((_, i) => `#t${i} :n${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(adds).map((t, i) => [`#t${i}`, t])),
      ExpressionAttributeValues: {
        ':pk': `coverage#${code.slice(0, 2)}`,
        ':code': code,
        ...Object.fromEntries(Object.values(adds).map((n, i) => [`:n${i}`, n])),
      },
    },
  });
  if (before && before.regionCode === after.regionCode) return [update(after.regionCode, { [before.type]: -1, [after.type]: 1 })];
  return [...(before ? [update(before.regionCode, { [before.type]: -1 })] : []), update(after.regionCode, { [after.type]: 1 })];
}

const unitFields = ['id', 'name', 'type', 'regionCode', 'zone', 'contacts', 'authorityId', 'version', 'createdAt', 'updatedAt'] as const;

function keyOf(id: string) {
  return { pk: `UNIT#${id}`, sk: 'UNIT' };
}

function toItem(unit: Unit): Record<string, unknown> {
  const regionPk = `unit#${unit.regionCode.slice(0, 2)}`;
  const regionSk = `${unit.regionCode}#${unit.id}`;
  const nameKey = searchKey(unit.name);
  return { ...keyOf(unit.id), kind: 'unit', ...unit, regionPk, regionSk, ...filterKeys(regionPk, regionSk, 'type', unit.type), nameKey };
}

/** The search key each unit read from the table was stored as indexed under (none: stored before search). */
const indexedAs = new WeakMap<Unit, string>();

function fromItem(item: Record<string, unknown>): Unit {
  const unit = Object.fromEntries(unitFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Unit;
  if (typeof item.nameKey === 'string') indexedAs.set(unit, item.nameKey);
  return unit;
}

/** What a unit's search index items derive from: its id, region, type and the search key of its name. */
interface Indexed {
  id: string;
  regionCode: string;
  type: string;
  nameKey: string;
}

const gramPartition = (province: string, gram: string) => `UNITGRAM#${province}#${gram}`;

/** The search index items of a unit: one per bigram of its name, keyed by its region and id. */
function gramItems(unit: Indexed): Record<string, unknown>[] {
  return nameGrams(unit.nameKey).map((gram) => ({
    pk: gramPartition(unit.regionCode.slice(0, 2), gram),
    sk: `${unit.regionCode}#${unit.id}`,
    kind: 'unitGram',
    unitId: unit.id,
    type: unit.type,
    nameKey: unit.nameKey,
  }));
}

/**
 * The writes that move a unit's search index items from what `before` was indexed under (none when it was not) to
 * `after`: the stale ones deleted, the new or changed ones put — all of them unless `before` is known to be stored.
 */
function gramWrites(before: Indexed | undefined, after: Indexed, table: string, stored = before !== undefined): TransactItem[] {
  const id = (item: Record<string, unknown>) => `${item.pk}\u0000${item.sk}`;
  const next = gramItems(after);
  const previous = new Set((before ? gramItems(before) : []).map(id));
  const kept = new Set(next.map(id));
  const unchanged = stored && before !== undefined && before.nameKey === after.nameKey && before.type === after.type;
  return [
    ...(before ? gramItems(before) : [])
      .filter((item) => !kept.has(id(item)))
      .map((item): TransactItem => ({ Delete: { TableName: table, Key: { pk: item.pk, sk: item.sk } } })),
    ...next.filter((item) => !(unchanged && previous.has(id(item)))).map((Item): TransactItem => ({ Put: { TableName: table, Item } })),
  ];
}

const indexed = (unit: Unit): Indexed => ({ id: unit.id, regionCode: unit.regionCode, type: unit.type, nameKey: searchKey(unit.name) });

/** The search index items of a unit (the benchmark stores them beside units it stores in bulk). */
export const unitGramItems = (unit: Unit) => gramItems(indexed(unit));

/**
 * What a stored unit item lacks of the search index: the unit's `nameKey` and its index items, moved from the key the
 * item says it is indexed under (none: stored before search). None when it is indexed under its name's key.
 */
export function unitSearchBackfill(item: Record<string, unknown>): { nameKey: string; writes: TransactItem[] } | undefined {
  const unit = indexed(fromItem(item));
  if (item.nameKey === unit.nameKey) return undefined;
  const before = typeof item.nameKey === 'string' ? { ...unit, nameKey: item.nameKey } : undefined;
  return { nameKey: unit.nameKey, writes: gramWrites(before, unit, '') };
}

/** A unit from its stored item (the reindex reads older items with it). */
export const unitFromItem = fromItem;

/** The stored item of a unit, with its index keys (the reindex gives older items the keys it names). */
export const unitItem = toItem;

/** Stores a new unit with its first audit entry. */
export async function createUnit(store: Store, fields: UnitCreate, actor: Actor, now: string, id: string = randomUUID()): Promise<Unit> {
  const unit: Unit = { id, ...fields, version: 1, createdAt: now, updatedAt: now };
  await createWithAudit(store, {
    item: toItem(unit),
    audit: auditItem(keyOf(unit.id).pk, { actor, at: now, action: 'createUnit', after: unit }),
    extra: [
      {
        Update: {
          TableName: store.table,
          Key: counterKey,
          UpdateExpression: 'ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      ...coverageUpdates(undefined, unit, store.table),
      ...gramWrites(undefined, indexed(unit), store.table),
    ],
  });
  return unit;
}

const counterKey = { pk: 'COUNTER', sk: 'units' };

/** How many units exist. */
export async function countUnits(store: Store): Promise<number> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: counterKey }));
  return Number(Item?.count ?? 0);
}

/** The unit with this id, if any. */
export async function getUnit(store: Store, id: string): Promise<Unit | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id) }));
  return Item ? fromItem(Item) : undefined;
}

/**
 * Replaces a unit with its next version if it is still at `expectedVersion`; a stale version → 412. Its search index
 * items follow a rename, a new type or region, in the same transaction (all of them when `before` was not read from
 * the table, or was stored before search).
 */
export async function updateUnit(
  store: Store,
  before: Unit,
  next: Unit,
  actor: Actor,
  now: string,
  extra: TransactItem[] = [],
): Promise<Unit> {
  // A unit read from the table knows the key it is indexed under; any other is written in full.
  const stored = indexedAs.get(before);
  await versionedWrite(store, {
    item: toItem(next),
    expectedVersion: before.version,
    audit: auditItem(keyOf(next.id).pk, { actor, at: now, action: 'updateUnit', before, after: next }),
    extra: [
      ...coverageUpdates(before, next, store.table),
      ...gramWrites({ ...indexed(before), nameKey: stored ?? searchKey(before.name) }, indexed(next), store.table, stored !== undefined),
      ...extra,
    ],
    current: () => getUnit(store, next.id),
  });
  return next;
}

/** Units whose region code starts with `prefix` (2, 4 or 6 digits), optionally of one type, by the region index. */
export async function listUnitsByRegion(
  store: Store,
  query: { prefix: string; type?: UnitType; limit: number; cursor?: string },
): Promise<Page<Unit>> {
  return pageByRegion(
    store,
    {
      partition: `unit#${query.prefix.slice(0, 2)}`,
      prefix: query.prefix,
      keyed: { name: 'type', value: query.type },
      limit: query.limit,
      cursor: query.cursor,
    },
    fromItem,
  );
}

/**
 * Units whose region code starts with `prefix` and whose name holds `q` (compared by search key), optionally of one
 * type: one page of the index items of q's rarest-looking bigram in that region, then the units they name.
 */
export async function searchUnits(
  store: Store,
  query: { prefix: string; q: string; type?: UnitType; limit: number; cursor?: string },
): Promise<Page<Unit>> {
  const key = searchKey(query.q);
  const partition = gramPartition(query.prefix.slice(0, 2), searchGram(key));
  const startKey = decodeCursor(query.cursor, ['pk', 'sk'], (k) => k.pk === partition && k.sk!.startsWith(query.prefix));
  const page = await queryPage(
    store,
    {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
      FilterExpression: `contains(nameKey, :q)${query.type ? ' AND #type = :type' : ''}`,
      ...(query.type ? { ExpressionAttributeNames: { '#type': 'type' } } : {}),
      ExpressionAttributeValues: { ':p': partition, ':prefix': query.prefix, ':q': key, ...(query.type ? { ':type': query.type } : {}) },
    },
    query.limit,
    startKey,
    (item) => String(item.unitId),
  );
  const found = new Map((await batchGet(store, page.items.map(keyOf))).map((item) => [String(item.id), fromItem(item)]));
  return { ...page, items: page.items.flatMap((id) => found.get(id) ?? []) };
}

/** Unit counts by type for every code in a region (its counties, and city- or province-level codes). */
export async function unitCountsIn(store: Store, regionCode: string): Promise<Map<string, Partial<Record<UnitType, number>>>> {
  const counts = new Map<string, Partial<Record<UnitType, number>>>();
  const items = await queryAll(store, {
    IndexName: 'region',
    KeyConditionExpression: 'regionPk = :p AND begins_with(regionSk, :prefix)',
    ExpressionAttributeValues: { ':p': `coverage#${regionCode.slice(0, 2)}`, ':prefix': regionPrefix(regionCode) },
  });
  for (const item of items) {
    const { pk: _pk, sk: _sk, regionPk: _rp, regionSk: _rs, regionCode: code, ...byType } = item;
    counts.set(String(code), byType as Partial<Record<UnitType, number>>);
  }
  return counts;
}
