import {
  BatchGetCommand,
  paginateQuery,
  TransactWriteCommand,
  type QueryCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, PreconditionFailedError, text } from '../domain/errors.ts';

/** Where a repository reads and writes: the document client and the physical table name. */
export interface Store {
  doc: DynamoDBDocumentClient;
  table: string;
}

/** Every item a query finds, page after page (the SDK's paginator), in the store's table. */
export async function queryAll(store: Store, input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: store.doc }, { ...input, TableName: store.table })) items.push(...(page.Items ?? []));
  return items;
}

/** Whether an SDK error is a failed condition, alone or inside a cancelled transaction. */
export function isConditionFailure(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (e?.name === 'ConditionalCheckFailedException') return true;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
}

/** Whether a transaction was cancelled because another one touched the same items at the same moment. */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}

/** One item of a transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item built without a table name (`TableName: ''`), given the store's. */
export function inTable(store: Store, item: TransactItem): TransactItem {
  return Object.fromEntries(
    Object.entries(item).map(([op, body]) => [op, { ...body, TableName: body.TableName || store.table }]),
  ) as TransactItem;
}

/** Whether a cancelled transaction failed on the condition of the item at `index`. */
export function failedAt(error: unknown, index: number): boolean {
  return (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
}

/** Whether a cancelled transaction failed on a condition of an item at or after `index`. */
export function failedFrom(error: unknown, index: number): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r, i) => i >= index && r.Code === 'ConditionalCheckFailed');
}

/**
 * Creates something under an id that may have been used already by an earlier attempt of the same idempotent
 * request (ids derive from the Idempotency-Key): when creating fails and the item with that id is stored, that
 * earlier attempt succeeded — its result is the answer. Costs a read only when creating fails.
 */
export async function createOnce<T>(create: () => Promise<T>, stored: () => Promise<T | undefined>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    const found = await stored();
    if (found) return found;
    throw error;
  }
}

/**
 * The items of these keys, 100 per request, asking again for any a request left unprocessed (throttling); keys with
 * no item are left out. Duplicate keys are asked once.
 */
export async function batchGet(
  store: Store,
  keys: readonly { pk: string; sk: string }[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
    while (pending && pending.length > 0) {
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      found.push(...(out.Responses?.[store.table] ?? []));
      pending = out.UnprocessedKeys?.[store.table]?.Keys;
    }
  }
  return found;
}

/**
 * A transaction's items with the `ADD`-only updates of one key merged into one (a transaction touches an item once):
 * counters that parts of one change each move (the open-work counts) move by the sum.
 */
export function mergeAdds(items: readonly TransactItem[]): TransactItem[] {
  const merged: TransactItem[] = [];
  const adds = new Map<string, { names: Record<string, string>; deltas: Map<string, number> }>();
  for (const item of items) {
    const u = item.Update;
    const numbers = Object.values(u?.ExpressionAttributeValues ?? {}).every((v) => typeof v === 'number');
    const addOnly = u && /^ADD [^=]+$/.test(u.UpdateExpression ?? '') && !u.ConditionExpression && numbers;
    if (!u || !addOnly) {
      merged.push(item);
      continue;
    }
    const key = `${u.TableName}\u0000${JSON.stringify(u.Key)}`;
    let entry = adds.get(key);
    if (!entry) {
      entry = { names: {}, deltas: new Map() };
      adds.set(key, entry);
      merged.push({ Update: { ...u, UpdateExpression: key } });
    }
    for (const term of u.UpdateExpression!.slice(4).split(',')) {
      const [name, value] = term.trim().split(/\s+/) as [string, string];
      const attribute = u.ExpressionAttributeNames?.[name] ?? name;
      entry.deltas.set(attribute, (entry.deltas.get(attribute) ?? 0) + Number(u.ExpressionAttributeValues?.[value]));
    }
  }
  return merged.flatMap((item) => {
    const entry = item.Update && adds.get(item.Update.UpdateExpression!);
    if (!entry) return [item];
    const moved = [...entry.deltas].filter(([, d]) => d !== 0);
    if (moved.length === 0) return [];
    return [
      {
        Update: {
          ...item.Update!,
          UpdateExpression: `ADD ${moved.map((_, i) => `#a${i} :a${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(moved.map(([name], i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(moved.map(([, d], i) => [`:a${i}`, d])),
        },
      },
    ];
  });
}

/**
 * Writes a change's items all or nothing; items built with an empty TableName get the store's. Refused: whatever
 * `explain` throws on a failed condition (404, 412 …), else 409 `busy` — a condition met a concurrent change, or
 * another transaction touched the same items at the same moment (after the client's retries). Nothing is written then.
 */
export async function writeAll(store: Store, items: readonly TransactItem[], explain?: () => Promise<void>): Promise<void> {
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems: mergeAdds(items.map((item) => inTable(store, item))) }));
  } catch (error) {
    if (isTransactionConflict(error))
      throw new ConflictError(
        text('相同记录同时有另一项修改，请重试。', 'Another change to the same records happened at the same moment; retry.'),
        'busy',
      );
    if (!isConditionFailure(error)) throw error;
    await explain?.();
    throw new ConflictError(
      text(
        '此修改所依据的数据同时发生了变化，请重新读取后重试。',
        'Something this change depends on changed at the same time; read again and retry.',
      ),
      'busy',
    );
  }
}

/** What a create stores: the new item, its first audit entry, and any other items of the same change. */
export interface CreateWrite {
  item: Record<string, unknown>;
  audit: Record<string, unknown>;
  extra?: readonly TransactItem[];
  /** On a failed condition (an item that exists already, a guard taken), throws the refusal that says why. */
  explain?: () => Promise<void>;
}

/**
 * Stores a new item (only if none has its key) with its first audit entry and the change's other items, all or
 * nothing. Refused as `explain` says, else 409 (see `writeAll`).
 */
export async function createWithAudit(store: Store, write: CreateWrite): Promise<void> {
  const put: TransactItem = { Put: { TableName: store.table, Item: write.item, ConditionExpression: 'attribute_not_exists(pk)' } };
  await writeAll(store, [put, { Put: { TableName: store.table, Item: write.audit } }, ...(write.extra ?? [])], write.explain);
}

/** What a versioned write stores: the item's next version, its audit entry, and any other items of the same change. */
export interface VersionedWrite {
  item: Record<string, unknown>;
  /** The version the writer read: the write happens only if the stored item is still at it (0: only if there is none). */
  expectedVersion: number;
  audit: Record<string, unknown>;
  extra?: readonly TransactItem[];
  /** Reads what is stored now (consistently), to explain a refusal; may throw a refusal of its own (409 …). */
  current: () => Promise<{ version: number } | undefined>;
}

/**
 * Writes an item's next version only if it is still at the version its writer read, with the audit entry and the
 * change's other items, all or nothing (optimistic concurrency, DESIGN.md Data). Refused: 404 when the item is gone,
 * 412 with the stored version when another writer moved it (or created it first), 409 `busy` when one of the other items changed meanwhile.
 */
export async function versionedWrite(store: Store, write: VersionedWrite): Promise<void> {
  const put: TransactItem = {
    Put: {
      TableName: store.table,
      Item: write.item,
      ...(write.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'attribute_exists(pk) AND version = :expected',
            ExpressionAttributeValues: { ':expected': write.expectedVersion },
          }),
    },
  };
  await writeAll(store, [put, { Put: { TableName: store.table, Item: write.audit } }, ...(write.extra ?? [])], async () => {
    const current = await write.current();
    if (!current && write.expectedVersion > 0) throw new NotFoundError();
    if ((current?.version ?? 0) !== write.expectedVersion) throw new PreconditionFailedError(current?.version);
  });
}
