import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { smtpUrl } from '../../../../shared/notices/transport.ts';

/* No emulator answers Secrets Manager here: the client is mocked, as the cloud would answer. */

const secrets = mockClient(SecretsManagerClient);

describe('SMTP URL', () => {
  afterEach(() => secrets.reset());

  it('comes from the secret when one is configured, read once and cached', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'arn:secret:smtp-1' }).resolves({ SecretString: 'smtps://shifan:pw@relay.example.cn:465' });
    expect(await smtpUrl({ SMTP_SECRET_ARN: 'arn:secret:smtp-1', SMTP_URL: 'smtp://ignored:25' })).toBe('smtps://shifan:pw@relay.example.cn:465');
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
