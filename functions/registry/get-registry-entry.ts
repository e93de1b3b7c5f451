import { MalformedRequestError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { canonicalCertificate, certificateNo as certificateNoSchema } from '../../shared/domain/namings.ts';
import { getNamingByCertificate } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { issueText } from '../../shared/http/problem.ts';
import { publicEntry } from './public-entry.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/registry/{certificateNo}`. */
export const getRegistryEntry: RouteImpl = async (request) => {
  let raw = request.params.certificateNo!;
  try {
    raw = decodeURIComponent(raw);
  } catch {
    throw new MalformedRequestError(text('证书编号不是合法的 URL 路径段。', 'The certificate number is not a valid URL path segment.'));
  }
  const parsed = certificateNoSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new MalformedRequestError(
      text('证书编号的格式形如 鄂民示〔2026〕0001。', 'A certificate number looks like 鄂民示〔2026〕0001.'),
      [{ pointer: 'certificateNo', detail: issueText(parsed.error.issues[0]!) }],
    );
  const naming = await getNamingByCertificate(mainStore(), canonicalCertificate(parsed.data)!);
  if (!naming) throw new NotFoundError(text(`没有证书编号为 ${parsed.data} 的命名。`, `No naming with certificate number ${parsed.data}.`));
  return {
    body: publicEntry(naming, request.today, request.config.NAMING_REMINDER_DAYS[0]!),
    headers: { 'cache-control': 'public, max-age=60' },
  };
};
