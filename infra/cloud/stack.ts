import { resolve } from 'node:path';
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { functions, queues, queueUrlVariable, type FunctionName } from '../../shared/topology.ts';
import { Data } from './constructs/data.ts';
import { Messaging } from './constructs/messaging.ts';
import { ShifanFunction } from './constructs/shifan-function.ts';
import { Api } from './constructs/api.ts';
import { Jobs } from './constructs/jobs.ts';
import { Observability } from './constructs/observability.ts';
import { Mail } from './constructs/mail.ts';

/** Stack settings, from CDK context. */
export interface ShifanStackProps extends StackProps {
  stage: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** The prefix of the user pool's domain (its token endpoint); default `shifan-<stage>-<account>`. */
  authDomainPrefix?: string;
  mailFrom: string;
  mailIdentityArn?: string;
  /** A domain to verify in SES as the sending identity (instead of `mailIdentityArn`). */
  mailDomain?: string;
  /**
   * `aws` (default) or `aws-cn`. AWS's China regions offer neither Cognito user pools nor SES: there the API needs an
   * external OIDC issuer and mail goes through SMTP (`smtpUrl`, a relay reachable from the functions).
   */
  partition?: 'aws' | 'aws-cn';
  smtpUrl?: string;
  /** A Secrets Manager secret holding the SMTP URL with its credentials (preferred: they stay out of the environment). */
  smtpSecretArn?: string;
  corsOrigins: string[];
  /** The agency that runs this deployment (a province's own stack), tagged for cost allocation. */
  agency?: string;
}

/** The whole backend: composes the constructs, every function, route, schedule and queue from the topology. */
export class ShifanStack extends Stack {
  constructor(scope: Construct, id: string, props: ShifanStackProps) {
    super(scope, id, props);
    const china = props.partition === 'aws-cn';
    if (china && !(props.jwtIssuer && props.jwtAudience))
      throw new Error('aws-cn has no Cognito user pools: give -c jwtIssuer=… -c jwtAudience=… of an OIDC issuer.');
    if (china && !props.smtpUrl && !props.smtpSecretArn)
      throw new Error(
        'aws-cn has no SES: give -c smtpSecretArn=… (a secret holding smtp://user:pass@relay:587) or -c smtpUrl=… for the SMTP transport.',
      );
    Tags.of(this).add('project', 'shifan');
    Tags.of(this).add('stage', props.stage);
    if (props.agency) Tags.of(this).add('agency', props.agency);
    const data = new Data(this, 'data', { stage: props.stage, corsOrigins: props.corsOrigins });
    const messaging = new Messaging(this, 'messaging');
    const mail = china
      ? undefined
      : new Mail(this, 'mail', {
          domain: props.mailDomain,
          identityArn: props.mailIdentityArn,
          events: messaging.queues['mail-events'].queue,
        });
    const environment = {
      STAGE: props.stage,
      TABLE_MAIN: data.tables.main.tableName,
      TABLE_USAGE: data.tables.usage.tableName,
      BUCKET_EVIDENCE: data.evidence.bucketName,
      ...Object.fromEntries(
        queues.flatMap((q) => [
          [queueUrlVariable(q.name), messaging.queues[q.name].queue.queueUrl],
          [queueUrlVariable(q.name, true), messaging.queues[q.name].dlq.queueUrl],
        ]),
      ),
      MAIL_FROM: props.mailFrom,
      ...(china
        ? { MAIL_TRANSPORT: 'smtp', ...(props.smtpSecretArn ? { SMTP_SECRET_ARN: props.smtpSecretArn } : { SMTP_URL: props.smtpUrl! }) }
        : { MAIL_TRANSPORT: 'ses', SES_CONFIGURATION_SET: mail!.configurationSetName }),
    };
    // An external extension is what makes Lambda send SIGTERM before a shutdown: the cost ledger's last rows are written then.
    const shutdown = new LayerVersion(this, 'shutdown-extension', {
      code: Code.fromAsset(resolve(import.meta.dirname, 'extension')),
      compatibleArchitectures: [Architecture.ARM_64],
      compatibleRuntimes: [Runtime.NODEJS_24_X],
      description: 'Registers for SHUTDOWN so that the runtime receives SIGTERM',
    });
    const fns = Object.fromEntries(
      Object.entries(functions).map(([name, def]) => [
        name,
        new ShifanFunction(this, `fn-${name}`, {
          name,
          def,
          stage: props.stage,
          data,
          messaging,
          environment,
          mailIdentityArn: mail?.identityArn,
          layers: [shutdown],
          smtpSecretArn: china ? props.smtpSecretArn : undefined,
        }),
      ]),
    ) as Record<FunctionName, ShifanFunction>;
    const api = new Api(this, 'api', {
      functions: fns,
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      corsOrigins: props.corsOrigins,
      authDomainPrefix: props.authDomainPrefix ?? `shifan-${props.stage}-${this.account}`,
    });
    const jobs = new Jobs(this, 'jobs', { functions: fns, messaging, data });
    new Observability(this, 'observability', {
      functions: fns,
      api: api.httpApi,
      messaging,
      scheduleDlq: jobs.scheduleDlq,
      streamConsumers: jobs.streamConsumers,
    });
  }
}
