import { recentSince } from '../domain/plans.ts';
import { regionPrefix } from '../domain/regions.ts';
import type { UnitType } from '../domain/units.ts';
import { queryAll, type Store } from './store.ts';

/*
 * Access patterns (the coverage report; unit counts per region come from `unitCountsIn` in units.ts):
 * - namings in force in a region on a day: Query index region, regionPk=naming#<province>, begins_with(regionSk, <prefix>),
 *   filtered on namedOn, expiresOn and revokedOn
 * - submissions made in the year up to a day: Query index region, regionPk=submission#<province>, begins_with(regionSk, <prefix>),
 *   filtered on createdAt and state (neither draft nor withdrawn)
 */

/** A unit that takes part in the work on a day: named (a naming in force) or with a recent submission. */
export interface UnitTakingPart {
  region: string;
  type: UnitType;
  named: boolean;
}

/** Every item of one region-index partition under a prefix, through a filter. */
async function queryRegion(
  store: Store,
  partition: string,
  prefix: string,
  filter: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  return queryAll(store, {
    IndexName: 'region',
    KeyConditionExpression: 'regionPk = :p AND begins_with(regionSk, :prefix)',
    FilterExpression: filter,
    ExpressionAttributeValues: { ':p': partition, ':prefix': prefix, ...values },
    ...(names ? { ExpressionAttributeNames: names } : {}),
  });
}

/**
 * The units of a region taking part on `asOf`, by unit id, each once: named if a naming is in force, taking part if
 * that or a submission in the year up to `asOf`. Read from the region index, never by reading every unit.
 */
export async function unitsTakingPart(store: Store, region: string, asOf: string): Promise<Map<string, UnitTakingPart>> {
  const province = region.slice(0, 2);
  const prefix = regionPrefix(region);
  const [namings, submissions] = await Promise.all([
    queryRegion(
      store,
      `naming#${province}`,
      prefix,
      'namedOn <= :asOf AND expiresOn >= :asOf AND (attribute_not_exists(revokedOn) OR revokedOn > :asOf)',
      { ':asOf': asOf },
    ),
    queryRegion(
      store,
      `submission#${province}`,
      prefix,
      'createdAt >= :since AND createdAt <= :until AND NOT #state IN (:draft, :withdrawn)',
      {
        // Days are China's: the instants that begin and end them.
        ':since': new Date(`${recentSince(asOf)}T00:00:00+08:00`).toISOString(),
        ':until': new Date(`${asOf}T23:59:59.999+08:00`).toISOString(),
        ':draft': 'draft',
        ':withdrawn': 'withdrawn',
      },
      { '#state': 'state' },
    ),
  ]);
  const units = new Map<string, UnitTakingPart>();
  for (const n of namings) units.set(String(n.unitId), { region: String(n.regionCode), type: n.unitType as UnitType, named: true });
  for (const s of submissions)
    if (!units.has(String(s.unitId)))
      units.set(String(s.unitId), { region: String(s.regionCode), type: s.unitType as UnitType, named: false });
  return units;
}
