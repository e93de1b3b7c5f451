import { Stack, Validations } from 'aws-cdk-lib';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Where SES sends from, and where its bounces and complaints go. */
export interface MailProps {
  /** A domain to verify as the sending identity (DKIM records to add in DNS), or… */
  domain?: string;
  /** …the ARN of an identity verified elsewhere. */
  identityArn?: string;
  /** The `mail-events` queue: SNS delivers bounce and complaint events there. */
  events: IQueue;
}

/**
 * SES for the commercial partition: the sending identity, and a configuration set whose bounce and complaint events
 * travel SNS → SQS → `mail-events`, which suppresses the addresses.
 */
export class Mail extends Construct {
  readonly configurationSetName: string;
  readonly identityArn?: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const configurationSet = new ConfigurationSet(this, 'notices');
    // SES cannot publish to a topic encrypted with the AWS managed SNS key; the events carry addresses, not content.
    const topic = new Topic(this, 'events', { enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'SES publishes bounce and complaint events here; the AWS managed SNS key does not admit SES.',
    });
    configurationSet.addEventDestination('bounces-and-complaints', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    topic.addSubscription(new SqsSubscription(props.events));
    this.configurationSetName = configurationSet.configurationSetName;
    if (props.domain) {
      const identity = new EmailIdentity(this, 'identity', { identity: Identity.domain(props.domain), configurationSet });
      this.identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName });
    } else {
      this.identityArn = props.identityArn;
    }
  }
}
