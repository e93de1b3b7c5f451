import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { getClients } from '../clients.ts';
import { getConfig } from '../config.ts';
import type { NoticeMessage } from './notice.ts';

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
export async function enqueueNotices(notices: readonly NoticeMessage[]): Promise<void> {
  const { sqs } = getClients();
  for (let i = 0; i < notices.length; i += 10) {
    const batch = notices.slice(i, i + 10);
    const result = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: getConfig().QUEUE_NOTICES_URL,
      Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: messageBody(n) })),
    }));
    if ((result.Failed ?? []).length > 0) throw new Error(`The queue refused ${result.Failed!.length} notices: ${result.Failed![0]!.Message}`);
  }
}
