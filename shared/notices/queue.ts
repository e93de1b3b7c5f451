import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { getClients } from '../clients.ts';
import { getConfig } from '../config.ts';
import type { NoticeMessage } from './notice.ts';

/** Queues notices, ten per request; any refused entry throws, so the caller does not record them as queued. */
export async function enqueueNotices(notices: readonly NoticeMessage[]): Promise<void> {
  const { sqs } = getClients();
  for (let i = 0; i < notices.length; i += 10) {
    const batch = notices.slice(i, i + 10);
    const result = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: getConfig().QUEUE_NOTICES_URL,
      Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: JSON.stringify(n) })),
    }));
    if ((result.Failed ?? []).length > 0) throw new Error(`The queue refused ${result.Failed!.length} notices: ${result.Failed![0]!.Message}`);
  }
}
