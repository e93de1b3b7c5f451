import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queues, type QueueName } from '../../../shared/topology.ts';

/** A queue and its dead-letter queue. */
export interface QueuePair {
  queue: Queue;
  dlq: Queue;
}

/** The queues functions are granted. */
export interface MessagingResources {
  queues: Record<QueueName, QueuePair>;
}

/** Every queue of the topology, each with a DLQ after maxReceiveCount, SSE and SSL enforced. */
export class Messaging extends Construct implements MessagingResources {
  readonly queues: Record<QueueName, QueuePair>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pairs: Partial<Record<QueueName, QueuePair>> = {};
    for (const def of queues) {
      const dlq = new Queue(this, `${def.name}-dlq`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, def.name, {
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
      });
      pairs[def.name] = { queue, dlq };
    }
    this.queues = pairs as Record<QueueName, QueuePair>;
  }
}
