import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ProblemError, text } from '../domain/errors.ts';
import { isConditionFailure, type Store } from './store.ts';

/*
 * Access pattern: one record per caller × route × Idempotency-Key, pk=IDEMP#<sub>#<route>#<key>, sk=IDEMP,
 * expiring after a day (TTL attribute `expiresAt`).
 */

/** A stored response, replayed for a repeated request. */
export interface StoredReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How long a key is remembered, and how long an unfinished claim blocks a retry. */
const rememberSeconds = 24 * 3600;
const claimSeconds = 60;

/** The same key was used with another body. */
export class IdempotencyKeyReusedError extends ProblemError {
  constructor() {
    super(
      'idempotency-key-reused',
      text(
        '此 Idempotency-Key 已用于另一请求正文，请使用新的键。',
        'This Idempotency-Key was used with another request body; use a new key.',
      ),
    );
  }
}

function keyOf(scope: string) {
  return { pk: `IDEMP#${scope}`, sk: 'IDEMP' };
}

/**
 * Claims a key for a request with this body hash. Returns the stored reply when the same request already finished;
 * refuses another body (422) or a request still in flight (409); returns undefined when the caller should proceed.
 */
export async function claimIdempotencyKey(store: Store, scope: string, hash: string, nowSeconds: number): Promise<StoredReply | undefined> {
  const item = {
    ...keyOf(scope),
    kind: 'idempotency',
    hash,
    state: 'pending',
    claimedAt: nowSeconds,
    expiresAt: nowSeconds + rememberSeconds,
  };
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: item,
        // A pending claim older than claimSeconds belongs to a request that died; it may be taken over.
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :pending AND claimedAt < :stale AND #hash = :hash)',
        ExpressionAttributeNames: { '#state': 'state', '#hash': 'hash' },
        ExpressionAttributeValues: { ':pending': 'pending', ':stale': nowSeconds - claimSeconds, ':hash': hash },
      }),
    );
    return undefined;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(scope), ConsistentRead: true }));
  if (!Item) return claimIdempotencyKey(store, scope, hash, nowSeconds);
  if (Item.hash !== hash) throw new IdempotencyKeyReusedError();
  if (Item.state !== 'done')
    throw new ConflictError(
      text(
        '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      ),
      'idempotency-in-progress',
    );
  return Item.reply as StoredReply;
}

/** Records the reply of a claimed key, so that a repeat gets it again. */
export async function completeIdempotencyKey(store: Store, scope: string, reply: StoredReply): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: keyOf(scope),
      UpdateExpression: 'SET #state = :done, reply = :reply',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':reply': reply },
    }),
  );
}

/** Gives a claimed key back after a failed request, so that a corrected retry may use it. */
export async function releaseIdempotencyKey(store: Store, scope: string): Promise<void> {
  await store.doc
    .send(
      new DeleteCommand({
        TableName: store.table,
        Key: keyOf(scope),
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
