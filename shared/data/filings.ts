import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, text } from '../domain/errors.ts';
import { filingChanges, type FilingEntry } from '../domain/instructors.ts';
import type { Filing } from '../domain/instructors.ts';
import { auditItem, type Actor } from './audit.ts';
import { filterKeys, pageByRegion, type Page } from './pagination.ts';
import { inTable, isConditionFailure, type Store } from './store.ts';
import { findRegion } from '../domain/regions.ts';
import type { WorkItem, WorkOwner } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';

/*
 * Access patterns:
 * - a filing by id: GetItem pk=FILING#<id>, sk=FILING
 * - filings of a region: Query index region, regionPk=filing#<province>, begins_with(regionSk, <prefix>); of one level:
 *   Query index filter, fPk=filing#<province>#level=<level>, begins_with(fSk, <prefix>)
 * - the latest filing of a region: GetItem pk=FILINGS#<region>, sk=LATEST (its id; moved forward under a condition)
 */

const filingKey = (id: string) => ({ pk: `FILING#${id}`, sk: 'FILING' });
const latestKey = (region: string) => ({ pk: `FILINGS#${region}`, sk: 'LATEST' });
const filingFields = [
  'id',
  'regionCode',
  'level',
  'asOf',
  'filedBy',
  'filedWith',
  'status',
  'acknowledgedBy',
  'acknowledgedAt',
  'entries',
  'previousFilingId',
  'changes',
  'createdAt',
] as const;

/** A filing from its stored item. */
export function filingFromItem(item: Record<string, unknown>): Filing {
  const filing = Object.fromEntries(filingFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Filing;
  // Filings made before terms ran out by themselves have no `ended`.
  return { ...filing, changes: { ...filing.changes, ended: filing.changes.ended ?? [] } };
}

/** The stored item of a filing, with its region keys and the `filter` index's for its level. */
export function filingItem(filing: Filing): Record<string, unknown> {
  const regionPk = `filing#${filing.regionCode.slice(0, 2)}`;
  const regionSk = `${filing.regionCode}#${filing.asOf}#${filing.id}`;
  return {
    ...filingKey(filing.id),
    kind: 'filing',
    ...filing,
    regionPk,
    regionSk,
    ...filterKeys(regionPk, regionSk, 'level', filing.level),
  };
}

/** The open work a filing not yet acknowledged is, for the authority of the region it was filed with. */
export function filingWork(filing: Filing): { owner: WorkOwner; item: WorkItem } {
  const region = findRegion(filing.regionCode)?.name ?? filing.regionCode;
  return {
    owner: { regionCode: filing.filedWith },
    item: {
      kind: 'filing',
      id: filing.id,
      title: `${region}截至 ${filing.asOf} 的指导员名单备案`,
      since: filing.createdAt,
      link: `/v1/instructors/filings/${filing.id}/acknowledge`,
    },
  };
}

/** The latest filing of a region, if any. */
export async function latestFiling(store: Store, regionCode: string): Promise<Filing | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: latestKey(regionCode), ConsistentRead: true }));
  return Item ? getFiling(store, String(Item.filingId)) : undefined;
}

/** A filing by id, if any. */
export async function getFiling(store: Store, id: string): Promise<Filing | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: filingKey(id), ConsistentRead: true }));
  return Item ? filingFromItem(Item) : undefined;
}

/**
 * Files a region's active list as of a date with the level above, with the changes since its previous filing (`ranOut`:
 * the appointments whose term ran out by then, which went as `ended`). Filings of a region go forward in time: one as
 * of an earlier date than the latest → 409.
 */
export async function file(
  store: Store,
  input: { regionCode: string; level: Filing['level']; filedWith: string; asOf: string; entries: FilingEntry[]; ranOut: FilingEntry[] },
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<Filing> {
  const { ranOut, ...fields } = input;
  const previous = await latestFiling(store, input.regionCode);
  if (previous && input.asOf < previous.asOf)
    throw new ConflictError(
      text(
        `该地区已报备截至 ${previous.asOf} 的名单；备案日期不能早于该日。`,
        `This region filed a list as of ${previous.asOf} already; a filing cannot go back before it.`,
      ),
      'filing-out-of-order',
    );
  const filing: Filing = {
    id,
    ...fields,
    filedBy: actor.agencyId,
    status: 'filed',
    ...(previous ? { previousFilingId: previous.id } : {}),
    changes: filingChanges(previous?.entries ?? [], input.entries, ranOut),
    createdAt: now,
  };
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: store.table, Item: filingItem(filing) } },
          {
            Put: {
              TableName: store.table,
              Item: { ...latestKey(filing.regionCode), filingId: filing.id, asOf: filing.asOf },
              ConditionExpression: previous ? 'filingId = :previous' : 'attribute_not_exists(pk)',
              ...(previous ? { ExpressionAttributeValues: { ':previous': previous.id } } : {}),
            },
          },
          {
            Put: {
              TableName: store.table,
              Item: auditItem(filingKey(filing.id).pk, {
                actor,
                at: now,
                action: 'fileInstructors',
                after: { regionCode: filing.regionCode, asOf: filing.asOf, entries: filing.entries.length },
              }),
            },
          },
          ...workWrites({ arise: [filingWork(filing)] }).map((w) => inTable(store, w)),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError(
        text('该地区同时有另一项备案，请重新读取。', 'Another filing of this region happened at the same time; read again.'),
        'busy',
      );
    throw error;
  }
  return filing;
}

/** Filings in a region (a prefix), optionally of one level (read from the filter index), in region and date order. */
export function listFilings(
  store: Store,
  query: { prefix: string; province: string; level?: Filing['level']; limit: number; cursor?: string },
): Promise<Page<Filing>> {
  return pageByRegion(
    store,
    {
      partition: `filing#${query.province}`,
      prefix: query.prefix,
      keyed: { name: 'level', value: query.level },
      limit: query.limit,
      cursor: query.cursor,
    },
    filingFromItem,
  );
}

/** The level above acknowledges a filing, once; its open work is done in the same transaction. */
export async function acknowledgeFiling(store: Store, filing: Filing, actor: Actor, now: string): Promise<Filing> {
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.table,
              Key: filingKey(filing.id),
              UpdateExpression: 'SET #status = :ack, acknowledgedBy = :by, acknowledgedAt = :now',
              ConditionExpression: '#status = :filed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':ack': 'acknowledged', ':by': actor.agencyId, ':now': now, ':filed': 'filed' },
            },
          },
          ...workWrites({ done: await indexedWork(store, [filingWork(filing)]) }).map((w) => inTable(store, w)),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError(text('该备案已确认。', 'This filing was acknowledged already.'), 'already-acknowledged');
    throw error;
  }
  return { ...filing, status: 'acknowledged', acknowledgedBy: actor.agencyId, acknowledgedAt: now };
}
