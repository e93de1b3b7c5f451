import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queues, schedules, type FunctionName } from '../../../shared/topology.ts';
import type { MessagingResources } from './messaging.ts';

/** Schedules (EventBridge Scheduler, in their time zone) and queue consumers, from the topology. */
export class Jobs extends Construct {
  /** Where a scheduled invocation lands when its retries fail. */
  readonly scheduleDlq: Queue;

  constructor(scope: Construct, id: string, props: { functions: Record<FunctionName, IFunction>; messaging: MessagingResources }) {
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
  }
}
