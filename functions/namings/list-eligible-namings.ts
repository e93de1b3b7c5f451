import { ForbiddenError } from '../../shared/domain/errors.ts';
import { namingLevels, type NamingLevel } from '../../shared/domain/namings.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { listNamingsByRegion } from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `GET /v1/namings/eligible?level=&region=`: active namings at or above a level — who may become a model collective. */
export const listEligibleNamings: RouteImpl<undefined, { level: NamingLevel; region: string; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const scope = caller.role === 'admin' ? '' : regionPrefix(caller.region);
  if (!query.region.startsWith(scope)) throw new ForbiddenError(`Region ${query.region} lies outside your region ${caller.region}.`);
  const today = civilDateAt(new Date(request.now));
  const levels = namingLevels.slice(namingLevels.indexOf(query.level));
  const page = await listNamingsByRegion(mainStore(), { prefix: query.region, levels, status: 'active', inForceOn: today, limit: query.limit, cursor: query.cursor });
  return { body: page };
};
