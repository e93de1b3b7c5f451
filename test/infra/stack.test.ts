import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ShifanStack } from '../../infra/cloud/stack.ts';
import {
  defaultRouteFn,
  functions,
  queues,
  routes,
  routeKey,
  schedules,
  type FunctionDef,
  type FunctionName,
} from '../../shared/topology.ts';
import { localRoutes } from '../../infra/local/http-host.ts';
import { machineScopes, resourceServer } from '../../shared/domain/clients.ts';
import { eventSourcePrefixes } from '../../shared/domain/webhooks.ts';
import { mainTable } from '../../shared/data/tables.ts';

function synth(context: Record<string, unknown> = {}): Template {
  // Bundling is skipped: these tests read the template, not the code assets.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new ShifanStack(app, 'test', {
    stage: (context.stage as string) ?? 'dev',
    mailFrom: 'no-reply@example.cn',
    corsOrigins: ['*'],
    mailIdentityArn: 'arn:aws:ses:us-east-1:111111111111:identity/example.cn',
  });
  return Template.fromStack(stack);
}

const template = synth();

/** The functions that read the main table's stream (the webhook publisher). */
const streamConsumers = (Object.entries(functions) as [FunctionName, FunctionDef][]).filter(([, def]) => def.stream);

describe('Stack: ShifanStack', () => {
  it('exposes exactly the topology routes (the same set the local host serves) and $default', () => {
    const inTemplate = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    const inTopology = routes.map(routeKey);
    const inLocalHost = localRoutes.map(({ route }) => routeKey(route));
    expect(new Set(inTemplate)).toEqual(new Set([...inTopology, '$default']));
    expect(new Set(inLocalHost)).toEqual(new Set(inTopology));
    expect(inTemplate).toHaveLength(inTopology.length + 1);
  });

  it('sends any unknown route ($default), without a token, to the function that answers it with a 404 problem', () => {
    const all = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const fallback = all.find((r) => r.Properties.RouteKey === '$default')!;
    const platformRoute = all.find((r) => r.Properties.RouteKey === routeKey(routes.find((x) => x.fn === defaultRouteFn)!))!;
    expect(fallback.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(fallback.Properties.Target).toEqual(platformRoute.Properties.Target);
  });

  it('guards every non-public route with the JWT authorizer and leaves public ones open', () => {
    for (const route of routes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey(route),
        AuthorizationType: route.auth === 'public' ? 'NONE' : 'JWT',
      });
    }
  });

  it('runs every function on Node.js 24, arm64, with the memory and timeout of the topology', () => {
    for (const def of Object.values(functions)) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: def.memoryMb,
        Timeout: def.timeoutSeconds,
        Description: def.description,
      });
    }
  });

  it('gives every function the shutdown extension layer, so that Lambda sends SIGTERM before a shutdown', () => {
    const layers = Object.keys(template.findResources('AWS::Lambda::LayerVersion'));
    expect(layers).toHaveLength(1);
    const descriptions = new Set<string>(Object.values(functions).map((d) => d.description));
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => descriptions.has(f.Properties.Description));
    expect(fns).toHaveLength(Object.keys(functions).length);
    for (const fn of fns) expect(fn.Properties.Layers).toEqual([{ Ref: layers[0] }]);
  });

  it('creates the tables from the shared definitions with their indexes and PITR', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'region' }),
        Match.objectLike({ IndexName: 'agenda' }),
        Match.objectLike({ IndexName: 'byOwner' }),
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('protects the tables from deletion in prod only', () => {
    const prod = synth({ stage: 'prod' });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
    prod.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('gives every queue a DLQ after maxReceiveCount and wires its consumer with partial batch failures', () => {
    for (const queue of queues) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: queue.maxReceiveCount },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: queue.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('schedules each job with its cron in Asia/Shanghai, naming the schedule to the function, with retries and a DLQ', () => {
    for (const schedule of schedules) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(${schedule.cron})`,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        Target: Match.objectLike({
          // The sweep's function runs the weekly digest or the daily sweep by the schedule named in its input.
          Input: JSON.stringify({ schedule: schedule.name }),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
          DeadLetterConfig: Match.anyValue(),
        }),
      });
    }
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(schedules.length);
  });

  it('lets only the notifier send email, and only from the configured identity', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const sesStatements = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((s) => JSON.stringify(s.Action).includes('ses:'));
    expect(sesStatements).toEqual([
      expect.objectContaining({ Action: 'ses:SendEmail', Resource: 'arn:aws:ses:us-east-1:111111111111:identity/example.cn' }),
    ]);
  });

  it('alarms when the daily sweep has not run for 26 hours', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Namespace: 'AWS/Lambda',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [Match.anyValue()],
    });
  });

  it("alarms through the alarms topic as soon as the sweep counts an agenda item failing for days, on the sweep's own metric", () => {
    const sweep = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'shifan-agenda-sweep',
    )![0];
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const failing = alarms.filter((a) => a.MetricName === 'AgendaItemsFailing');
    const missed = alarms.find((a) => a.MetricName === 'Invocations')!;
    expect(failing).toEqual([
      expect.objectContaining({
        Namespace: 'Shifan',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: sweep } }],
        Statistic: 'Maximum',
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'ignore',
        AlarmActions: missed.AlarmActions,
      }),
    ]);
    const [topic] = failing[0].AlarmActions as { Ref: string }[];
    expect(template.findResources('AWS::SNS::Topic')[topic!.Ref]).toBeDefined();
  });

  it('alarms on every dead-letter queue, on function errors and throttles, and on the API 5xx rate', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    // Each queue's DLQ, the schedules' DLQ, and each stream consumer's on-failure queue.
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(
      queues.length + 1 + streamConsumers.length,
    );
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(Object.keys(functions).length);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toHaveLength(Object.keys(functions).length);
    expect(alarms.some((a) => JSON.stringify(a.Metrics ?? '').includes('100 * errors / MAX([requests, 1])'))).toBe(true);
    expect(alarms.every((a) => a.AlarmActions?.length === 1)).toBe(true);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('routes SES bounces and complaints through SNS to the mail-events queue, and sends with that configuration set', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_TRANSPORT: 'ses', SES_CONFIGURATION_SET: Match.anyValue() }) },
    });
  });

  it('grants no wildcard action and no wildcard resource on data services', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /^(dynamodb|sqs|s3|ses):\*$/.test(a) || a === '*')).toEqual([]);
    const onData = statements.filter((s) => [s.Action].flat().some((a) => /^(dynamodb|sqs|s3|ses):/.test(a)));
    expect(onData.length).toBeGreaterThan(0);
    expect(onData.filter((s) => [s.Resource].flat().some((r) => r === '*'))).toEqual([]);
  });

  it('gives each function only the tables, queues, bucket and email its topology entry declares, and writes only where it says readwrite', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const tables = template.findResources('AWS::DynamoDB::GlobalTable');
    const tableOf = (logicalId: string) => (logicalId.includes('main') ? 'main' : 'usage');
    const queuesById = template.findResources('AWS::SQS::Queue');
    for (const [name, def] of Object.entries(functions)) {
      const policy = Object.entries(policies).find(([id]) => id.startsWith(`fn${name.replace(/-/g, '')}role`));
      expect(policy, name).toBeDefined();
      const statements = policy![1].Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
      const refs = (s: { Resource: unknown }) => JSON.stringify(s.Resource);
      for (const tableId of Object.keys(tables)) {
        const table = tableOf(tableId) as 'main' | 'usage';
        const granted = statements.filter((s) => refs(s).includes(tableId)).flatMap((s) => [s.Action].flat());
        const declared = (def.tables as Partial<Record<'main' | 'usage', string>>)[table];
        if (!declared) expect(granted, `${name} on ${table}`).toEqual([]);
        else
          expect(
            granted.some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)),
            `${name} writes ${table}`,
          ).toBe(declared === 'readwrite');
      }
      const sends = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage'));
      const declared = def as FunctionDef;
      const declaredQueues = declared.queues?.send ?? [];
      // Where it may send: its queues, the DLQs it gives messages up to, and its stream's on-failure queue.
      const bare = (id: string) => id.replace(/[0-9A-F]{8}$/, '');
      const mayReach = new Set([
        ...declaredQueues.map((q) => `messaging${q.replace(/-/g, '')}`),
        ...(declared.queues?.deadLetter ?? []).map((q) => `messaging${q.replace(/-/g, '')}dlq`),
        ...(declared.stream ? [`jobs${name.replace(/-/g, '')}streamdlq`] : []),
      ]);
      const reached = Object.keys(queuesById).filter((id) => sends.some((s) => refs(s).includes(`"${id}"`)));
      expect(new Set(reached.map(bare)), name).toEqual(mayReach);
      const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
      expect(s3.length > 0, `${name} s3`).toBe(Boolean((def as { bucket?: string }).bucket));
      for (const s of s3) expect(refs(s)).toContain('/evidence/*');
      const ses = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
      expect(ses.length > 0, `${name} ses`).toBe(Boolean((def as { sendsEmail?: boolean }).sendsEmail));
    }
  });

  it("admits a browser's evidence PUT with its signed x-amz-checksum-sha256 header through the bucket's CORS", () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: Match.arrayWith(['PUT']),
            AllowedHeaders: Match.arrayWith(['content-type', 'x-amz-checksum-sha256']),
          }),
        ],
      },
    });
  });

  it('tags every resource for cost allocation: project, stage, and the agency when one is given', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new ShifanStack(app, 'tagged', {
      stage: 'prod',
      mailFrom: 'no-reply@example.cn',
      corsOrigins: ['https://shifan.example.cn'],
      agency: 'hubei-ethnic-affairs',
      mailIdentityArn: 'arn:aws:ses:us-east-1:111111111111:identity/example.cn',
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: 'agency', Value: 'hubei-ethnic-affairs' },
        { Key: 'project', Value: 'shifan' },
        { Key: 'stage', Value: 'prod' },
      ]),
    });
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://shifan.example.cn'] })] },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('"Key":"agency"');
  });
});

describe('Stack: ShifanStack webhooks', () => {
  const idOf = (type: string, match: (props: Record<string, any>) => boolean) =>
    Object.entries(template.findResources(type)).find(([, r]) => match(r.Properties ?? {}))![0];
  const fnOf = (name: FunctionName) =>
    idOf('AWS::Lambda::Function', (p) => p.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === `shifan-${name}`);
  const statementsOf = (name: string) =>
    Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith(`fn${name.replace(/-/g, '')}role`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[]);
  const mainTableId = () => idOf('AWS::DynamoDB::GlobalTable', (p) => Boolean(p.GlobalSecondaryIndexes));
  const keyId = () => idOf('AWS::KMS::Key', () => true);
  const queueId = (prefix: string) =>
    Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.replace(/[0-9A-F]{8}$/, '') === prefix)!;

  it('streams the main table with new and old images, as its shared definition says, and not the usage table', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).map((t) => t.Properties);
    expect(mainTable.stream).toBe('NEW_AND_OLD_IMAGES');
    expect(tables.map((t) => t.StreamSpecification?.StreamViewType ?? 'none').sort()).toEqual(['NEW_AND_OLD_IMAGES', 'none']);
    expect(template.findResources('AWS::DynamoDB::GlobalTable')[mainTableId()]!.Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('feeds each stream consumer only the changes of the items events come from, halving a failed batch, then its own DLQ', () => {
    expect(streamConsumers.map(([name]) => name)).toEqual(['webhook-publisher']);
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
      .map((m) => m.Properties)
      .filter((m) => JSON.stringify(m.EventSourceArn).includes('StreamArn'));
    expect(mappings).toHaveLength(streamConsumers.length);
    for (const [name, def] of streamConsumers) {
      const mapping = mappings.find((m) => m.FunctionName.Ref === fnOf(name))!;
      expect(mapping, name).toBeDefined();
      const dlq = queueId(`jobs${name.replace(/-/g, '')}streamdlq`);
      expect(mapping).toEqual(
        expect.objectContaining({
          EventSourceArn: { 'Fn::GetAtt': [mainTableId(), 'StreamArn'] },
          BatchSize: def.stream!.batchSize,
          StartingPosition: 'TRIM_HORIZON',
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 10,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
        }),
      );
      // A failed batch fails whole (the publisher reports no item failures): bisecting finds the record.
      expect(mapping.FunctionResponseTypes).toBeUndefined();
      // One filter, a prefix list on the partition key, the same prefixes the local stream poller applies.
      expect(mapping.FilterCriteria.Filters).toHaveLength(1);
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({
        dynamodb: { Keys: { pk: { S: eventSourcePrefixes.map((prefix) => ({ prefix })) } } },
      });
      // The publisher's own writes (deliveries, subscriptions, fan-out items) never come back to it.
      for (const own of ['HOOK#1', 'HOOKS#a', 'WEBHOOKEVENT#naming.expiring'])
        expect(
          eventSourcePrefixes.filter((p) => own.startsWith(p)),
          own,
        ).toEqual([]);
      expect(template.findResources('AWS::SQS::Queue')[dlq]!.Properties).toEqual(
        expect.objectContaining({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 }),
      );
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlq }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
      // Reading the stream is granted on the stream itself.
      const streamActions = statementsOf(name)
        .filter((s) => JSON.stringify(s.Resource).includes('StreamArn'))
        .flatMap((s) => [s.Action].flat());
      expect(streamActions).toEqual(
        expect.arrayContaining(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
      );
    }
  });

  it('seals signing secrets with a key of its own, rotated, retained in prod like the tables', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Delete' });
    synth({ stage: 'prod' }).hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets only the webhooks function encrypt and only the deliverer decrypt, with a subscription as context; no other function touches the key', () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const def: FunctionDef = functions[name];
      const kms = statementsOf(name).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
      const expected = def.signingSecrets ? [def.signingSecrets === 'seal' ? 'kms:Encrypt' : 'kms:Decrypt'] : [];
      expect(
        kms.flatMap((s) => [s.Action].flat()),
        name,
      ).toEqual(expected);
      for (const s of kms) {
        expect(s.Resource, name).toEqual({ 'Fn::GetAtt': [keyId(), 'Arn'] });
        expect(s.Condition, name).toEqual({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'subscription' } });
      }
      // Only what seals or opens learns which key: the sealer uses KMS when WEBHOOK_KEY_ID is set.
      const variables = template.findResources('AWS::Lambda::Function')[fnOf(name)]!.Properties.Environment.Variables;
      expect(variables.WEBHOOK_KEY_ID, name).toEqual(def.signingSecrets ? { Ref: keyId() } : undefined);
    }
    expect(functions.webhooks.signingSecrets).toBe('seal');
    expect(functions['webhook-deliverer'].signingSecrets).toBe('open');
    expect(statementsOf('webhook-publisher').filter((s) => JSON.stringify(s).includes(keyId()))).toEqual([]);
  });

  it('lets the deliverer give a delivery up to the webhooks DLQ, and no other function send there', () => {
    const dlq = queueId('messagingwebhooksdlq');
    for (const name of Object.keys(functions) as FunctionName[]) {
      const sendsToDlq = statementsOf(name).some(
        (s) => [s.Action].flat().includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(`"${dlq}"`),
      );
      expect(sendsToDlq, name).toBe(name === 'webhook-deliverer');
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: functions['webhook-deliverer'].description,
      Environment: { Variables: Match.objectLike({ QUEUE_WEBHOOKS_DLQ_URL: { Ref: dlq } }) },
    });
  });

  it('alarms when a stream consumer falls 5 minutes behind or gives records up, and when deliveries reach the webhooks DLQ', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    for (const [name] of streamConsumers) {
      expect(alarms.filter((a) => a.MetricName === 'IteratorAge')).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnOf(name) } }],
          Statistic: 'Maximum',
          Period: 300,
          Threshold: 300_000,
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: [expect.anything()],
        }),
      ]);
      const streamDlq = queueId(`jobs${name.replace(/-/g, '')}streamdlq`);
      expect(
        alarms.filter(
          (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(`"${streamDlq}"`),
        ),
      ).toHaveLength(1);
    }
    const webhooksDlq = queueId('messagingwebhooksdlq');
    expect(
      alarms.filter(
        (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(`"${webhooksDlq}"`),
      ),
    ).toEqual([expect.objectContaining({ Threshold: 1, AlarmActions: [expect.anything()] })]);
    const dashboard = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    expect(dashboard).toContain('IteratorAge');
    for (const [name] of streamConsumers) {
      expect(dashboard).toContain(`"${fnOf(name)}"`);
      expect(dashboard).toContain(`"${queueId(`jobs${name.replace(/-/g, '')}streamdlq`)}"`);
    }
  });
});

describe('Stack: ShifanStack machine clients', () => {
  const logicalIdOf = (type: string, match: (props: Record<string, any>) => boolean) =>
    Object.entries(template.findResources(type)).find(([, r]) => match(r.Properties ?? {}))![0];
  const pool = () => logicalIdOf('AWS::Cognito::UserPool', () => true);
  const fnOf = (description: string) => logicalIdOf('AWS::Lambda::Function', (p) => p.Description === description);
  const statementsOf = (name: string) =>
    Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith(`fn${name.replace(/-/g, '')}role`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);

  it('gives the user pool a resource server whose scope machine clients are granted, and a domain for its token endpoint', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: resourceServer.identifier,
      UserPoolId: { Ref: pool() },
      Scopes: [{ ScopeName: resourceServer.scope, ScopeDescription: resourceServer.scopeDescription }],
    });
    expect(machineScopes).toEqual([`${resourceServer.identifier}/${resourceServer.scope}`]);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { UserPoolId: { Ref: pool() }, Domain: Match.anyValue() });
  });

  it('wires token-claims as the V3_0 pre token generation trigger (the version Cognito calls for client credentials), on the Essentials plan', () => {
    const trigger = fnOf(functions['token-claims'].description);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [trigger, 'Arn'] }, LambdaVersion: 'V3_0' } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [trigger, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [pool(), 'Arn'] },
    });
  });

  it("has the JWT authorizer trust the pool's issuer with the people's app client as its audience, machine clients being added as they register", () => {
    const people = logicalIdOf('AWS::Cognito::UserPoolClient', () => true);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: people }],
        Issuer: { 'Fn::Join': ['', Match.arrayWith([{ Ref: pool() }])] },
      },
    });
    const authorizer = logicalIdOf('AWS::ApiGatewayV2::Authorizer', () => true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: functions.clients.description,
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: { Ref: pool() },
          PEOPLE_CLIENT_ID: { Ref: people },
          AUTHORIZER_ID: { Ref: authorizer },
        }),
      },
    });
  });

  it('lets only the clients function create app clients, in this pool only, and rewrite only this authorizer', () => {
    for (const name of Object.keys(functions)) {
      const actions = statementsOf(name).flatMap((s) => [s.Action].flat());
      const registers = Boolean((functions as Record<string, { registersClients?: boolean }>)[name]!.registersClients);
      expect(
        actions.some((a) => a.startsWith('cognito-idp:') || a.startsWith('apigateway:')),
        name,
      ).toBe(registers);
    }
    const admin = statementsOf('clients');
    expect(admin.filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')))).toEqual([
      expect.objectContaining({ Action: 'cognito-idp:CreateUserPoolClient', Resource: { 'Fn::GetAtt': [pool(), 'Arn'] } }),
    ]);
    const patch = admin.filter((s) => [s.Action].flat().some((a) => a.startsWith('apigateway:')));
    expect(patch).toHaveLength(1);
    expect(patch[0]!.Action).toBe('apigateway:PATCH');
    const resource = JSON.stringify(patch[0]!.Resource);
    expect(resource).toContain('/authorizers/');
    expect(resource).toContain(logicalIdOf('AWS::ApiGatewayV2::Authorizer', () => true));
    expect(resource).not.toContain('*');
  });

  it('lets the trigger read the main table, never write it', () => {
    const actions = statementsOf('token-claims')
      .filter((s) => JSON.stringify(s.Resource).includes('main'))
      .flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});

describe('Stack: ShifanStack in the China partition', () => {
  const china = () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    return new ShifanStack(app, 'china', {
      stage: 'prod',
      partition: 'aws-cn',
      env: { region: 'cn-north-1' },
      jwtIssuer: 'https://idp.example.cn',
      jwtAudience: 'shifan',
      smtpUrl: 'smtp://relay.example.cn:25',
      mailFrom: 'no-reply@example.cn',
      corsOrigins: ['*'],
    });
  };

  it('uses no Cognito and no SES: an external issuer, and SMTP for mail', () => {
    const template = Template.fromStack(china());
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://idp.example.cn', Audience: ['shifan'] },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: unknown }[],
    );
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('ses:'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://relay.example.cn:25' }) },
    });
    // Machine clients are the external issuer's: the clients function knows the issuer and may touch no pool or authorizer.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: functions.clients.description,
      Environment: { Variables: Match.objectLike({ JWT_ISSUER: 'https://idp.example.cn', USER_POOL_ID: Match.absent() }) },
    });
    expect(statements.filter((s) => /cognito-idp:|apigateway:/.test(JSON.stringify(s.Action)))).toEqual([]);
  });

  it('reads the SMTP credentials from a secret when one is given: only the notifier may read it, and no URL is in the environment', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:shifan-smtp-AbCdEf';
    const template = Template.fromStack(
      new ShifanStack(app, 'china-secret', {
        stage: 'prod',
        partition: 'aws-cn',
        env: { region: 'cn-north-1' },
        jwtIssuer: 'https://idp.example.cn',
        jwtAudience: 'shifan',
        smtpSecretArn: arn,
        mailFrom: 'no-reply@example.cn',
        corsOrigins: ['*'],
      }),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_TRANSPORT: 'smtp', SMTP_SECRET_ARN: arn }) },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('SMTP_URL');
    const readers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers.map(([id]) => id.startsWith('fnnotifierrole'))).toEqual([true]);
    expect(JSON.stringify(readers[0]![1].Properties.PolicyDocument)).toContain(arn);
  });

  it('refuses to synthesize without an issuer or an SMTP relay', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new ShifanStack(app, 'bad', { stage: 'dev', partition: 'aws-cn', mailFrom: 'a@b.cn', corsOrigins: ['*'] })).toThrow(
      /jwtIssuer/,
    );
  });
});
