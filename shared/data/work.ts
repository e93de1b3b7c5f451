import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  ownersOf,
  workKinds,
  workLabels,
  workPartition,
  workSk,
  type WorkItem,
  type WorkKind,
  type WorkKindSummary,
  type WorkOwner,
  type WorkSummary,
} from '../domain/work.ts';
import type { Role } from '../topology.ts';
import { batchGet, type Store, type TransactItem } from './store.ts';
import { decodeCursor, encodeCursor, queryPage } from './pagination.ts';

export type { WorkItem, WorkSummary } from '../domain/work.ts';

/*
 * The open-work index (issue #20, `GET /v1/me/work`). Access patterns:
 * - one piece of open work: pk=WORK#A#<agencyId> | WORK#R#<regionCode> | WORK#U#<reviewerId>, sk=<kind>#<since>#<id>,
 *   put in the transaction of the change that makes the work arise, deleted in the one that finishes it;
 * - how many of each kind an owner has: pk=<same>, sk=#COUNT, one number per kind (`n_<kind>`), ADDed in those same
 *   transactions, so the counts cost one read whatever is stored;
 * - a kind's first page, oldest first: Query pk, begins_with(sk, '<kind>#'), only for kinds whose count is not 0.
 * The workbench thus reads what it shows plus one counter per owner, never the collections the work comes from.
 */

const countSk = '#COUNT';
const countName = (kind: WorkKind) => `n_${kind}`;

/** How many items the first page of each kind holds. */
export const workPageSize = 10;

/** A change to the open-work index: work that arises and work that is done, each with the owner that must act. */
export interface WorkChange {
  arise?: readonly { owner: WorkOwner; item: WorkItem }[];
  done?: readonly { owner: WorkOwner; item: Pick<WorkItem, 'kind' | 'since' | 'id'> }[];
}

/** The stored item of a piece of open work. */
export function workItem(owner: WorkOwner, item: WorkItem): Record<string, unknown> {
  const { kind, ...rest } = item;
  return { pk: workPartition(owner), sk: workSk(item), ...rest, kind: 'work', workKind: kind };
}

/**
 * The writes of a change to the open-work index, for the transaction of the change itself: each piece of work put or
 * deleted, and one counter update per owner (a transaction touches an item once, so the deltas are summed).
 */
export function workWrites(...changes: readonly WorkChange[]): TransactItem[] {
  const writes: TransactItem[] = [];
  const deltas = new Map<string, Map<WorkKind, number>>();
  const add = (owner: WorkOwner, kind: WorkKind, delta: number) => {
    const pk = workPartition(owner);
    const byKind = deltas.get(pk) ?? new Map<WorkKind, number>();
    byKind.set(kind, (byKind.get(kind) ?? 0) + delta);
    deltas.set(pk, byKind);
  };
  const seen = new Set<string>();
  for (const change of changes) {
    for (const { owner, item } of change.done ?? []) {
      const key = `${workPartition(owner)}\u0000${workSk(item)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      writes.push({ Delete: { TableName: '', Key: { pk: workPartition(owner), sk: workSk(item) } } });
      add(owner, item.kind, -1);
    }
    for (const { owner, item } of change.arise ?? []) {
      const key = `${workPartition(owner)}\u0000${workSk(item)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      writes.push({ Put: { TableName: '', Item: workItem(owner, item) } });
      add(owner, item.kind, 1);
    }
  }
  for (const [pk, byKind] of deltas) {
    const moved = [...byKind].filter(([, delta]) => delta !== 0);
    if (moved.length === 0) continue;
    writes.push({
      Update: {
        TableName: '',
        Key: { pk, sk: countSk },
        UpdateExpression: `ADD ${moved.map((_, i) => `#k${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(moved.map(([kind], i) => [`#k${i}`, countName(kind)])),
        ExpressionAttributeValues: Object.fromEntries(moved.map(([, delta], i) => [`:d${i}`, delta])),
      },
    });
  }
  return writes;
}

/**
 * Of pieces of work a step finishes, those the index has (read consistently, by key): work that arose before the index
 * existed and was never backfilled has no item, and counting it off would leave its owner's count too low.
 */
export async function indexedWork<T extends { owner: WorkOwner; item: Pick<WorkItem, 'kind' | 'since' | 'id'> }>(
  store: Store,
  work: readonly T[],
): Promise<T[]> {
  const found = await batchGet(
    store,
    work.map((w) => ({ pk: workPartition(w.owner), sk: workSk(w.item) })),
    true,
  );
  const keys = new Set(found.map((f) => `${f.pk}\u0000${f.sk}`));
  return work.filter((w) => keys.has(`${workPartition(w.owner)}\u0000${workSk(w.item)}`));
}

/** The counter item of an owner with exactly these counts (what the reindex writes after counting what is stored). */
export function workCountItem(owner: WorkOwner, counts: ReadonlyMap<WorkKind, number>): Record<string, unknown> {
  return {
    pk: workPartition(owner),
    sk: countSk,
    kind: 'work-count',
    ...Object.fromEntries([...counts].map(([kind, n]) => [countName(kind), n])),
  };
}

function workItemFrom(item: Record<string, unknown>): WorkItem {
  const { kind: _k, pk: _pk, sk: _sk, workKind, ...rest } = item;
  return { kind: workKind, ...rest } as unknown as WorkItem;
}

/** Who asks for their open work: the claims of their token. */
export interface WorkCaller {
  role: Role;
  agencyId?: string;
  sub: string;
  region?: string;
}

/**
 * One page of one kind of the caller's open work, oldest first (`GET /v1/me/work?kind=<kind>&cursor=`), with the
 * kind's count; the oldest date only on the first page. A cursor of another kind or owner → 400.
 */
export async function workPage(store: Store, who: WorkCaller, kind: WorkKind, cursor?: string): Promise<WorkSummary> {
  const owners = ownersOf(who);
  const partitions = owners.map(workPartition);
  const start = decodeCursor(cursor, ['pk', 'sk'], (key) => partitions.includes(key.pk!) && key.sk!.startsWith(`${kind}#`));
  const counters = await readCounters(store, owners);
  // Each kind has one kind of owner, so at most one of the caller's partitions holds it: the one whose count is not 0.
  const pk = start?.pk ?? partitions.find((p) => Number(counters.get(p)?.[countName(kind)] ?? 0) > 0);
  if (!pk) return { kinds: [] };
  const page = await queryPage(
    store,
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)', ExpressionAttributeValues: { ':pk': pk, ':kind': `${kind}#` } },
    workPageSize,
    start,
    workItemFrom,
  );
  const count = Number(counters.get(pk)?.[countName(kind)] ?? 0);
  if (page.items.length === 0 && !start) return { kinds: [] };
  return {
    kinds: [
      {
        kind,
        label: workLabels[kind].zh,
        count: Math.max(count, page.items.length),
        ...(!start && page.items[0] ? { oldest: page.items[0].since } : {}),
        items: page.items,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      },
    ],
  };
}

/** The counter items of these owners, by partition. */
async function readCounters(store: Store, owners: readonly WorkOwner[]): Promise<Map<string, Record<string, unknown>>> {
  const items = await batchGet(
    store,
    owners.map((o) => ({ pk: workPartition(o), sk: countSk })),
  );
  return new Map(items.map((c) => [String(c.pk), c]));
}

/**
 * The caller's open work by kind (per role and scope; `ownersOf`): each kind with something waiting, its count, its
 * oldest item's date and its first page. Reads the counters of the caller's owners (one batch), then the first page
 * of each kind counted — never the collections the work comes from.
 */
export async function pendingWork(store: Store, who: WorkCaller): Promise<WorkSummary> {
  const owners = ownersOf(who);
  if (owners.length === 0) return { kinds: [] };
  const byPk = await readCounters(store, owners);
  const kinds: WorkKindSummary[] = [];
  for (const kind of workKinds) {
    for (const owner of owners) {
      const pk = workPartition(owner);
      const count = Number(byPk.get(pk)?.[countName(kind)] ?? 0);
      if (count <= 0) continue;
      const { Items = [], LastEvaluatedKey } = await store.doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
          ExpressionAttributeValues: { ':pk': pk, ':kind': `${kind}#` },
          Limit: workPageSize,
        }),
      );
      if (Items.length === 0) continue;
      const items = Items.map(workItemFrom);
      const summary: WorkKindSummary = {
        kind,
        label: workLabels[kind].zh,
        count: Math.max(count, items.length),
        oldest: items[0]!.since,
        items,
      };
      if (LastEvaluatedKey) summary.cursor = encodeCursor(LastEvaluatedKey);
      const same = kinds.find((k) => k.kind === kind);
      if (same) {
        // Two owners with the same kind (not the case today: each kind has one kind of owner) add up.
        same.count += summary.count;
        same.items.push(...summary.items);
      } else kinds.push(summary);
    }
  }
  return { kinds };
}
