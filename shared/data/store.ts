import {
  BatchGetCommand,
  TransactWriteCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../domain/errors.ts';

/** Where a repository reads and writes: the document client and the physical table name. */
export interface Store {
  doc: DynamoDBDocumentClient;
  table: string;
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

/** What a versioned write stores: the item's next version, its audit entry, and any other items of the same change. */
export interface VersionedWrite {
  item: Record<string, unknown>;
  /** The version the writer read: the write happens only if the stored item is still at it. */
  expectedVersion: number;
  audit: Record<string, unknown>;
  extra?: readonly TransactItem[];
  /** Reads what is stored now (consistently), to explain a refusal. */
  current: () => Promise<{ version: number } | undefined>;
}

/**
 * Writes an item's next version only if it is still at the version its writer read, with the audit entry and the
 * change's other items, all or nothing (optimistic concurrency, DESIGN.md Data). Refused: 404 when the item is gone,
 * 412 with the stored version when another writer moved it, 409 `busy` when one of the other items changed meanwhile.
 */
export async function versionedWrite(store: Store, write: VersionedWrite): Promise<void> {
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: store.table,
              Item: write.item,
              ConditionExpression: 'attribute_exists(pk) AND version = :expected',
              ExpressionAttributeValues: { ':expected': write.expectedVersion },
            },
          },
          { Put: { TableName: store.table, Item: write.audit } },
          ...(write.extra ?? []).map((item) => inTable(store, item)),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await write.current();
    if (!current) throw new NotFoundError();
    if (current.version !== write.expectedVersion) throw new PreconditionFailedError(current.version);
    throw new ConflictError('Something this change depends on changed at the same time; read again and retry.', 'busy');
  }
}
