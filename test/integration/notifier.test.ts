import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler } from '../../functions/notifier/handler.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext, sqsEvent } from '../support/events.ts';
import { sentEmails } from '../support/ses.ts';
import { mainStore } from '../../shared/clients.ts';

const context = lambdaContext('notifier');

/** A rendered notice with a fresh id and subject, so that this test finds only its own email. */
function notice(): NoticeMessage {
  const tag = randomUUID().slice(0, 8);
  return {
    id: `unit-${tag}#naming-expiry#90d`,
    to: ['liming@example.cn'],
    subject: `【民族团结进步示范单位】命名有效期将于90天后届满 ${tag}`,
    text: '武汉市江岸区百步亭社区：贵单位的“全国民族团结进步示范单位”命名将于2027-01-04届满，请及时申请复查。',
    html: '<p>武汉市江岸区百步亭社区：贵单位的命名将于<b>2027-01-04</b>届满。</p>',
  };
}

async function send(bodies: string[]): Promise<{ event: ReturnType<typeof sqsEvent>; result: SQSBatchResponse }> {
  const event = sqsEvent(bodies);
  return { event, result: (await handler(event, context)) as SQSBatchResponse };
}

describe('Function: notifier', () => {
  it('sends a notice delivered twice exactly once, with its Chinese text intact', async () => {
    // Prepare
    const message = notice();

    // Act
    const first = await send([JSON.stringify(message)]);
    const second = await send([JSON.stringify(message)]);

    // Assess
    expect(first.result.batchItemFailures).toEqual([]);
    expect(second.result.batchItemFailures).toEqual([]);
    const emails = (await sentEmails()).filter((e) => e.subject === message.subject);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual(['liming@example.cn']);
    expect(emails[0]!.body.text).toBe(message.text);
    expect(emails[0]!.body.html).toBe(message.html);
  });

  it('records the delivery, with the provider’s message id, under the notice id', async () => {
    const message = notice();

    await send([JSON.stringify(message)]);

    const store = mainStore();
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: { pk: `NOTICE#${message.id}`, sk: 'DELIVERY' } }));
    const [email] = (await sentEmails()).filter((e) => e.subject === message.subject);
    expect(Item).toMatchObject({ status: 'sent', providerMessageId: email!.messageId });
  });

  it('sends the same notice twice in one batch once: the copy waits for a retry, which sends nothing more', async () => {
    // Prepare
    const message = notice();

    // Act
    const batch = await send([JSON.stringify(message), JSON.stringify(message)]);
    const copies = batch.result.batchItemFailures.map(() => JSON.stringify(message));
    const retry = copies.length > 0 ? await send(copies) : undefined;

    // Assess
    expect(batch.result.batchItemFailures.length).toBeLessThanOrEqual(1);
    expect(retry?.result.batchItemFailures ?? []).toEqual([]);
    expect((await sentEmails()).filter((e) => e.subject === message.subject)).toHaveLength(1);
  });

  it('reports malformed records as batch item failures and still sends the good one', async () => {
    // Prepare
    const good = notice();
    const { to: _, ...withoutRecipients } = notice();

    // Act
    const { event, result } = await send(['{"id": "broken', JSON.stringify(good), JSON.stringify(withoutRecipients)]);

    // Assess
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[0]!.messageId },
      { itemIdentifier: event.Records[2]!.messageId },
    ]);
    expect((await sentEmails()).filter((e) => e.subject === good.subject)).toHaveLength(1);
    expect((await sentEmails()).filter((e) => e.subject === withoutRecipients.subject)).toHaveLength(0);
  });
});
