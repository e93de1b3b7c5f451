import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SMTPServer } from 'smtp-server';
import { smtpTransport, smtpUrl } from '../../../../shared/notices/transport.ts';

/* No emulator answers Secrets Manager here: the client is mocked, as the cloud would answer. */

const secrets = mockClient(SecretsManagerClient);

describe('SMTP URL', () => {
  afterEach(() => secrets.reset());

  it('comes from the secret when one is configured, read once and cached', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: 'arn:secret:smtp-1' })
      .resolves({ SecretString: 'smtps://shifan:pw@relay.example.cn:465' });
    expect(await smtpUrl({ SMTP_SECRET_ARN: 'arn:secret:smtp-1', SMTP_URL: 'smtp://ignored:25' })).toBe(
      'smtps://shifan:pw@relay.example.cn:465',
    );
    expect(await smtpUrl({ SMTP_SECRET_ARN: 'arn:secret:smtp-1' })).toBe('smtps://shifan:pw@relay.example.cn:465');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses a secret that is not an SMTP URL, and a configuration with neither', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'arn:secret:smtp-2' }).resolves({ SecretString: 'password123' });
    await expect(smtpUrl({ SMTP_SECRET_ARN: 'arn:secret:smtp-2' })).rejects.toThrow(/smtp:\/\//);
    await expect(smtpUrl({})).rejects.toThrow(/SMTP_SECRET_ARN/);
    expect(await smtpUrl({ SMTP_URL: 'smtp://relay.example.cn:25' })).toBe('smtp://relay.example.cn:25');
  });
});

describe('SMTP transport', () => {
  it("delivers a notice to a relay, to the notice's addresses, and answers the message id the relay received", async () => {
    const received: { to: string[]; raw: string }[] = [];
    const relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = relay.server.address() as { port: number };
      const send = smtpTransport(async () => `smtp://127.0.0.1:${port}`);
      const notice = {
        id: 'naming#1#expiry-30',
        to: ['unit@example.cn', 'county@example.cn'],
        subject: '命名将于30日后到期',
        text: 'Term ends 2031-06-30.',
      };
      const first = await send('no-reply@shifan.example.cn', notice);
      const second = await send('no-reply@shifan.example.cn', { ...notice, id: 'naming#1#expiry-7', to: ['unit@example.cn'] });
      expect(received.map((m) => m.to)).toEqual([notice.to, ['unit@example.cn']]);
      expect(received[0]!.raw).toContain(`Message-ID: ${first}`);
      expect(received[1]!.raw).toContain(`Message-ID: ${second}`);
      expect(received[0]!.raw).toContain('Term ends 2031-06-30.');
      expect(received[0]!.raw).toMatch(/^Subject: =\?UTF-8\?/im);
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });
});
