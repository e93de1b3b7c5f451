import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';

/** Where deliveries wait for the deliverer, and where those it gave up on after 24 hours go. */
export interface DeliveryQueue {
  sqs: SQSClient;
  url: string;
  deadLetterUrl: string;
}

/** A queued delivery: which one, of which subscription of which agency (the body and secrets are read, never queued). */
export const deliveryMessage = z.object({ deliveryId: z.string(), webhookId: z.string(), agencyId: z.string() });
/** A queued delivery. */
export type DeliveryMessage = z.infer<typeof deliveryMessage>;

/** Queues deliveries, ten per request; any refused entry throws (the publisher's batch is then retried). */
export async function enqueueDeliveries(queue: DeliveryQueue, messages: readonly DeliveryMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const result = await queue.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
      }),
    );
    if ((result.Failed ?? []).length > 0)
      throw new Error(`The queue refused ${result.Failed!.length} deliveries: ${result.Failed![0]!.Message}`);
  }
}

/** Hides a received delivery for its backoff: it comes back after `seconds` (the queue then counts another receive). */
export async function postpone(queue: DeliveryQueue, receiptHandle: string, seconds: number): Promise<void> {
  await queue.sqs.send(
    new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }),
  );
}

/** Puts a delivery given up on in the dead-letter queue (its record says `dead`; a redelivery queues it again). */
export async function toDeadLetters(queue: DeliveryQueue, message: DeliveryMessage): Promise<void> {
  await queue.sqs.send(new SendMessageCommand({ QueueUrl: queue.deadLetterUrl, MessageBody: JSON.stringify(message) }));
}
