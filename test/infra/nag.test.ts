import { describe, expect, it } from 'vitest';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ShifanStack } from '../../infra/cloud/stack.ts';

function synthWithNag(stage: string): void {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  new ShifanStack(app, `nag-${stage}`, {
    stage,
    mailFrom: 'no-reply@example.cn',
    corsOrigins: ['*'],
    mailIdentityArn: 'arn:aws:ses:us-east-1:111111111111:identity/example.cn',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}

describe('Stack: cdk-nag AwsSolutions', () => {
  it.each(['dev', 'prod'])(
    'has no unacknowledged finding in %s',
    (stage) => {
      // A new finding makes synth throw "Validation failed" with the rule and the construct.
      expect(() => synthWithNag(stage)).not.toThrow();
    },
    120_000,
  );
});
