import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { getConfig } from '../../shared/config.ts';
import { claimNotice, markNoticeDone, markNoticeFailed, suppressedAmong } from '../../shared/data/notices.ts';
import { noticeMessage } from '../../shared/notices/notice.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import { mailTransport, mainStore } from '../../shared/clients.ts';

/**
 * Sends one notice exactly once: claim, drop suppressed addresses, send, record. A failed send is recorded as failed
 * and fails the record, so the queue delivers it again (and, after maxReceiveCount, to the DLQ).
 */
async function sendNotice(record: SQSRecord): Promise<void> {
  const notice = noticeMessage.parse(JSON.parse(record.body));
  attributeShare(notice.agencyId ?? 'platform');
  const store = mainStore();
  const claim = await claimNotice(store, notice, new Date(), 120);
  if (claim === 'already-sent') return logger.info('Notice already sent', { noticeId: notice.id });
  if (claim === 'in-flight') throw new Error(`Notice ${notice.id} is being sent by another delivery`);
  const suppressed = await suppressedAmong(store, notice.to);
  const to = notice.to.filter((address) => !suppressed.has(address.toLowerCase()));
  if (to.length === 0) {
    await markNoticeDone(store, notice.id, { status: 'suppressed', suppressed: [...notice.to] }, new Date().toISOString());
    return logger.info('Notice suppressed', { noticeId: notice.id });
  }
  let messageId: string;
  try {
    messageId = await mailTransport()(getConfig().MAIL_FROM, { ...notice, to });
  } catch (error) {
    await markNoticeFailed(store, notice.id, (error as Error).message, new Date().toISOString());
    throw error;
  }
  await markNoticeDone(
    store,
    notice.id,
    { status: 'sent', providerMessageId: messageId, suppressed: notice.to.filter((a) => !to.includes(a)) },
    new Date().toISOString(),
  );
  logger.info('Notice sent', { noticeId: notice.id, providerMessageId: messageId });
}

/** Consumer of the `notices` queue, with partial batch failures. */
export const handler = middy<SQSEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(metering<SQSEvent, unknown>({ http: false, operation: () => 'notifier', agencyId: () => 'platform' }))
  .handler((event, context) =>
    processPartialResponse(event, sendNotice, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false }),
  );
