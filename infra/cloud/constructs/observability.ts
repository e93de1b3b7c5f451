import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { agendaFailingMetric, listedAfterDays } from '../../../shared/data/agenda-failures.ts';
import { queues, schedules, type FunctionName } from '../../../shared/topology.ts';
import type { StreamConsumer } from './jobs.ts';
import type { MessagingResources } from './messaging.ts';

/** What the alarms watch. */
export interface ObservabilityProps {
  functions: Record<FunctionName, IFunction>;
  api: HttpApi;
  messaging: MessagingResources;
  scheduleDlq: IQueue;
  /** The functions that read a table's stream, and their on-failure queues. */
  streamConsumers: readonly StreamConsumer[];
}

/**
 * Alarms to one SNS topic — API 5xx rate, function errors and throttles, DLQ depth, message age, a stream consumer
 * falling behind or giving records up, a daily job that did not run in 26 hours, and agenda items whose step has
 * failed for days — and a dashboard of the same.
 */
export class Observability extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new Topic(this, 'alarms', { enforceSSL: true, masterKey: Alias.fromAliasName(this, 'sns-key', 'alias/aws/sns') });
    const action = new SnsAction(this.topic);
    const alarm = (
      name: string,
      metric: IMetric,
      threshold: number,
      options: { periods?: number; comparison?: ComparisonOperator; missing?: TreatMissingData; description: string },
    ) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: options.periods ?? 1,
        datapointsToAlarm: options.periods ?? 1,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
        alarmDescription: options.description,
      });
      created.addAlarmAction(action);
      return created;
    };

    const fiveMinutes = Duration.minutes(5);
    const serverErrorRate = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: props.api.metricServerError({ period: fiveMinutes }),
        requests: props.api.metricCount({ period: fiveMinutes }),
      },
      label: 'API 5xx %',
      period: fiveMinutes,
    });
    alarm('api-5xx-rate', serverErrorRate, 1, { description: 'More than 1% of API requests failed with 5xx in 5 minutes' });

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}-errors`, fn.metricErrors({ period: fiveMinutes }), 1, { description: `Function ${name} failed` });
      alarm(`${name}-throttles`, fn.metricThrottles({ period: fiveMinutes }), 1, { description: `Function ${name} was throttled` });
    }
    for (const def of queues) {
      const { queue, dlq } = props.messaging.queues[def.name];
      alarm(`${def.name}-dlq-depth`, dlq.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }), 1, {
        description: `Messages of ${def.name} reached its dead-letter queue`,
      });
      alarm(`${def.name}-oldest-age`, queue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }), 900, {
        description: `The oldest message of ${def.name} has waited over 15 minutes`,
      });
    }
    alarm(
      'schedule-dlq-depth',
      props.scheduleDlq.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
      {
        description: 'A scheduled invocation failed after its retries',
      },
    );
    // A stream consumer more than 5 minutes behind the table's changes, or records given up (its on-failure queue).
    const iteratorAges = props.streamConsumers.map(({ fn }) =>
      props.functions[fn].metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' }),
    );
    props.streamConsumers.forEach(({ fn, dlq }, i) => {
      alarm(`${fn}-iterator-age`, iteratorAges[i]!, 300_000, {
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
        description: `${fn} is more than 5 minutes behind its table's stream`,
      });
      alarm(`${fn}-stream-dlq-depth`, dlq.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }), 1, {
        description: `${fn} gave up stream records after its retries: their positions are in its stream DLQ`,
      });
    });
    for (const schedule of schedules) {
      // 26 hourly periods without a single invocation (missing data counts): the daily job did not run.
      alarm(`${schedule.name}-missed`, props.functions[schedule.fn].metricInvocations({ period: Duration.hours(1), statistic: 'Sum' }), 1, {
        periods: 26,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        missing: TreatMissingData.BREACHING,
        description: `${schedule.name} did not run in 26 hours`,
      });
    }
    // The sweep writes the count once a run (0 included): the alarm keeps the state of the latest run between runs.
    const failing = new Metric({
      namespace: agendaFailingMetric.namespace,
      metricName: agendaFailingMetric.name,
      dimensionsMap: { [agendaFailingMetric.dimension]: props.functions['agenda-sweep'].functionName },
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
    alarm('agenda-failures', failing, 0, {
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      missing: TreatMissingData.IGNORE,
      description: `A scheduled step has failed on ${listedAfterDays} days or more: GET /v1/admin/agenda/failures lists it with its error`,
    });

    const fns = Object.values(props.functions);
    new Dashboard(this, 'dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and 5xx %',
            left: [props.api.metricCount({ period: fiveMinutes })],
            right: [serverErrorRate],
          }),
          new GraphWidget({ title: 'Function errors', left: fns.map((f) => f.metricErrors({ period: fiveMinutes })) }),
          new GraphWidget({ title: 'Function throttles', left: fns.map((f) => f.metricThrottles({ period: fiveMinutes })) }),
        ],
        [
          new GraphWidget({
            title: 'Dead-letter queues',
            left: [
              ...queues.map((q) => props.messaging.queues[q.name].dlq.metricApproximateNumberOfMessagesVisible()),
              props.scheduleDlq.metricApproximateNumberOfMessagesVisible(),
              ...props.streamConsumers.map(({ dlq }) => dlq.metricApproximateNumberOfMessagesVisible()),
            ],
          }),
          new GraphWidget({
            title: 'Daily jobs (invocations per hour)',
            left: schedules.map((s) => props.functions[s.fn].metricInvocations({ period: Duration.hours(1) })),
          }),
          new GraphWidget({ title: `Agenda items failing ${listedAfterDays} days or more`, left: [failing] }),
        ],
        [new GraphWidget({ title: 'Stream consumers: iterator age (ms, maximum)', left: iteratorAges })],
      ],
    });
  }
}
