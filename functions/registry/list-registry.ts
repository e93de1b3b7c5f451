import { listNamingsByRegion, type NamingFilters } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { publicEntry } from './public-entry.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/registry`: who is named in a region, valid until when — revoked and expired entries stay visible. Each
 * filter is a key (`listNamingsByRegion`): a filtered page costs about what an unfiltered one does.
 */
export const listRegistry: RouteImpl<undefined, NamingFilters & { region: string; limit: number; cursor?: string }> = async (request) => {
  const today = request.today;
  const page = await listNamingsByRegion(mainStore(), { prefix: request.query.region, ...request.query });
  return {
    body: {
      items: page.items.map((n) => publicEntry(n, today, request.config.NAMING_REMINDER_DAYS[0]!)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
    headers: { 'cache-control': 'public, max-age=60' },
  };
};
