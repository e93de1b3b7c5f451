import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { getConfig, type Config } from './config.ts';
import { meterClients } from './metering/sdk.ts';
import { retryTransactionConflicts } from './data/transactions.ts';
import type { Store } from './data/store.ts';
import type { NoticeQueue } from './notices/queue.ts';
import type { DeliveryQueue } from './webhooks/queue.ts';
import { uploadCheckFor, type EvidenceBucket } from './evidence/files.ts';
import { transportFor, type MailTransport } from './notices/transport.ts';
import { cognitoDirectory, externalDirectory, localDirectory, type ClientDirectory } from './auth/machine-clients.ts';

/** The AWS clients of one process, created once from validated config. */
export interface Clients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  s3: S3Client;
  ses: SESClient;
}

/** Creates the clients for a configuration (emulator endpoints when config names them), each metered. */
export function createClients(config: Config): Clients {
  const region = config.AWS_REGION;
  const dynamo = new DynamoDBClient({ region, endpoint: config.DYNAMODB_ENDPOINT });
  dynamo.middlewareStack.add(retryTransactionConflicts(), { step: 'initialize', name: 'retryTransactionConflicts' });
  const clients = {
    dynamo,
    doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ region, endpoint: config.SQS_ENDPOINT }),
    s3: new S3Client({ region, endpoint: config.S3_ENDPOINT, forcePathStyle: config.S3_ENDPOINT !== undefined }),
    ses: new SESClient({ region, endpoint: config.SES_ENDPOINT }),
  };
  meterClients(clients);
  return clients;
}

let cached: Clients | undefined;

/** This process's clients, created on first use from the environment's config. */
export function getClients(): Clients {
  cached ??= createClients(getConfig());
  return cached;
}

/** The main table of this process's configuration. */
export function mainStore(): Store {
  return { doc: getClients().doc, table: getConfig().TABLE_MAIN };
}

/** The usage (cost ledger) table of this process's configuration. */
export function usageStore(): Store {
  return { doc: getClients().doc, table: getConfig().TABLE_USAGE };
}

/** The notices queue (and its dead-letter queue) of this process's configuration. */
export function noticeQueue(): NoticeQueue {
  const config = getConfig();
  return { sqs: getClients().sqs, url: config.QUEUE_NOTICES_URL, deadLetterUrl: config.QUEUE_NOTICES_DLQ_URL };
}

/** The webhook deliveries queue (and its dead-letter queue) of this process's configuration. */
export function deliveryQueue(): DeliveryQueue {
  const config = getConfig();
  return { sqs: getClients().sqs, url: config.QUEUE_WEBHOOKS_URL, deadLetterUrl: config.QUEUE_WEBHOOKS_DLQ_URL };
}

let transport: MailTransport | undefined;

/** The mail transport of this process's configuration, created once. */
export function mailTransport(): MailTransport {
  transport ??= transportFor(getConfig(), getClients().ses);
  return transport;
}

/** The evidence bucket of this process's configuration. */
export function evidenceBucket(): EvidenceBucket {
  const config = getConfig();
  return { s3: getClients().s3, name: config.BUCKET_EVIDENCE, check: uploadCheckFor(config) };
}

let directory: ClientDirectory | undefined;

/**
 * Where machine clients are made: the stack's user pool and JWT authorizer when config names them, an external
 * issuer's (which refuses: it makes its own), else the local directory. The Cognito and API Gateway clients are loaded by the first registration.
 */
export function clientDirectory(): ClientDirectory {
  if (directory) return directory;
  const { USER_POOL_ID, PEOPLE_CLIENT_ID, JWT_ISSUER, API_ID, AUTHORIZER_ID, AWS_REGION: region } = getConfig();
  if (USER_POOL_ID && PEOPLE_CLIENT_ID && JWT_ISSUER && API_ID && AUTHORIZER_ID)
    directory = cognitoDirectory({
      region,
      userPoolId: USER_POOL_ID,
      peopleClientId: PEOPLE_CLIENT_ID,
      issuer: JWT_ISSUER,
      apiId: API_ID,
      authorizerId: AUTHORIZER_ID,
    });
  // An external issuer (aws-cn) makes its own clients: nothing to make here.
  else directory = JWT_ISSUER ? externalDirectory(JWT_ISSUER) : localDirectory();
  return directory;
}
