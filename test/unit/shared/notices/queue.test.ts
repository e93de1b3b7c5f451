import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { enqueueNotices } from '../../../../shared/notices/queue.ts';

const queue = { sqs: new SQSClient({ region: 'us-east-1' }), url: 'https://sqs.example/notices', deadLetterUrl: 'https://sqs.example/dlq' };

/* No queue answers here: the SQS client is mocked, and the body is checked against what SQS takes. */

const sqs = mockClient(SQSClient);
/** The characters an SQS message may hold as its emulator reads the rule (AWS also takes #x10000 and up). */
const sqsCharacters = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD]*$/;

describe('Function: enqueueNotices', () => {
  afterEach(() => sqs.reset());

  it('sends text SQS would refuse (a revocation reason with emoji, U+FFFF, a bidi mark) as JSON escapes that read back the same', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
    const notice = {
      id: 'naming#n-1#revoked#2026-11-23',
      to: ['unit@example.cn'],
      subject: '命名撤销 😀',
      text: '理由：\uFFFF\uFFFE 𠮷 \u202Eevil\u202C \u0001',
    };

    // Act
    await enqueueNotices(queue, [notice]);

    // Assess
    const body = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!;
    expect(body).toMatch(sqsCharacters);
    expect(JSON.parse(body)).toEqual(notice);
  });

  it('sends ordinary Chinese text as it is', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-2', MD5OfMessageBody: '' }], Failed: [] });
    const notice = {
      id: 'naming#n-2#expiry-30#0',
      to: ['unit@example.cn'],
      subject: '命名即将到期',
      text: '您单位的命名将于 2026-12-31 到期。',
    };

    await enqueueNotices(queue, [notice]);

    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody).toBe(JSON.stringify(notice));
  });
});
