import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { queues, type QueueDef } from '../../shared/topology.ts';
import { invoke } from './invoke.ts';

/** A running set of pollers. */
export interface Pollers {
  stop(): Promise<void>;
}

/**
 * Polls one queue as Lambda's SQS event source does: receive up to batchSize, invoke the consumer, delete what
 * succeeded. Items named in `batchItemFailures`, or the whole batch when the handler throws, stay on the queue and
 * come back after the visibility timeout; the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 */
async function poll(sqs: SQSClient, queue: QueueDef, url: string, signal: AbortSignal, onError: (error: unknown) => void): Promise<void> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn ?? url;
  while (!signal.aborted) {
    try {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: queue.batchSize,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      if (Messages.length === 0) continue;
      const event: SQSEvent = {
        Records: Messages.map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body ?? '',
          attributes: m.Attributes as never,
          md5OfBody: m.MD5OfBody ?? '',
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
              k,
              {
                stringValue: v.StringValue,
                dataType: v.DataType ?? 'String',
                stringListValues: [],
                binaryListValues: [],
              },
            ]),
          ),
          eventSource: 'aws:sqs',
          eventSourceARN: arn,
          awsRegion: 'us-east-1',
        })),
      };
      let failed: Set<string>;
      try {
        const result = (await invoke(queue.consumer, event)) as SQSBatchResponse | undefined;
        failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        onError(error);
        failed = new Set(Messages.map((m) => m.MessageId!));
      }
      const done = Messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    } catch (error) {
      if (signal.aborted) return;
      onError(error);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Starts `concurrency` pollers per queue of the topology that `urls` names (by queue name): Lambda's SQS event source
 * reads a queue with five at first, each batch its own invocation, so consumers see batches side by side.
 */
export function startPollers(
  sqs: SQSClient,
  urls: Partial<Record<string, string>>,
  onError: (error: unknown) => void = console.error,
  concurrency = 5,
): Pollers {
  const controller = new AbortController();
  const running = queues
    .filter((queue) => urls[queue.name])
    .flatMap((queue) => Array.from({ length: concurrency }, () => poll(sqs, queue, urls[queue.name]!, controller.signal, onError)));
  return {
    async stop() {
      controller.abort();
      await Promise.allSettled(running);
    },
  };
}
