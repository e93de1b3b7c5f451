import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Role } from '../../shared/topology.ts';

/** The local dev issuer's identity: the local host checks tokens against these, as API Gateway's JWT authorizer would. */
export const devIssuer = { issuer: 'https://shifan.local/dev-issuer', audience: 'shifan-api' } as const;

/** The claims of a Shifan token. */
export interface TokenClaims {
  sub: string;
  role: Role;
  agencyId: string;
  region: string;
}

/** The dev signing key pair: kept in the data folder so tokens stay valid across restarts of `npm start`. */
export interface DevKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Loads the dev key pair from `file`, creating it on first use. */
export async function loadDevKeys(file: string): Promise<DevKeys> {
  if (!existsSync(file)) {
    const pair = await generateKeyPair('ES256', { extractable: true });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) }), {
      mode: 0o600,
    });
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { privateKey: JWK; publicKey: JWK };
  return {
    privateKey: (await importJWK(stored.privateKey, 'ES256')) as CryptoKey,
    publicKey: (await importJWK(stored.publicKey, 'ES256')) as CryptoKey,
  };
}

/** Signs a token with the dev key; valid for `ttlSeconds` (12 hours by default). */
export function signToken(keys: DevKeys, claims: TokenClaims, ttlSeconds = 12 * 3600): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(devIssuer.issuer)
    .setAudience(devIssuer.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keys.privateKey);
}

/** Verifies signature, issuer, audience and expiry, as API Gateway's JWT authorizer does; undefined when refused. */
export async function verifyToken(keys: DevKeys, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      issuer: devIssuer.issuer,
      audience: devIssuer.audience,
      algorithms: ['ES256'],
      requiredClaims: ['exp'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

/**
 * A verifier that remembers tokens it accepted until they expire (at most `size` of them), as API Gateway's
 * authorizer spares the function the signature check: a token is verified once, not on every request.
 */
export function cachedVerifier(keys: DevKeys, size = 1000): (token: string) => Promise<JWTPayload | undefined> {
  const accepted = new Map<string, JWTPayload>();
  return async (token) => {
    const known = accepted.get(token);
    if (known && known.exp! * 1000 > Date.now()) return known;
    accepted.delete(token);
    const payload = await verifyToken(keys, token);
    if (payload) {
      if (accepted.size >= size) accepted.delete(accepted.keys().next().value!);
      accepted.set(token, payload);
    }
    return payload;
  };
}
