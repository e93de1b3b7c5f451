import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler as admin } from '../../functions/admin/handler.ts';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as units } from '../../functions/units/handler.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { createNaming } from '../../shared/data/namings.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext, sqsEvent } from '../support/events.ts';
import { admin as adminCaller, authority } from '../support/callers.ts';
import { sentEmails } from '../support/ses.ts';
import { via } from '../support/workflow.ts';

const callAdmin = via(admin, 'admin');
const callNamings = via(namings, 'namings');
const deliver = async (notices: NoticeMessage[]) =>
  (await notifier(sqsEvent(notices.map((n) => JSON.stringify(n))), lambdaContext('notifier'))) as SQSBatchResponse;
const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const today = civilDateAt(new Date());

/** A naming of its own (in 蔡甸区, 420114) to hang notices on. */
async function naming(email: string) {
  const created = await via(
    units,
    'units',
  )({
    method: 'POST',
    path: '/v1/units',
    claims: wuhan,
    body: { name: '武汉市蔡甸区通知测试社区', type: 'community', regionCode: '420114', zone: false, contacts: [{ name: '王芳', email }] },
  });
  return createNaming(
    mainStore(),
    created.body,
    { level: 'city', namedOn: today, issuedBy: 'wuhan-ethnic-affairs' },
    { sub: 't', role: 'authority', agencyId: 'wuhan-ethnic-affairs', requestId: 't' },
    today,
    new Date().toISOString(),
  );
}

const notice = (namingId: string, to: string, kind: string): NoticeMessage => ({
  id: `naming#${namingId}#${kind}`,
  to: [to],
  subject: `通知测试 ${randomUUID()}`,
  text: '通知测试',
  about: `naming#${namingId}`,
  kind,
  agencyId: 'wuhan-ethnic-affairs',
});

describe('Notices', () => {
  it('does not send to an address suppressed by a hard bounce, and says so in the history', async () => {
    // Prepare
    const address = `bounced-${randomUUID().slice(0, 8)}@example.cn`;
    const n = await naming(address);
    const injected = await callAdmin({
      method: 'POST',
      path: '/v1/admin/mail-events',
      claims: adminCaller,
      body: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: address }] } },
    });
    expect(injected.body.suppressed).toEqual([{ address, reason: 'hard-bounce' }]);
    const message = notice(n.id, address, 'expiry-30');

    // Act
    await deliver([message]);

    // Assess
    expect((await sentEmails()).filter((e) => e.subject === message.subject)).toEqual([]);
    const history = await callNamings({ method: 'GET', path: `/v1/namings/${n.id}/notices`, claims: wuhan });
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: message.id, kind: 'expiry-30', status: 'suppressed', to: [address] }),
    ]);
  });

  it('ignores soft bounces', async () => {
    const injected = await callAdmin({
      method: 'POST',
      path: '/v1/admin/mail-events',
      claims: adminCaller,
      body: { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'soft@example.cn' }] } },
    });
    expect(injected.body.suppressed).toEqual([]);
  });

  it('records a failed send, retries it on the next delivery and sends it once', async () => {
    // Prepare: the mail service fails exactly once
    const address = `retry-${randomUUID().slice(0, 8)}@example.cn`;
    const n = await naming(address);
    const message = notice(n.id, address, 'expiry-7');
    let failures = 1;
    const { ses } = getClients();
    ses.middlewareStack.add(
      (next) => async (args) => {
        if (failures > 0) {
          failures -= 1;
          throw Object.assign(new Error('Throttling: injected'), { name: 'Throttling' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectedFault' },
    );
    try {
      // Act
      const first = await deliver([message]);
      const failedHistory = await callNamings({ method: 'GET', path: `/v1/namings/${n.id}/notices`, claims: wuhan });
      const second = await deliver([message]);
      const third = await deliver([message]);

      // Assess
      expect(first.batchItemFailures).toHaveLength(1);
      expect(failedHistory.body.items[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(second.batchItemFailures).toEqual([]);
      expect(third.batchItemFailures).toEqual([]);
      expect((await sentEmails()).filter((e) => e.subject === message.subject)).toHaveLength(1);
      const history = await callNamings({ method: 'GET', path: `/v1/namings/${n.id}/notices`, claims: wuhan });
      expect(history.body.items[0]).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: expect.any(String) });
    } finally {
      ses.middlewareStack.remove('injectedFault');
    }
  });

  it('lists the dead letters and moves them back to the notices queue', async () => {
    // Prepare: a notice parked in the DLQ
    const sqs = new SQSClient({ endpoint: process.env.SQS_ENDPOINT, region: 'us-east-1' });
    const id = `naming#dead-${randomUUID()}#expiry-0`;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: process.env.QUEUE_NOTICES_DLQ_URL,
        MessageBody: JSON.stringify({ id, to: ['dead@example.cn'], subject: '死信测试', text: '死信测试' }),
      }),
    );

    // Act
    const listed = await callAdmin({ method: 'GET', path: '/v1/admin/notices/dead-letters', claims: adminCaller });
    const redriven = await callAdmin({ method: 'POST', path: '/v1/admin/notices/redrive', claims: adminCaller });

    // Assess
    expect(listed.body.items.map((i: { noticeId: string }) => i.noticeId)).toContain(id);
    expect(redriven.body.moved).toBeGreaterThanOrEqual(1);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: process.env.QUEUE_NOTICES_DLQ_URL, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('refuses the admin routes to anyone but an admin', async () => {
    expect((await callAdmin({ method: 'GET', path: '/v1/admin/notices/dead-letters', claims: wuhan })).status).toBe(403);
  });
});
