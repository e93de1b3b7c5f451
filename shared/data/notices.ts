import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryPage, type Page } from './pagination.ts';
import { isConditionFailure, type Store } from './store.ts';

/*
 * Access patterns:
 * - one delivery record per notice id: pk=NOTICE#<id>, sk=DELIVERY; a conditional claim makes every later delivery
 *   of a sent notice a no-op
 * - a subject's notice history (a naming's): Query index byOwner, ownerPk=NOTICES#<about>
 * - suppressed addresses (hard bounces, complaints): pk=SUPPRESS#<address>, sk=SUPPRESS, read in one BatchGet
 */

/** Outcome of trying to claim a notice for sending. */
export type NoticeClaim = 'claimed' | 'already-sent' | 'in-flight';

/** A notice's delivery as its history shows it. */
export interface NoticeDelivery {
  id: string;
  kind?: string;
  to: string[];
  status: 'sending' | 'sent' | 'suppressed' | 'failed';
  at: string;
  attempts: number;
  providerMessageId?: string;
  suppressed?: string[];
  error?: string;
}

const keyOf = (id: string) => ({ pk: `NOTICE#${id}`, sk: 'DELIVERY' });

/**
 * Claims a notice for sending unless it was sent (or suppressed), or another delivery holds a live claim. A failed
 * earlier attempt, or a claim whose lease ran out (its delivery died), may be taken over.
 */
export async function claimNotice(
  store: Store,
  notice: { id: string; to: readonly string[]; about?: string; kind?: string },
  now: Date,
  leaseSeconds: number,
): Promise<NoticeClaim> {
  const seconds = Math.floor(now.getTime() / 1000);
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(notice.id),
        UpdateExpression:
          'SET kind = :kind, noticeId = :id, noticeKind = :noticeKind, #to = :to, #status = :sending, leaseUntil = :lease, #at = :at, ownerPk = :owner, ownerSk = :id ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status', '#to': 'to', '#at': 'at' },
        ExpressionAttributeValues: {
          ':kind': 'notice-delivery',
          ':id': notice.id,
          ':noticeKind': notice.kind ?? 'notice',
          ':to': notice.to,
          ':sending': 'sending',
          ':failed': 'failed',
          ':lease': seconds + leaseSeconds,
          ':now': seconds,
          ':at': now.toISOString(),
          ':owner': `NOTICES#${notice.about ?? 'none'}`,
          ':one': 1,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The document client leaves this Item marshalled (aws/aws-sdk-js-v3#6723), so read `status` in either form.
    const raw = (error as { Item?: { status?: string | { S?: string } } }).Item?.status;
    const status = typeof raw === 'string' ? raw : raw?.S;
    return status === 'sent' || status === 'suppressed' ? 'already-sent' : 'in-flight';
  }
}

/** Records the outcome of a claimed notice: sent (with the provider's id) or suppressed (no address left to send to). */
export async function markNoticeDone(
  store: Store,
  id: string,
  outcome: { status: 'sent' | 'suppressed'; providerMessageId?: string; suppressed: string[] },
  at: string,
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: keyOf(id),
      UpdateExpression: 'SET #status = :status, #at = :at, suppressed = :suppressed, providerMessageId = :mid REMOVE leaseUntil, #error',
      ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#error': 'error' },
      ExpressionAttributeValues: {
        ':status': outcome.status,
        ':at': at,
        ':suppressed': outcome.suppressed,
        ':mid': outcome.providerMessageId ?? '',
      },
    }),
  );
}

/** Records a failed send; the next delivery of the message may claim it again. */
export async function markNoticeFailed(store: Store, id: string, reason: string, at: string): Promise<void> {
  await store.doc
    .send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(id),
        UpdateExpression: 'SET #status = :failed, #at = :at, #error = :error REMOVE leaseUntil',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':at': at, ':error': reason.slice(0, 500) },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** The notices about something (e.g. `naming#<id>`). */
export function listNotices(store: Store, about: string, limit: number): Promise<Page<NoticeDelivery>> {
  return queryPage(
    store,
    {
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': `NOTICES#${about}` },
    },
    limit,
    undefined,
    (item) => ({
      id: String(item.noticeId),
      kind: item.noticeKind as string | undefined,
      to: item.to as string[],
      status: item.status as NoticeDelivery['status'],
      at: String(item.at),
      attempts: Number(item.attempts ?? 1),
      ...(item.providerMessageId ? { providerMessageId: String(item.providerMessageId) } : {}),
      ...((item.suppressed as string[] | undefined)?.length ? { suppressed: item.suppressed as string[] } : {}),
      ...(item.error ? { error: String(item.error) } : {}),
    }),
  );
}

/** Stops mail to an address (a hard bounce or a complaint). */
export async function suppressAddress(store: Store, address: string, reason: string, at: string): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { pk: `SUPPRESS#${address.toLowerCase()}`, sk: 'SUPPRESS', kind: 'suppression', address, reason, at },
    }),
  );
}

/** Which of these addresses are suppressed. */
export async function suppressedAmong(store: Store, addresses: readonly string[]): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const keys = [...new Set(addresses.map((a) => a.toLowerCase()))].map((a) => ({ pk: `SUPPRESS#${a}`, sk: 'SUPPRESS' }));
  const { Responses } = await store.doc.send(
    new BatchGetCommand({ RequestItems: { [store.table]: { Keys: keys, ProjectionExpression: 'address' } } }),
  );
  return new Set((Responses?.[store.table] ?? []).map((i) => String(i.address).toLowerCase()));
}
