import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { NoticeMessage } from './notice.ts';

/** Sends one email; returns the provider's message id. */
export type MailTransport = (from: string, notice: NoticeMessage) => Promise<string>;

/** SES v1 SendEmail (UTF-8 subject and bodies). */
export function sesTransport(ses: SESClient): MailTransport {
  return async (from, notice) => {
    const result = await ses.send(new SendEmailCommand({
      Source: from,
      Destination: { ToAddresses: notice.to },
      Message: {
        Subject: { Data: notice.subject, Charset: 'UTF-8' },
        Body: {
          Text: { Data: notice.text, Charset: 'UTF-8' },
          ...(notice.html ? { Html: { Data: notice.html, Charset: 'UTF-8' } } : {}),
        },
      },
    }));
    return result.MessageId ?? '';
  };
}
