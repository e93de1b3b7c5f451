import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventSourcePrefixes } from '../../../shared/domain/webhooks.ts';
import { functions as functionDefs, queues, schedules, type FunctionDef, type FunctionName } from '../../../shared/topology.ts';
import type { DataResources } from './data.ts';
import type { MessagingResources } from './messaging.ts';

/** A function that consumes a table's stream, and where the records it failed on land. */
export interface StreamConsumer {
  fn: FunctionName;
  dlq: Queue;
}

/** Schedules (EventBridge Scheduler, in their time zone), queue consumers and stream consumers, from the topology. */
export class Jobs extends Construct {
  /** Where a scheduled invocation lands when its retries fail. */
  readonly scheduleDlq: Queue;
  /** The functions that read a table's stream (topology: `stream`), each with its on-failure queue. */
  readonly streamConsumers: StreamConsumer[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { functions: Record<FunctionName, IFunction>; messaging: MessagingResources; data: DataResources },
  ) {
    super(scope, id);
    const failedInvocations = new Queue(this, 'schedule-dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.scheduleDlq = failedInvocations;
    Validations.of(failedInvocations).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the schedules themselves.',
    });
    for (const schedule of schedules) {
      const target = props.functions[schedule.fn];
      const logicalId = Stack.of(this).getLogicalId(target.node.defaultChild as CfnElement);
      // The scheduler's target role is a stack-level singleton, so the acknowledgement sits on the stack.
      Validations.of(Stack.of(this)).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: "The scheduler's role may invoke any version of the one function its schedule targets.",
      });
      new Schedule(this, schedule.name, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(`cron(${schedule.cron})`, TimeZone.of(schedule.timeZone)),
        target: new LambdaInvoke(props.functions[schedule.fn], {
          input: ScheduleTargetInput.fromObject({ schedule: schedule.name }),
          deadLetterQueue: failedInvocations,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      });
    }
    for (const queue of queues) {
      props.functions[queue.consumer].addEventSource(
        new SqsEventSource(props.messaging.queues[queue.name].queue, {
          batchSize: queue.batchSize,
          reportBatchItemFailures: true,
        }),
      );
    }
    for (const [name, def] of Object.entries(functionDefs) as [FunctionName, FunctionDef][]) {
      if (def.stream) this.streamConsumer(name, def.stream, props);
    }
  }

  /**
   * A stream consumer: from the oldest record the stream keeps, only the changes of items whose `pk` starts with one of
   * `eventSourcePrefixes` (one filter, as the local stream poller applies), a failed batch halved and retried, and
   * what still fails described in a DLQ of its own (the records stay in the stream for 24 hours).
   */
  private streamConsumer(
    name: FunctionName,
    stream: NonNullable<FunctionDef['stream']>,
    props: { functions: Record<FunctionName, IFunction>; data: DataResources },
  ): void {
    const dlq = new Queue(this, `${name}-stream-dlq`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is the on-failure destination of ${name}'s stream event source.`,
    });
    props.functions[name].addEventSource(
      new DynamoEventSource(props.data.tables[stream.table], {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: stream.batchSize,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: false,
        onFailure: new SqsDlq(dlq),
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { pk: { S: eventSourcePrefixes.flatMap((prefix) => FilterRule.beginsWith(prefix)) } } },
          }),
        ],
      }),
    );
    this.streamConsumers.push({ fn: name, dlq });
  }
}
