import { heavyEthnicWorkTypes } from '../../shared/domain/instructors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import { activeCounts } from '../../shared/data/appointments.ts';
import { listUnitsByRegion } from '../../shared/data/units.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { reportRegion } from './read-instructor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/reports/units-without-instructors?region=`: units of a type with heavy ethnic work that have no active instructor. */
export const unitsWithoutInstructors: RouteImpl<undefined, { region?: string; limit: number; cursor?: string }> = async (request) => {
  const region = reportRegion(request.caller, request.query.region);
  const store = mainStore();
  const items: { unitId: string; name: string; type: string; regionCode: string }[] = [];
  let cursor = request.query.cursor;
  do {
    const page = await listUnitsByRegion(store, { prefix: regionPrefix(region), limit: 100, cursor });
    const candidates = page.items.filter((u) => heavyEthnicWorkTypes.includes(u.type));
    const counts = await activeCounts(
      store,
      candidates.map((u) => u.id),
    );
    for (const u of candidates)
      if ((counts.get(u.id) ?? 0) === 0) items.push({ unitId: u.id, name: u.name, type: u.type, regionCode: u.regionCode });
    cursor = page.cursor;
  } while (cursor && items.length < request.query.limit);
  return { body: { items, ...(cursor ? { cursor } : {}) } };
};
