import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { handler as publisher } from '../../functions/webhook-publisher/handler.ts';
import { handler as deliverer } from '../../functions/webhook-deliverer/handler.ts';
import { StreamReader, streamEvent } from '../../infra/local/stream-poller.ts';
import { lambdaContext } from './events.ts';

/*
 * The webhook pipeline of a test file, on the emulators: its own main table's stream (read as the event source reads
 * it) → the publisher → its own `webhooks` queue → the deliverer → a receiver on loopback. Time is the only thing a
 * test moves by hand: a delivery hidden for its backoff is made visible again, as if the backoff had passed.
 */

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** The queues of a test file's pipeline, made and configured (before any handler reads its configuration). */
export async function ownWebhookQueues(tag: string): Promise<{ sqs: SQSClient; url: string; deadLetterUrl: string }> {
  const sqs = new SQSClient({ ...local, endpoint: inject('endpoints').sqs });
  const deadLetterUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `webhooks-dlq-${tag}` }))).QueueUrl!;
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: `webhooks-${tag}` }))).QueueUrl!;
  process.env.QUEUE_WEBHOOKS_URL = url;
  process.env.QUEUE_WEBHOOKS_DLQ_URL = deadLetterUrl;
  return { sqs, url, deadLetterUrl };
}

/** The pipeline of a test file: `publish()` hands the stream's new records to the publisher, `deliver()` drains the queue. */
export class WebhookPipeline {
  private constructor(
    private readonly reader: StreamReader,
    readonly sqs: SQSClient,
    readonly url: string,
    readonly deadLetterUrl: string,
  ) {}

  /** A pipeline over a table (with its stream) and the file's queues. */
  static async of(table: string, queues: { sqs: SQSClient; url: string; deadLetterUrl: string }): Promise<WebhookPipeline> {
    const dynamo = new DynamoDBClient({ ...local, endpoint: inject('endpoints').dynamodb });
    return new WebhookPipeline(await StreamReader.of(dynamo, table), queues.sqs, queues.url, queues.deadLetterUrl);
  }

  /** Hands every record written since the last call to the publisher, 100 at a time; returns how many deliveries it queued. */
  async publish(): Promise<number> {
    let queued = 0;
    for (;;) {
      const records = await this.reader.read(100);
      if (records.length === 0) return queued;
      const result = (await publisher(streamEvent(records), lambdaContext('webhook-publisher'))) as { deliveries: number };
      queued += result.deliveries;
    }
  }

  /**
   * One pass of the deliverer over what the queue shows now, 10 at a time: delivered messages are deleted, failed ones
   * stay hidden for the backoff the deliverer gave them. Returns how many it handed over, and the failed messages.
   */
  async deliverOnce(): Promise<{ handed: number; failed: Message[] }> {
    let handed = 0;
    const failed: Message[] = [];
    for (;;) {
      const { Messages = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return { handed, failed };
      handed += Messages.length;
      const result = (await deliverer(sqsEventOf(Messages), lambdaContext('webhook-deliverer'))) as SQSBatchResponse;
      const failedIds = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      failed.push(...Messages.filter((m) => failedIds.has(m.MessageId!)));
      const done = Messages.filter((m) => !failedIds.has(m.MessageId!));
      if (done.length > 0)
        await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
    }
  }

  /** Makes failed deliveries visible again at once, as if their backoff had passed (their receipts are still valid). */
  async passBackoff(failed: readonly Message[]): Promise<void> {
    for (let i = 0; i < failed.length; i += 10) await release(this.sqs, this.url, failed.slice(i, i + 10));
  }

  /** Publishes and delivers until nothing is left, passing each failure's backoff at once; returns the passes it took. */
  async settle(maxPasses = 50): Promise<number> {
    for (let pass = 1; pass <= maxPasses; pass++) {
      await this.publish();
      const { handed, failed } = await this.deliverOnce();
      if (handed === 0) return pass;
      await this.passBackoff(failed);
    }
    throw new Error(`The pipeline did not settle in ${maxPasses} passes`);
  }

  /** How many deliveries wait hidden for their backoff. */
  async hiddenCount(): Promise<number> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
}

/** Received messages as the event source hands them to the deliverer. */
export function sqsEventOf(messages: readonly Message[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      md5OfBody: m.MD5OfBody ?? '',
      attributes: (m.Attributes ?? {}) as never,
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:webhooks',
      awsRegion: 'us-east-1',
    })),
  };
}

/** One request a receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the receiver answered 2xx. */
  accepted: boolean;
}

/** A webhook receiver on loopback: records what it gets, answers 200 unless `fails()` says otherwise. */
export async function startReceiver(fails: (request: number) => boolean = () => false): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
  server: Server;
}> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const failing = fails(received.length);
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), accepted: !failing });
      response.writeHead(failing ? 503 : 200, { 'content-type': 'text/plain' });
      response.end(failing ? 'unavailable' : 'ok');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    server,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Verifies a received request with the `standardwebhooks` package and a secret; returns its envelope. */
export function verified(secret: string, request: Received): { type: string; timestamp: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  }) as { type: string; timestamp: string; data: Record<string, unknown> };
}

/** Makes received messages visible again (a hidden delivery whose backoff is taken as passed). */
export async function release(sqs: SQSClient, url: string, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await sqs.send(
    new ChangeMessageVisibilityBatchCommand({
      QueueUrl: url,
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
    }),
  );
}
