import { levelOf } from '../../shared/domain/campaigns.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { filingEntryOf, heavyEthnicWorkTypes, inForceOn, termRanOutBy } from '../../shared/domain/instructors.ts';
import { isGrouping, regionPrefix } from '../../shared/domain/regions.ts';
import * as data from '../../shared/data/instructors.ts';
import type { Filing } from '../../shared/domain/instructors.ts';
import { mainStore } from '../../shared/data/store.ts';
import { listUnitsByRegion } from '../../shared/data/units.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** The region a filing goes to: a county files with its city, a city with its province, a province with the nation. */
export function filedWith(regionCode: string): string {
  const city = `${regionCode.slice(0, 4)}00`;
  if (regionCode !== city && !isGrouping(city)) return city;
  const province = `${regionCode.slice(0, 2)}0000`;
  return regionCode !== province ? province : '000000';
}

/**
 * `POST /v1/instructors/filings`: an authority files (备案) its region's active list as of a date with the level
 * above; the filing records what changed since the region's previous one (a term that ran out since, as ended).
 * A filing for another region → 403.
 */
export const createFiling: RouteImpl<{ asOf: string; regionCode?: string }> = async (request) => {
  const { caller, body } = request;
  const regionCode = body.regionCode ?? caller.region;
  if (caller.role !== 'admin' && regionCode !== caller.region) throw new ForbiddenError(`An authority files its own region's list (${caller.region}), not ${regionCode}'s.`);
  const level = levelOf(regionCode);
  if (level !== 'county' && level !== 'city' && level !== 'province') throw new ValidationError([{ pointer: '/regionCode', detail: 'a county, city or province files its list' }]);
  if (body.asOf > request.today) throw new ValidationError([{ pointer: '/asOf', detail: 'a list is filed as it stood, on a day that has come' }]);
  const store = mainStore();
  const appointments = await data.regionAppointments(store, regionCode);
  const entries = appointments.filter((a) => inForceOn(a, body.asOf)).map(filingEntryOf);
  const ranOut = appointments.filter((a) => termRanOutBy(a, body.asOf)).map(filingEntryOf);
  const filing = await data.file(store, { regionCode, level, filedWith: filedWith(regionCode), asOf: body.asOf, entries, ranOut }, actorOf(request), request.now);
  return { status: 201, body: filing };
};

/** `GET /v1/instructors/filings?region=&level=`: the filings in a region (a province sees every one of its own). */
export const listFilings: RouteImpl<undefined, { region?: string; level?: Filing['level']; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const region = query.region ?? caller.region;
  if (!inScope(caller, region)) throw new ForbiddenError(`Region ${region} lies outside your region ${caller.region}.`);
  if (region === '000000') throw new ValidationError([{ pointer: 'region', detail: 'give a province or narrower' }]);
  return { body: await data.listFilings(mainStore(), { prefix: regionPrefix(region), province: region.slice(0, 2), level: query.level, limit: query.limit, cursor: query.cursor }) };
};

/** `POST /v1/instructors/filings/{id}/acknowledge`: the level a filing was filed with acknowledges it. */
export const acknowledgeFiling: RouteImpl = async (request) => {
  const { caller } = request;
  const store = mainStore();
  const filing = await data.getFiling(store, request.params.id!);
  if (!filing || !(inScope(caller, filing.regionCode) || caller.region === filing.filedWith)) throw new NotFoundError(`No filing ${request.params.id} in your region.`);
  if (caller.role !== 'admin' && caller.region !== filing.filedWith) throw new ForbiddenError(`This filing was filed with region ${filing.filedWith}; its authority acknowledges it.`);
  return { body: await data.acknowledgeFiling(store, filing, actorOf(request), request.now) };
};

function reportRegion(caller: Caller, region: string | undefined): string {
  const chosen = region ?? caller.region;
  if (!inScope(caller, chosen)) throw new ForbiddenError(`Region ${chosen} lies outside your region ${caller.region}.`);
  if (chosen === '000000') throw new ValidationError([{ pointer: 'region', detail: 'give a province or narrower' }]);
  return chosen;
}

/** `GET /v1/reports/units-without-instructors?region=`: units of a type with heavy ethnic work that have no active instructor. */
export const unitsWithoutInstructors: RouteImpl<undefined, { region?: string; limit: number; cursor?: string }> = async (request) => {
  const region = reportRegion(request.caller, request.query.region);
  const store = mainStore();
  const items: { unitId: string; name: string; type: string; regionCode: string }[] = [];
  let cursor = request.query.cursor;
  do {
    const page = await listUnitsByRegion(store, { prefix: regionPrefix(region), limit: 100, cursor });
    const candidates = page.items.filter((u) => heavyEthnicWorkTypes.includes(u.type));
    const counts = await data.activeCounts(store, candidates.map((u) => u.id));
    for (const u of candidates) if ((counts.get(u.id) ?? 0) === 0) items.push({ unitId: u.id, name: u.name, type: u.type, regionCode: u.regionCode });
    cursor = page.cursor;
  } while (cursor && items.length < request.query.limit);
  return { body: { items, ...(cursor ? { cursor } : {}) } };
};

/** `GET /v1/reports/training?year=&region=`: active instructors with no training that year. */
export const trainingReport: RouteImpl<undefined, { year: string; region?: string; limit: number; cursor?: string }> = async (request) => {
  const region = reportRegion(request.caller, request.query.region);
  const page = await data.listInstructorsByRegion(mainStore(), {
    prefix: regionPrefix(region), province: region.slice(0, 2), status: 'active', untrainedIn: request.query.year, limit: request.query.limit, cursor: request.query.cursor,
  });
  return { body: { year: request.query.year, ...page, items: page.items.map(({ id, name, regionCode, employer, trainedYears }) => ({ id, name, regionCode, employer, trainedYears })) } };
};
