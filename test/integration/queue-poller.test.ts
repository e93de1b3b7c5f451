import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startPollers, type Pollers } from '../../infra/local/queue-poller.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { waitForEmails } from '../support/ses.ts';

/*
 * The local poller against fauxqs, consuming with the real notifier. Each test gets its own queue pair with a 1-second
 * visibility timeout and maxReceiveCount 2, so a failing message reaches the DLQ in about two seconds.
 */

const maxReceiveCount = 2;
const sqs = new SQSClient({
  region: 'us-east-1',
  endpoint: inject('endpoints').sqs,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const created: string[] = [];
let pollers: Pollers | undefined;

async function queuePair(): Promise<{ main: string; dlq: string }> {
  const name = `poller-test-${randomUUID().slice(0, 8)}`;
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
  const main = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount }),
        },
      }),
    )
  ).QueueUrl!;
  created.push(main, dlq);
  return { main, dlq };
}

async function depth(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Function: startPollers', () => {
  const errors: unknown[] = [];

  beforeEach(() => {
    errors.length = 0;
  });

  afterEach(async () => {
    await pollers?.stop();
    pollers = undefined;
  });

  afterAll(async () => {
    await Promise.allSettled(created.map((url) => sqs.send(new DeleteQueueCommand({ QueueUrl: url }))));
    sqs.destroy();
  });

  it('moves a message its consumer keeps failing to the DLQ after maxReceiveCount receives', async () => {
    // Prepare
    const { main, dlq } = await queuePair();
    const body = '{"id": "not a notice';
    await sqs.send(new SendMessageCommand({ QueueUrl: main, MessageBody: body }));

    // Act
    pollers = startPollers(sqs, { notices: main }, (error) => errors.push(error));
    await waitUntil(async () => (await depth(dlq)) === 1, 15_000);
    await pollers.stop();

    // Assess
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((m) => m.Body)).toEqual([body]);
    expect(Number(Messages[0]!.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(maxReceiveCount);
    expect(await depth(main)).toBe(0);
    // The consumer reports the failed record in batchItemFailures rather than throwing: the poller saw no error.
    expect(errors).toEqual([]);
  });

  it('deletes a message its consumer handled, so it is neither redelivered nor dead-lettered', async () => {
    // Prepare
    const { main, dlq } = await queuePair();
    const tag = randomUUID().slice(0, 8);
    const notice: NoticeMessage = {
      id: `poller-${tag}#recheck#30d`,
      to: ['wangfang@example.cn'],
      subject: `复查提醒 ${tag}`,
      text: '请于30日内提交复查材料。',
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: main, MessageBody: JSON.stringify(notice) }));

    // Act
    pollers = startPollers(sqs, { notices: main }, (error) => errors.push(error));
    const emails = await waitForEmails((all) => all.some((e) => e.subject === notice.subject));
    await waitUntil(async () => (await depth(main)) === 0, 5_000);
    // Longer than the visibility timeout: an undeleted message would come back and be sent again.
    await new Promise((r) => setTimeout(r, 1500));
    await pollers.stop();

    // Assess
    expect(emails.filter((e) => e.subject === notice.subject)).toHaveLength(1);
    expect(await depth(main)).toBe(0);
    expect(await depth(dlq)).toBe(0);
    expect(errors).toEqual([]);
  });
});
