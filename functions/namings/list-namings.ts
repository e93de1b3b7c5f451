import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import { type NamingSummary, shownStatus } from '../../shared/domain/namings.ts';
import { addDays, daysFrom } from '../../shared/domain/time.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import { listExpiringNamings, listNamingsByRegion, type NamingFilters } from '../../shared/data/namings.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';
import { namingSheets } from '../../shared/domain/documents.ts';
import { workbook } from '../../shared/documents/load.ts';
import { accepts, documentReply, everyPage, xlsxType } from '../../shared/http/documents.ts';

/** A region prefix the caller may list: inside its own region (an admin: anywhere). */
export function listableRegion(caller: Caller, region: string): string {
  const scope = caller.role === 'admin' ? '' : regionPrefix(caller.region);
  if (!region.startsWith(scope))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  return region;
}

/**
 * A naming of a list as authorities see it: the status it shows today (expiring within `expiringDays`, the first
 * reminder's, of its end) and, while in force, the days left.
 */
export function listed(n: NamingSummary, today: string, expiringDays: number) {
  const shown = shownStatus(n.status, n.expiresOn, today, expiringDays);
  return { ...n, shownStatus: shown, ...(n.status === 'active' && n.expiresOn >= today ? { daysLeft: daysFrom(today, n.expiresOn) } : {}) };
}

/**
 * `GET /v1/namings?region=`: an authority's namings of its region, filtered like the registry; with
 * `expiringWithin=N`, the active ones whose term ends within N days (through the last day), soonest first — who
 * must be reminded to apply again. Each is served by a key (`listNamingsByRegion`, `listExpiringNamings`).
 * `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: every page of the filter as a workbook.
 */
export const listNamings: RouteImpl<
  undefined,
  NamingFilters & { region: string; expiringWithin?: number; limit: number; cursor?: string }
> = async (request) => {
  const { query } = request;
  const prefix = listableRegion(request.caller, query.region);
  const today = request.today;
  const store = mainStore();
  const show = (n: NamingSummary) => listed(n, today, request.config.NAMING_REMINDER_DAYS[0]!);
  const read = async (limit: number, cursor: string | undefined) => {
    if (query.expiringWithin === undefined) {
      const page = await listNamingsByRegion(store, { ...query, prefix, limit, cursor });
      return { ...page, items: page.items.map(show) };
    }
    const page = await listExpiringNamings(store, { prefix, from: today, to: addDays(today, query.expiringWithin), limit, cursor });
    // Other filters narrow the page of expiring namings (there are few: a window of at most a year, active ones only).
    const items = page.items.filter(
      (n) =>
        (!query.type || n.unitType === query.type) &&
        (!query.kind || n.kind === query.kind) &&
        (!query.level || n.level === query.level) &&
        (!query.status || n.status === query.status),
    );
    return { ...page, items: items.map(show) };
  };
  if (accepts(request.headers.accept, xlsxType)) {
    const items = await everyPage(read, 'region');
    return documentReply(await workbook(namingSheets(items)), xlsxType, `namings-${query.region}.xlsx`, `命名名单-${query.region}.xlsx`);
  }
  return { body: await read(query.limit, query.cursor) };
};
