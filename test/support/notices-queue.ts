import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext, sqsEvent } from './events.ts';

/** Takes every notice off a test file's own queue. */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<NoticeMessage[]> {
  const notices: NoticeMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return notices;
    notices.push(...Messages.map((m) => JSON.parse(m.Body!) as NoticeMessage));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}

/** Delivers notices to the notifier in batches of 10, as the event source does; returns those of the failed records. */
export async function deliverToNotifier(notices: readonly NoticeMessage[]): Promise<NoticeMessage[]> {
  const failed: NoticeMessage[] = [];
  for (let i = 0; i < notices.length; i += 10) {
    const batch = notices.slice(i, i + 10);
    const event = sqsEvent(batch.map((n) => JSON.stringify(n)));
    const result = (await notifier(event, lambdaContext('notifier'))) as SQSBatchResponse;
    const ids = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    event.Records.forEach((r, j) => {
      if (ids.has(r.messageId)) failed.push(batch[j]!);
    });
  }
  return failed;
}
