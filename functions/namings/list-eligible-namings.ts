import type { NamingLevel } from '../../shared/domain/namings.ts';
import { listNamingsByRegion } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { listableRegion, listed } from './list-namings.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/namings/eligible?level=&region=`: active namings at or above a level — who may become a model collective. */
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
  return { body: { ...page, items: page.items.map((n) => listed(n, today, request.config.NAMING_REMINDER_DAYS[0]!)) } };
};
