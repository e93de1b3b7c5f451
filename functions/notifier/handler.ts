import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { getClients } from '../../shared/clients.ts';
import { getConfig } from '../../shared/config.ts';
import { mainStore } from '../../shared/data/store.ts';
import { claimNotice, markNoticeSent, releaseNotice } from '../../shared/data/notices.ts';
import { noticeMessage } from '../../shared/notices/notice.ts';
import { sesTransport } from '../../shared/notices/transport.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { attributeShare } from '../../shared/metering/usage.ts';

/** Sends one notice exactly once: claim, send, record; a failed send releases the claim and fails the record. */
async function sendNotice(record: SQSRecord): Promise<void> {
  const notice = noticeMessage.parse(JSON.parse(record.body));
  attributeShare(notice.agencyId ?? 'platform');
  const store = mainStore();
  const claim = await claimNotice(store, notice.id, notice.to, Math.floor(Date.now() / 1000), 120);
  if (claim === 'already-sent') return logger.info('Notice already sent', { noticeId: notice.id });
  if (claim === 'in-flight') throw new Error(`Notice ${notice.id} is being sent by another delivery`);
  let messageId: string;
  try {
    messageId = await sesTransport(getClients().ses)(getConfig().MAIL_FROM, notice);
  } catch (error) {
    await releaseNotice(store, notice.id);
    throw error;
  }
  await markNoticeSent(store, notice.id, messageId, new Date().toISOString());
  logger.info('Notice sent', { noticeId: notice.id, providerMessageId: messageId });
}

/** Consumer of the `notices` queue, with partial batch failures. */
export const handler = middy<SQSEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(metering<SQSEvent, unknown>({ http: false, operation: () => 'notifier', agencyId: () => 'platform' }))
  .handler((event, context) => processPartialResponse(event, sendNotice, new BatchProcessor(EventType.SQS), { context }));
