import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import nodemailer from 'nodemailer';
import { getClients } from '../clients.ts';
import { getConfig } from '../config.ts';
import type { NoticeMessage } from './notice.ts';

/** Sends one email; returns the provider's message id. */
export type MailTransport = (from: string, notice: NoticeMessage) => Promise<string>;

/** SES v1 SendEmail (UTF-8 subject and bodies): the transport in AWS commercial regions. */
export function sesTransport(ses: SESClient, configurationSet?: string): MailTransport {
  return async (from, notice) => {
    const result = await ses.send(new SendEmailCommand({
      Source: from,
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
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

/** SMTP through nodemailer: for partitions without SES (AWS China regions). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return async (from, notice) => {
    const info = await transporter.sendMail({ from, to: notice.to, subject: notice.subject, text: notice.text, ...(notice.html ? { html: notice.html } : {}) });
    return info.messageId;
  };
}

let chosen: MailTransport | undefined;

/** The configured transport (MAIL_TRANSPORT: `ses` or `smtp` with SMTP_URL), created once per process. */
export function mailTransport(): MailTransport {
  if (chosen) return chosen;
  const config = getConfig();
  if (config.MAIL_TRANSPORT === 'smtp') {
    if (!config.SMTP_URL) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
    chosen = smtpTransport(config.SMTP_URL);
  } else {
    chosen = sesTransport(getClients().ses, config.SES_CONFIGURATION_SET);
  }
  return chosen;
}
