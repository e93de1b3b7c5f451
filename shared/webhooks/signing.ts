import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/*
 * Signing per the Standard Webhooks specification (the `standardwebhooks` package): `webhook-id` (stable across
 * retries, so a receiver de-duplicates), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,<base64>`, one per
 * secret in force, space-separated: during a rotation the old and the new secret both sign).
 */

/** A new signing secret as the spec writes it: `whsec_` and 32 random bytes in base64. Shown to the agency once. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The headers of one delivery attempt, signed with every secret in force (newest first). */
export function signedHeaders(secrets: readonly string[], id: string, at: Date, body: string): Record<string, string> {
  if (secrets.length === 0) throw new Error('a delivery needs at least one signing secret');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}
