import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { suppressAddress } from '../../shared/data/notices.ts';
import { addressesToSuppress, mailEventFromQueueBody } from '../../shared/notices/mail-events.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { mainStore } from '../../shared/clients.ts';

/** Suppresses the addresses of one SES bounce or complaint (SNS → SQS). */
async function handleRecord(record: SQSRecord): Promise<void> {
  const at = new Date().toISOString();
  for (const { address, reason } of addressesToSuppress(mailEventFromQueueBody(record.body))) {
    await suppressAddress(mainStore(), address, reason, at);
    logger.info('Address suppressed', { reason });
  }
}

/** Consumer of the `mail-events` queue. */
export const handler = middy<SQSEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(metering<SQSEvent, unknown>({ http: false, operation: () => 'mail-events', agencyId: () => 'platform' }))
  .handler((event, context) =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false }),
  );
