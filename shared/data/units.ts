import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Unit, UnitCreate, UnitType } from '../domain/units.ts';
import { auditItem, type Actor } from './audit.ts';
import { filterKeys, pageByRegion, type Page } from './pagination.ts';
import { regionPrefix } from '../domain/regions.ts';
import { createWithAudit, queryAll, type Store, type TransactItem, versionedWrite } from './store.ts';

/*
 * Access patterns:
 * - a unit by id: GetItem pk=UNIT#<id>, sk=UNIT
 * - how many units exist: GetItem pk=COUNTER, sk=units (kept by the create transaction)
 * - units in a region (province, city or county prefix), optionally of one type: Query index `region`,
 *   regionPk=unit#<2-digit province>, begins_with(regionSk, <prefix>); of one type: Query index `filter`,
 *   fPk=unit#<province>#type=<type>, begins_with(fSk, <prefix>) (the page reads what it returns)
 * - how many units of each type a region code holds (coverage reports): pk=COVERAGE#<code>, sk=UNITS, one number
 *   per type, kept in the same transactions; a region's codes: Query index region, regionPk=coverage#<province>
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
  return { ...keyOf(unit.id), kind: 'unit', ...unit, regionPk, regionSk, ...filterKeys(regionPk, regionSk, 'type', unit.type) };
}

function fromItem(item: Record<string, unknown>): Unit {
  return Object.fromEntries(unitFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as Unit;
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

/** Replaces a unit with its next version if it is still at `expectedVersion`; a stale version → 412. */
export async function updateUnit(
  store: Store,
  before: Unit,
  next: Unit,
  actor: Actor,
  now: string,
  extra: TransactItem[] = [],
): Promise<Unit> {
  await versionedWrite(store, {
    item: toItem(next),
    expectedVersion: before.version,
    audit: auditItem(keyOf(next.id).pk, { actor, at: now, action: 'updateUnit', before, after: next }),
    extra: [...coverageUpdates(before, next, store.table), ...extra],
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
