import { basename, resolve } from 'node:path';
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { FunctionDef } from '../../../shared/topology.ts';
import type { DataResources } from './data.ts';
import type { MessagingResources } from './messaging.ts';
import { bundling, nodeOptions } from '../bundling.ts';

const root = resolve(import.meta.dirname, '../../..');

/** The esbuild command that bundles a module of the project on its own, beside the function's bundle, as the function is bundled. */
export function sideBundleCommand(inputDir: string, module: string, outputDir: string): string {
  const name = basename(module).replace(/\.ts$/, '.mjs');
  return [
    `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/${module}"`,
    '--bundle --platform=node --format=esm --log-level=warning',
    `--target=${bundling.target}`,
    ...(bundling.minify ? ['--minify'] : []),
    ...(bundling.sourceMap ? ['--sourcemap'] : []),
    `--sources-content=${bundling.sourcesContent}`,
    `--main-fields=${bundling.mainFields.join(',')}`,
    `"--banner:js=${bundling.banner}"`,
    `"--outfile=${outputDir}/${name}"`,
  ].join(' ');
}

/** Properties of a Shifan function: its topology entry and the resources it may be granted. */
export interface ShifanFunctionProps {
  name: string;
  def: FunctionDef;
  stage: string;
  data: DataResources;
  messaging: MessagingResources;
  environment: Record<string, string>;
  mailIdentityArn?: string;
  /** The secret holding the SMTP URL, read by the function that sends email. */
  smtpSecretArn?: string;
  /** Layers every function carries (the shutdown extension). */
  layers: ILayerVersion[];
}

/**
 * One Lambda function from the topology: Node.js 24 on arm64, bundled locally by esbuild (no Docker), with its own
 * log group, and grants derived from what the topology says it touches — nothing more.
 */
export class ShifanFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ShifanFunctionProps) {
    const { def, data, messaging } = props;
    const logGroup = new LogGroup(scope, `${id}-logs`, {
      retention: props.stage === 'prod' ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    });
    // A role of its own instead of the AWS managed basic execution role: logs only to its own log group.
    const role = new Role(scope, `${id}-role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Shifan ${props.name}`,
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      role,
      entry: resolve(root, def.entry),
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: resolve(root, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: def.memoryMb,
      timeout: Duration.seconds(def.timeoutSeconds),
      description: def.description,
      logGroup,
      layers: props.layers,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: `shifan-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Shifan',
        NODE_OPTIONS: nodeOptions,
        ...(def.signingSecrets ? { WEBHOOK_KEY_ID: data.webhookKey.keyId } : {}),
      },
      bundling: {
        ...bundling,
        format: OutputFormat.ESM,
        // The files the topology lists go beside index.mjs, where the function reads them at run time, and so do
        // the modules it bundles on their own (`<name>.mjs`), built with the same options.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            ...(def.files ?? []).map((file) => `cp "${inputDir}/${file}" "${outputDir}/"`),
            ...(def.bundles ?? []).map((module) => sideBundleCommand(inputDir, module, outputDir)),
          ],
        },
      },
    });
    for (const [table, access] of Object.entries(def.tables)) {
      const target = data.tables[table as keyof DataResources['tables']];
      if (access === 'readwrite') target.grantReadWriteData(this);
      else target.grantReadData(this);
      const logicalId = Stack.of(target).getLogicalId(target.node.defaultChild as CfnElement);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        reason:
          'The grant covers the indexes of a table this function declares in the topology; each query names its index (shared/data/tables.ts).',
      });
    }
    for (const queue of def.queues?.send ?? []) messaging.queues[queue].queue.grantSendMessages(this);
    // Managing a queue means reading and emptying its DLQ to replay it.
    for (const queue of def.queues?.manage ?? []) messaging.queues[queue].dlq.grantConsumeMessages(this);
    // A consumer that gives a message up (its retry window over) moves it to the DLQ itself.
    for (const queue of def.queues?.deadLetter ?? []) messaging.queues[queue].dlq.grantSendMessages(this);
    if (def.signingSecrets) {
      // Sealing needs Encrypt only, opening Decrypt only; either with the subscription as encryption context.
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [def.signingSecrets === 'seal' ? 'kms:Encrypt' : 'kms:Decrypt'],
          resources: [data.webhookKey.keyArn],
          conditions: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'subscription' } },
        }),
      );
    }
    if (def.bucket) {
      // Object actions only, on evidence keys only: presigned uploads and downloads, and the checksum read on confirm.
      const actions = def.bucket === 'readwrite' ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] : ['s3:GetObject'];
      this.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [data.evidence.arnForObjects('evidence/*')] }));
      const logicalId = Stack.of(data.evidence).getLogicalId(data.evidence.node.defaultChild as CfnElement);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/evidence/*]`,
        reason:
          'Evidence files are keyed evidence/<submission>/<file>; a function that handles evidence reaches every submission it is allowed to see.',
      });
    }
    if (def.sendsEmail && props.smtpSecretArn) {
      this.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [props.smtpSecretArn] }),
      );
    }
    if (def.sendsEmail && props.mailIdentityArn) {
      this.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:SendEmail'], resources: [props.mailIdentityArn] }));
    }
  }
}
