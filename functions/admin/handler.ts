import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { getClients } from '../../shared/clients.ts';
import { getConfig } from '../../shared/config.ts';
import { mainStore } from '../../shared/data/store.ts';
import { suppressAddress } from '../../shared/data/notices.ts';
import { addressesToSuppress, type MailEvent } from '../../shared/notices/mail-events.ts';
import { httpFunction, type RouteImpl } from '../../shared/http/handler.ts';
import { adminContract } from '../../shared/contracts/admin.ts';
import { getCalendar, putCalendar } from './calendars.ts';
import { listAgendaFailures } from './list-agenda-failures.ts';
import { reindexTable } from './reindex-table.ts';

/** `POST /v1/admin/mail-events`: the same SES event shape the cloud's mail-events consumer reads, injected by hand. */
const postMailEvent: RouteImpl<MailEvent> = async (request) => {
  const suppressed = addressesToSuppress(request.body);
  for (const { address, reason } of suppressed) await suppressAddress(mainStore(), address, reason, request.now);
  return { status: 202, body: { suppressed } };
};

/** `GET /v1/admin/notices/dead-letters`: up to 10 notices in the DLQ, left there (visibility 0). */
const listDeadLetters: RouteImpl = async () => {
  const { Messages = [] } = await getClients().sqs.send(new ReceiveMessageCommand({
    QueueUrl: getConfig().QUEUE_NOTICES_DLQ_URL, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
  }));
  return {
    body: {
      items: Messages.map((m) => {
        const notice = JSON.parse(m.Body ?? '{}') as { id?: string; to?: string[]; subject?: string };
        return { messageId: m.MessageId, noticeId: notice.id, to: notice.to, subject: notice.subject, sentAt: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString() };
      }),
    },
  };
};

/** `POST /v1/admin/notices/redrive`: moves every DLQ notice back to the notices queue (send first, then delete). */
const redriveNotices: RouteImpl = async () => {
  const { sqs } = getClients();
  const config = getConfig();
  let moved = 0;
  for (let round = 0; round < 100; round++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: config.QUEUE_NOTICES_DLQ_URL, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if (Messages.length === 0) break;
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: config.QUEUE_NOTICES_URL, Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body! })) }));
    const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
    const done = Messages.filter((_, i) => ok.has(i));
    if (done.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: config.QUEUE_NOTICES_DLQ_URL, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    moved += done.length;
  }
  return { status: 202, body: { moved } };
};

/** Administration. */
export const handler = httpFunction('admin', adminContract, { postMailEvent, listDeadLetters, redriveNotices, putCalendar, getCalendar, listAgendaFailures, reindexTable });
