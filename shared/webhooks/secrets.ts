import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Config } from '../config.ts';

/*
 * A subscription's signing secret is stored sealed, never in the clear (issue #21): in the stack by KMS (a key of its
 * own, the subscription id as encryption context, so a sealed secret copied onto another subscription does not open);
 * on the local host by AES-256-GCM under a key kept in the data directory. Either way the stored text names its sealer
 * (`kms:` or `local:`), and what is opened is never logged.
 */

/** Seals and opens signing secrets; `context` binds a sealed secret to its subscription. */
export interface SecretSealer {
  seal(secret: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

/** KMS: Encrypt/Decrypt with the stack's key, the subscription id as encryption context. */
export function kmsSealer(kms: KMSClient, keyId: string): SecretSealer {
  const encryptionContext = (context: string) => ({ subscription: context });
  return {
    async seal(secret, context) {
      const { CiphertextBlob } = await kms.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(secret, 'utf8'), EncryptionContext: encryptionContext(context) }),
      );
      return `kms:${Buffer.from(CiphertextBlob!).toString('base64')}`;
    },
    async open(sealed, context) {
      if (!sealed.startsWith('kms:')) throw new Error('not a KMS-sealed secret');
      const { Plaintext } = await kms.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: Buffer.from(sealed.slice('kms:'.length), 'base64'),
          EncryptionContext: encryptionContext(context),
        }),
      );
      return Buffer.from(Plaintext!).toString('utf8');
    },
  };
}

/** AES-256-GCM under a 32-byte key; the context is the additional authenticated data. */
export function localSealer(key: Buffer): SecretSealer {
  if (key.length !== 32) throw new Error('the local sealing key must be 32 bytes');
  return {
    async seal(secret, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return `local:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    async open(sealed, context) {
      if (!sealed.startsWith('local:')) throw new Error('not a locally sealed secret');
      const bytes = Buffer.from(sealed.slice('local:'.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let sealer: SecretSealer | undefined;

/** This process's sealer: KMS when the stack names a key, else the local key; neither is a configuration error. */
export async function secretSealer(config: Pick<Config, 'WEBHOOK_KEY_ID' | 'WEBHOOK_SEALING_KEY' | 'AWS_REGION'>): Promise<SecretSealer> {
  if (sealer) return sealer;
  if (config.WEBHOOK_KEY_ID) {
    const { KMSClient } = await import('@aws-sdk/client-kms');
    sealer = kmsSealer(new KMSClient({ region: config.AWS_REGION }), config.WEBHOOK_KEY_ID);
  } else if (config.WEBHOOK_SEALING_KEY) sealer = localSealer(Buffer.from(config.WEBHOOK_SEALING_KEY, 'base64'));
  else throw new Error('Neither WEBHOOK_KEY_ID nor WEBHOOK_SEALING_KEY is set: webhook secrets cannot be sealed.');
  return sealer;
}
