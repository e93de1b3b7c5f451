import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { reindex } from '../../shared/data/reindex.ts';
import { tables, type KeyDef, type TableDef } from '../../shared/data/tables.ts';
import { queues, queueUrlVariable } from '../../shared/topology.ts';

function keySchema(key: KeyDef): KeySchemaElement[] {
  return [{ AttributeName: key.partition, KeyType: 'HASH' }, ...(key.sort ? [{ AttributeName: key.sort, KeyType: 'RANGE' as const }] : [])];
}

function attributeDefinitions(keys: readonly KeyDef[]): AttributeDefinition[] {
  const names = [...new Set(keys.flatMap((k) => [k.partition, k.sort].filter((a): a is string => !!a)))];
  return names.map((name) => ({ AttributeName: name, AttributeType: 'S' }));
}

function indexOf(name: string, key: KeyDef): GlobalSecondaryIndex {
  return { IndexName: name, KeySchema: keySchema(key), Projection: { ProjectionType: 'ALL' } };
}

async function describeTable(dynamo: DynamoDBClient, physicalName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: physicalName }))).Table;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    return undefined;
  }
}

/**
 * Creates a table from its definition unless it exists (same definition the CDK stack uses). A table that exists but
 * lacks some of the definition's indexes (a `.data/` from before they were added) gets them. Returns whether it added
 * any: the items already stored then lack their keys (`reindexLocalTable`).
 */
export async function ensureTable(
  dynamo: DynamoDBClient,
  def: TableDef,
  physicalName: string,
  options: { stream?: boolean } = {},
): Promise<boolean> {
  const stream = options.stream === false ? undefined : def.stream;
  const existing = await describeTable(dynamo, physicalName);
  if (existing) {
    // A `.data/` from before the table had its stream gets one (changes made before it are not events).
    if (stream && !existing.StreamSpecification?.StreamEnabled) {
      await dynamo.send(
        new UpdateTableCommand({ TableName: physicalName, StreamSpecification: { StreamEnabled: true, StreamViewType: stream } }),
      );
      await waitUntilTableExists({ client: dynamo, maxWaitTime: 30, minDelay: 1 }, { TableName: physicalName });
    }
    return addMissingIndexes(dynamo, def, physicalName, existing);
  }
  const indexes = Object.entries(def.indexes).map(([name, key]) => indexOf(name, key));
  await dynamo.send(
    new CreateTableCommand({
      TableName: physicalName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(def.key),
      AttributeDefinitions: attributeDefinitions([def.key, ...Object.values(def.indexes)]),
      ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    }),
  );
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 30, minDelay: 1 }, { TableName: physicalName });
  if (def.ttlAttribute) {
    await dynamo.send(
      new UpdateTimeToLiveCommand({ TableName: physicalName, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }),
    );
  }
  return false;
}

/**
 * Adds the definition's indexes a table lacks, one per UpdateTable (DynamoDB builds one at a time), each once ACTIVE;
 * returns whether there were any.
 */
async function addMissingIndexes(dynamo: DynamoDBClient, def: TableDef, physicalName: string, table: TableDescription): Promise<boolean> {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = Object.entries(def.indexes).filter(([name]) => !present.has(name));
  for (const [name, key] of missing) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: physicalName,
        AttributeDefinitions: attributeDefinitions([key]),
        GlobalSecondaryIndexUpdates: [{ Create: indexOf(name, key) }],
      }),
    );
    await waitUntilIndexActive(dynamo, physicalName, name);
  }
  return missing.length > 0;
}

/**
 * Gives the items of a local main table the keys of indexes just added to it, in one go (what `POST /v1/admin/reindex`
 * does in AWS, call after call); returns how many items it rewrote.
 */
export async function reindexLocalTable(dynamo: DynamoDBClient, physicalName: string): Promise<number> {
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const { rewritten } = await reindex({ doc, table: physicalName }, { budgetMs: Number.POSITIVE_INFINITY });
  return rewritten;
}

/**
 * Waits until an index has been built over the items already stored (the next UpdateTable is refused before); a large
 * `.data/` takes a while.
 */
async function waitUntilIndexActive(dynamo: DynamoDBClient, physicalName: string, indexName: string, maxWaitMs = 300_000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const table = await describeTable(dynamo, physicalName);
    const index = table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
    if (table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`Index ${indexName} of table ${physicalName} is not ACTIVE after ${maxWaitMs / 1000} s.`);
    await sleep(250);
  }
}

/** Creates every queue of the topology with its DLQ and redrive policy; returns each URL by its variable. */
export async function ensureQueues(sqs: SQSClient): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const queue of queues) {
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: `${queue.name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86400) } }),
    );
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: queue.name,
        Attributes: {
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: queue.maxReceiveCount }),
        },
      }),
    );
    urls[queueUrlVariable(queue.name)] = main.QueueUrl!;
    urls[queueUrlVariable(queue.name, true)] = dlq.QueueUrl!;
  }
  return urls;
}

/** Creates the evidence bucket unless it exists. */
export async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }
}

/** Physical names of the local resources. */
export const localNames = { main: 'shifan-main', usage: 'shifan-usage', bucket: 'shifan-evidence' } as const;

/**
 * Creates everything the handlers expect; returns the environment they read (config.ts). A main table that has just
 * been given an index is reindexed, so its lists find what it held before.
 */
export async function bootstrap(
  clients: { dynamo: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  options: { streams?: boolean } = {},
): Promise<Record<string, string>> {
  for (const def of tables) {
    const added = await ensureTable(clients.dynamo, def, localNames[def.name], { stream: options.streams });
    if (added && def.name === 'main')
      console.log(`reindexed ${await reindexLocalTable(clients.dynamo, localNames.main)} items for the new indexes`);
  }
  const [queueUrls] = await Promise.all([ensureQueues(clients.sqs), ensureBucket(clients.s3, localNames.bucket)]);
  return { TABLE_MAIN: localNames.main, TABLE_USAGE: localNames.usage, BUCKET_EVIDENCE: localNames.bucket, ...queueUrls };
}
