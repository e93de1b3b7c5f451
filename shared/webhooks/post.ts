import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { keptResponseBytes, refusedAddress } from '../domain/webhooks.ts';

/*
 * One delivery attempt: an HTTPS POST (http to loopback in local mode only) to an address checked as it is connected
 * to — the name is resolved once, every address it resolves to is checked, and the connection goes to the checked
 * one, so a name that resolves elsewhere between a check and the connection (DNS rebinding) cannot slip through.
 * Redirects are answers, not followed. 10 seconds in all.
 */

/** What one attempt got: the answer's status and its first 1 KB, or why there was no answer. */
export interface PostResult {
  ok: boolean;
  statusCode?: number;
  response: string;
}

/** How long an attempt may take, connection to last byte. */
export const attemptTimeoutMs = 10_000;

class RefusedAddressError extends Error {}

/** A DNS lookup that refuses names resolving to any address a delivery may not go to (see `refusedAddress`). */
function guardedLookup(local: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((a) => refusedAddress(a.address, local)).find((why) => why);
      if (refused || addresses.length === 0)
        return callback(new RefusedAddressError(refused ? `${refused.zh} / ${refused.en}` : `${hostname} 无地址 / no address`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** POSTs a signed body; never throws. */
export function postSigned(url: string, headers: Record<string, string>, body: string, local: boolean): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    // Declared before `done`: a literal address refused below settles before the timer is set.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // A literal address is connected to without a lookup: it is checked here.
    if (isIP(host) !== 0) {
      const why = refusedAddress(host, local);
      if (why) return done({ ok: false, response: `${why.zh} / ${why.en}` });
    }
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Shifan-Webhooks/1' },
      lookup: guardedLookup(local),
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, options, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < keptResponseBytes) {
          chunks.push(chunk.subarray(0, keptResponseBytes - kept));
          kept += Math.min(chunk.length, keptResponseBytes - kept);
        }
        if (kept >= keptResponseBytes) response.destroy();
      });
      const finish = () => {
        const statusCode = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        const redirect =
          statusCode >= 300 && statusCode < 400 ? `重定向未跟随 / redirect not followed: ${response.headers.location ?? ''}` : '';
        done({ ok: statusCode >= 200 && statusCode < 300, statusCode, response: redirect || text });
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', finish);
    });
    timer = setTimeout(() => {
      request.destroy();
      done({ ok: false, response: `${attemptTimeoutMs / 1000} 秒内未应答 / no answer within ${attemptTimeoutMs / 1000} s` });
    }, attemptTimeoutMs);
    request.on('error', (error) => {
      done({
        ok: false,
        response:
          error instanceof RefusedAddressError
            ? error.message
            : `连接失败 / could not connect: ${(error as Error).message}`.slice(0, keptResponseBytes),
      });
    });
    request.end(body);
  });
}
