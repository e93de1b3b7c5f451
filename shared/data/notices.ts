import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Store } from './store.ts';

/*
 * Access pattern: one delivery record per notice id, pk=NOTICE#<id>, sk=DELIVERY. A conditional claim makes every
 * later delivery of the same notice a no-op.
 */

/** Outcome of trying to claim a notice for sending. */
export type NoticeClaim = 'claimed' | 'already-sent' | 'in-flight';

const keyOf = (id: string) => ({ pk: `NOTICE#${id}`, sk: 'DELIVERY' });

/** Claims a notice for sending unless it was sent, or another delivery is sending it right now. */
export async function claimNotice(store: Store, id: string, to: readonly string[], nowSeconds: number, leaseSeconds: number): Promise<NoticeClaim> {
  try {
    await store.doc.send(new PutCommand({
      TableName: store.table,
      Item: { ...keyOf(id), kind: 'notice-delivery', noticeId: id, to, status: 'sending', leaseUntil: nowSeconds + leaseSeconds },
      // A sending claim past its lease belongs to a delivery that died before it could finish or release.
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending', ':now': nowSeconds },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return 'claimed';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The document client leaves this Item marshalled (aws/aws-sdk-js-v3#6723), so read `status` in either form.
    const status = (error as { Item?: { status?: string | { S?: string } } }).Item?.status;
    return (typeof status === 'string' ? status : status?.S) === 'sent' ? 'already-sent' : 'in-flight';
  }
}

/** Records that a claimed notice was sent. */
export async function markNoticeSent(store: Store, id: string, providerMessageId: string, at: string): Promise<void> {
  await store.doc.send(new UpdateCommand({
    TableName: store.table, Key: keyOf(id),
    UpdateExpression: 'SET #status = :sent, sentAt = :at, providerMessageId = :mid REMOVE leaseUntil',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':mid': providerMessageId },
  }));
}

/** Gives up a claim after a failed send, so that the next delivery of the message tries again. */
export async function releaseNotice(store: Store, id: string): Promise<void> {
  await store.doc.send(new DeleteCommand({
    TableName: store.table, Key: keyOf(id),
    ConditionExpression: '#status = :sending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sending': 'sending' },
  })).catch((error: unknown) => { if (!isConditionFailure(error)) throw error; });
}
