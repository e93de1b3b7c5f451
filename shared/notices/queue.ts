import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NoticeMessage } from './notice.ts';

/** Where notices wait for the notifier, and where those it gave up on are kept. */
export interface NoticeQueue {
  sqs: SQSClient;
  url: string;
  deadLetterUrl: string;
}

/**
 * SQS takes only #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD (AWS also #x10000 up, its emulator not): anything else
 * travels as a JSON escape, which the consumer's JSON.parse turns back into the same text.
 */
const refusedBySqs = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;

/** A notice as an SQS message body: its JSON, with every character SQS would refuse escaped. */
function messageBody(notice: NoticeMessage): string {
  return JSON.stringify(notice).replace(refusedBySqs, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Queues notices, ten per request; any refused entry throws, so the caller does not record them as queued. */
export async function enqueueNotices(queue: NoticeQueue, notices: readonly NoticeMessage[]): Promise<void> {
  const { sqs } = queue;
  for (let i = 0; i < notices.length; i += 10) {
    const batch = notices.slice(i, i + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: messageBody(n) })),
      }),
    );
    if ((result.Failed ?? []).length > 0)
      throw new Error(`The queue refused ${result.Failed!.length} notices: ${result.Failed![0]!.Message}`);
  }
}

/** A notice left in the dead-letter queue, as an admin sees it. */
export interface DeadLetter {
  messageId?: string;
  noticeId?: string;
  to?: string[];
  subject?: string;
  sentAt: string;
}

/** Up to 10 notices in the dead-letter queue, left there (visibility 0). */
export async function listDeadLetters(queue: NoticeQueue): Promise<DeadLetter[]> {
  const { Messages = [] } = await queue.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.deadLetterUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    }),
  );
  return Messages.map((m) => {
    const notice = JSON.parse(m.Body ?? '{}') as { id?: string; to?: string[]; subject?: string };
    return {
      messageId: m.MessageId,
      noticeId: notice.id,
      to: notice.to,
      subject: notice.subject,
      sentAt: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(),
    };
  });
}

/** Moves every dead-letter notice back to the notices queue (send first, then delete); returns how many moved. */
export async function redriveNotices(queue: NoticeQueue): Promise<number> {
  const { sqs } = queue;
  let moved = 0;
  for (let round = 0; round < 100; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.deadLetterUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body! })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
    const done = Messages.filter((_, i) => ok.has(i));
    if (done.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.deadLetterUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    moved += done.length;
  }
  return moved;
}
