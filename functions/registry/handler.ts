import { MalformedRequestError, NotFoundError } from '../../shared/domain/errors.ts';
import { canonicalCertificate, certificateNo as certificateNoSchema, type NamingSummary, shownStatus } from '../../shared/domain/namings.ts';
import { getNamingByCertificate, listNamingsByRegion, namingMilestones, type NamingFilters } from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import { httpFunction, type RouteImpl } from '../../shared/http/handler.ts';
import { registryContract } from '../../shared/contracts/registry.ts';

/** What the public may see of a naming. */
function publicEntry(n: NamingSummary, today: string) {
  return {
    certificateNo: n.certificateNo, unitName: n.unitName, unitType: n.unitType, kind: n.kind, regionCode: n.regionCode, level: n.level,
    namedOn: n.namedOn, expiresOn: n.expiresOn, status: shownStatus(n.status, n.expiresOn, today, namingMilestones()[0]), ...(n.revokedOn ? { revokedOn: n.revokedOn } : {}),
  };
}

/**
 * `GET /v1/registry`: who is named in a region, valid until when — revoked and expired entries stay visible. Each
 * filter is a key (`listNamingsByRegion`): a filtered page costs about what an unfiltered one does.
 */
const listRegistry: RouteImpl<undefined, NamingFilters & { region: string; limit: number; cursor?: string }> = async (request) => {
  const today = request.today;
  const page = await listNamingsByRegion(mainStore(), { prefix: request.query.region, ...request.query });
  return { body: { items: page.items.map((n) => publicEntry(n, today)), ...(page.cursor ? { cursor: page.cursor } : {}) }, headers: { 'cache-control': 'public, max-age=60' } };
};

/** `GET /v1/registry/{certificateNo}`. */
const getRegistryEntry: RouteImpl = async (request) => {
  let raw = request.params.certificateNo!;
  try {
    raw = decodeURIComponent(raw);
  } catch {
    throw new MalformedRequestError('The certificate number is not a valid URL path segment.');
  }
  const parsed = certificateNoSchema.safeParse(raw);
  if (!parsed.success) throw new MalformedRequestError('A certificate number looks like 鄂民示〔2026〕0001.', [{ pointer: 'certificateNo', detail: parsed.error.issues[0]!.message }]);
  const naming = await getNamingByCertificate(mainStore(), canonicalCertificate(parsed.data)!);
  if (!naming) throw new NotFoundError(`No naming with certificate number ${parsed.data}.`);
  return { body: publicEntry(naming, request.today), headers: { 'cache-control': 'public, max-age=60' } };
};

/** The public registry (no sign-in). */
export const handler = httpFunction('registry', registryContract, { listRegistry, getRegistryEntry });
