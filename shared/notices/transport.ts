import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { NoticeMessage } from './notice.ts';

/** Sends one email; returns the provider's message id. */
export type MailTransport = (from: string, notice: NoticeMessage) => Promise<string>;

/** SES v1 SendEmail (UTF-8 subject and bodies): the transport in AWS commercial regions. */
export function sesTransport(ses: SESClient, configurationSet?: string): MailTransport {
  return async (from, notice) => {
    const result = await ses.send(
      new SendEmailCommand({
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
      }),
    );
    return result.MessageId ?? '';
  };
}

/**
 * SMTP through nodemailer: for partitions without SES (AWS China regions). nodemailer and the URL load on the first
 * send — a quarter of the notifier's bundle that an SES deployment never runs.
 */
export function smtpTransport(url: string | (() => Promise<string>)): MailTransport {
  let transporter: Transporter | undefined;
  return async (from, notice) => {
    if (!transporter) {
      const { default: nodemailer } = await import('nodemailer');
      transporter = nodemailer.createTransport(typeof url === 'string' ? url : await url());
    }
    const info = await transporter.sendMail({
      from,
      to: notice.to,
      subject: notice.subject,
      text: notice.text,
      ...(notice.html ? { html: notice.html } : {}),
    });
    return info.messageId;
  };
}

/** The SMTP URL: from the Secrets Manager secret when one is configured (credentials stay out of the environment), else SMTP_URL. */
export async function smtpUrl(config: Pick<Config, 'SMTP_SECRET_ARN' | 'SMTP_URL'>): Promise<string> {
  if (config.SMTP_SECRET_ARN) {
    // Loaded only where SMTP is configured: SES deployments never pay for the Secrets Manager client at cold start.
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    const secret = await getSecret(config.SMTP_SECRET_ARN, { maxAge: 3600 });
    if (typeof secret !== 'string' || !/^smtps?:\/\//.test(secret))
      throw new Error(`The secret ${config.SMTP_SECRET_ARN} must hold an smtp:// or smtps:// URL`);
    return secret;
  }
  if (config.SMTP_URL) return config.SMTP_URL;
  throw new Error('MAIL_TRANSPORT=smtp needs SMTP_SECRET_ARN (or SMTP_URL)');
}

/** The transport a configuration names (MAIL_TRANSPORT: `ses`, or `smtp` with SMTP_SECRET_ARN or SMTP_URL). */
export function transportFor(config: Config, ses: SESClient): MailTransport {
  if (config.MAIL_TRANSPORT === 'smtp') {
    if (!config.SMTP_URL && !config.SMTP_SECRET_ARN) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_SECRET_ARN (or SMTP_URL)');
    return smtpTransport(() => smtpUrl(config));
  }
  return sesTransport(ses, config.SES_CONFIGURATION_SET);
}
