import { MalformedRequestError, NotFoundError } from '../../shared/domain/errors.ts';
import { canonicalCertificate, certificateNo as certificateNoSchema } from '../../shared/domain/namings.ts';
import { getNamingByCertificate } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { publicEntry } from './public-entry.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/registry/{certificateNo}`. */
export const getRegistryEntry: RouteImpl = async (request) => {
  let raw = request.params.certificateNo!;
  try {
    raw = decodeURIComponent(raw);
  } catch {
    throw new MalformedRequestError('The certificate number is not a valid URL path segment.');
  }
  const parsed = certificateNoSchema.safeParse(raw);
  if (!parsed.success)
    throw new MalformedRequestError('A certificate number looks like 鄂民示〔2026〕0001.', [
      { pointer: 'certificateNo', detail: parsed.error.issues[0]!.message },
    ]);
  const naming = await getNamingByCertificate(mainStore(), canonicalCertificate(parsed.data)!);
  if (!naming) throw new NotFoundError(`No naming with certificate number ${parsed.data}.`);
  return {
    body: publicEntry(naming, request.today, request.config.NAMING_REMINDER_DAYS[0]!),
    headers: { 'cache-control': 'public, max-age=60' },
  };
};
