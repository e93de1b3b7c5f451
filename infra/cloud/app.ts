import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ShifanStack } from './stack.ts';

/**
 * The CDK app: `npx cdk deploy -c stage=prod -c jwtIssuer=… -c jwtAudience=… -c mailFrom=… -c mailIdentityArn=…` (and
 * `-c agency=hubei-ethnic-affairs` to tag a deployment run for one agency);
 * China: `npx cdk synth -c partition=aws-cn -c region=cn-north-1 -c jwtIssuer=… -c jwtAudience=… -c smtpUrl=…`.
 */
const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name) ?? undefined;
const stage = context('stage') ?? 'dev';

new ShifanStack(app, `shifan-${stage}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context('region') ?? process.env.CDK_DEFAULT_REGION },
  jwtIssuer: context('jwtIssuer'),
  jwtAudience: context('jwtAudience'),
  authDomainPrefix: context('authDomainPrefix'),
  mailFrom: context('mailFrom') ?? 'no-reply@shifan.example.cn',
  mailIdentityArn: context('mailIdentityArn'),
  mailDomain: context('mailDomain'),
  corsOrigins: (context('corsOrigins') ?? '*').split(','),
  partition: context('partition') === 'aws-cn' ? 'aws-cn' : 'aws',
  smtpUrl: context('smtpUrl'),
  smtpSecretArn: context('smtpSecretArn'),
  agency: context('agency'),
});
// Every finding must be fixed or acknowledged in code with its reason; synth fails otherwise.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
