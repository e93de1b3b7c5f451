import { eligibleForCommendation, type NamingLevel } from '../../shared/domain/namings.ts';
import { listNamingsByRegion } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { listableRegion, listed } from './list-namings.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/namings/eligible?level=&region=`: namings in force at or above a level — who may become a model collective,
 * exactly those a commendation campaign at that level accepts an application on (`eligibleForCommendation`).
 */
export const listEligibleNamings: RouteImpl<undefined, { level: NamingLevel; region: string; limit: number; cursor?: string }> = async (
  request,
) => {
  const { query } = request;
  listableRegion(request.caller, query.region);
  const today = request.today;
  // Keyed on the active ones: the read grows with the region's active namings, not with every naming it ever held.
  const page = await listNamingsByRegion(mainStore(), {
    prefix: query.region,
    status: 'active',
    atLeast: query.level,
    inForceOn: today,
    limit: query.limit,
    cursor: query.cursor,
  });
  // The keys and filters above narrow the read; the rule a commendation application is checked by decides.
  const items = page.items.filter((n) => eligibleForCommendation(n, query.level, today));
  return { body: { ...page, items: items.map((n) => listed(n, today, request.config.NAMING_REMINDER_DAYS[0]!)) } };
};
