import { randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { kmsSealer, localSealer } from '../../../../shared/webhooks/secrets.ts';
import { newSigningSecret } from '../../../../shared/webhooks/signing.ts';

/* A subscription's signing secret at rest (issue #21): sealed, bound to its subscription, never stored in the clear. */

describe('Function: localSealer', () => {
  const sealer = localSealer(randomBytes(32));

  it('opens what it sealed, for the same subscription, and stores nothing of the secret in the clear', async () => {
    const secret = newSigningSecret();
    const sealed = await sealer.seal(secret, 'webhook-1');
    expect(sealed).toMatch(/^local:/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length, 20));
    expect(await sealer.open(sealed, 'webhook-1')).toBe(secret);
    // Sealed twice, it reads differently (a fresh IV each time).
    expect(await sealer.seal(secret, 'webhook-1')).not.toBe(sealed);
  });

  it('refuses a sealed secret moved to another subscription, tampered with, or sealed under another key', async () => {
    const sealed = await sealer.seal(newSigningSecret(), 'webhook-1');
    await expect(sealer.open(sealed, 'webhook-2')).rejects.toThrow();
    const bytes = Buffer.from(sealed.slice('local:'.length), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    await expect(sealer.open(`local:${bytes.toString('base64')}`, 'webhook-1')).rejects.toThrow();
    await expect(localSealer(randomBytes(32)).open(sealed, 'webhook-1')).rejects.toThrow();
    expect(() => localSealer(randomBytes(16))).toThrow('32 bytes');
  });
});

describe('Function: kmsSealer', () => {
  it("encrypts with the stack's key and the subscription as encryption context, and decrypts with both", async () => {
    // No KMS emulator runs here: the client is mocked, and the test checks what is asked of KMS.
    const kms = mockClient(KMSClient);
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Buffer.from('sealed-bytes') });
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('whsec_abc') });
    const sealer = kmsSealer(new KMSClient({ region: 'us-east-1' }), 'alias/shifan-webhooks');
    const sealed = await sealer.seal('whsec_abc', 'webhook-1');
    expect(sealed).toBe(`kms:${Buffer.from('sealed-bytes').toString('base64')}`);
    expect(kms.commandCalls(EncryptCommand)[0]!.args[0].input).toMatchObject({
      KeyId: 'alias/shifan-webhooks',
      EncryptionContext: { subscription: 'webhook-1' },
    });
    expect(await sealer.open(sealed, 'webhook-1')).toBe('whsec_abc');
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toMatchObject({ EncryptionContext: { subscription: 'webhook-1' } });
    await expect(sealer.open('local:abc', 'webhook-1')).rejects.toThrow('not a KMS-sealed secret');
    kms.restore();
  });
});
