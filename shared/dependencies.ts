import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetSendQuotaCommand } from '@aws-sdk/client-ses';
import { getClients } from './clients.ts';
import { getConfig } from './config.ts';

/** A cheap call that succeeds when a dependency answers. */
export type DependencyCheck = () => Promise<unknown>;

/** One check per dependency the functions rely on: the main table, the notices queue, the evidence bucket, the mail transport. */
export function dependencyChecks(): Record<string, DependencyCheck> {
  const config = getConfig();
  const { dynamo, sqs, s3, ses } = getClients();
  return {
    dynamodb: () => dynamo.send(new DescribeTableCommand({ TableName: config.TABLE_MAIN })),
    sqs: () =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: config.QUEUE_NOTICES_URL, AttributeNames: ['ApproximateNumberOfMessages'] })),
    s3: () => s3.send(new HeadBucketCommand({ Bucket: config.BUCKET_EVIDENCE })),
    // The local SES emulator speaks only SendEmail; there, reaching it is the check.
    mail:
      config.MAIL_TRANSPORT === 'smtp'
        ? async () => 'smtp'
        : config.SES_ENDPOINT
          ? () =>
              fetch(config.SES_ENDPOINT!, { method: 'HEAD' }).then((r) => {
                if (r.status >= 500) throw new Error(`HTTP ${r.status}`);
              })
          : () => ses.send(new GetSendQuotaCommand({})),
  };
}
