import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetSendQuotaCommand } from '@aws-sdk/client-ses';
import { getClients } from '../../shared/clients.ts';
import { getConfig } from '../../shared/config.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

type Check = () => Promise<unknown>;

/** One probe per dependency; each must answer within two seconds. */
function checks(): Record<string, Check> {
  const config = getConfig();
  const { dynamo, sqs, s3, ses } = getClients();
  return {
    dynamodb: () => dynamo.send(new DescribeTableCommand({ TableName: config.TABLE_MAIN })),
    sqs: () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: config.QUEUE_NOTICES_URL, AttributeNames: ['ApproximateNumberOfMessages'] })),
    s3: () => s3.send(new HeadBucketCommand({ Bucket: config.BUCKET_EVIDENCE })),
    // The local SES emulator speaks only SendEmail; there, reaching it is the check.
    mail: config.MAIL_TRANSPORT === 'smtp' ? async () => 'smtp'
      : config.SES_ENDPOINT ? () => fetch(config.SES_ENDPOINT!, { method: 'HEAD' }).then((r) => { if (r.status >= 500) throw new Error(`HTTP ${r.status}`); })
      : () => ses.send(new GetSendQuotaCommand({})),
  };
}

async function probe(check: Check): Promise<{ status: 'ok' | 'down'; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref())]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).name };
  }
}

/** `GET /health`: 200 when every dependency answers, else 503 with which one did not. */
export const health: RouteImpl = async () => {
  const entries = await Promise.all(Object.entries(checks()).map(async ([name, check]) => [name, await probe(check)] as const));
  const dependencies = Object.fromEntries(entries);
  const ok = entries.every(([, result]) => result.status === 'ok');
  return {
    status: ok ? 200 : 503,
    body: { status: ok ? 'ok' : 'degraded', stage: getConfig().STAGE, dependencies },
    headers: { 'cache-control': 'no-store' },
  };
};
