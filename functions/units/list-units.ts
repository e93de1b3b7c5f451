import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import type { UnitType } from '../../shared/domain/units.ts';
import * as units from '../../shared/data/units.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/units?region=&type=&q=`: by the region index, or with `q` (part of the name) by the search index; the
 * region defaults to the caller's own.
 */
export const listUnits: RouteImpl<undefined, { region?: string; type?: UnitType; q?: string; limit: number; cursor?: string }> = async (
  request,
) => {
  const { caller, query } = request;
  const scope = caller.role === 'admin' ? '' : regionPrefix(caller.region);
  const prefix = query.region ?? scope;
  if (!prefix.startsWith(scope))
    throw new ForbiddenError(
      text(`地区 ${prefix} 不在您的管辖地区 ${caller.region} 内。`, `Region ${prefix} lies outside your region ${caller.region}.`),
    );
  if (prefix.length < 2)
    throw new ValidationError([
      {
        pointer: 'region',
        detail: text(
          '全国范围须指定地区：请给出省（2 位代码）或更小的地区',
          'is required for a nationwide scope: give a province (2 digits) or narrower',
        ),
      },
    ]);
  const { type, q, limit, cursor } = query;
  const page =
    q === undefined
      ? await units.listUnitsByRegion(mainStore(), { prefix, type, limit, cursor })
      : await units.searchUnits(mainStore(), { prefix, q, type, limit, cursor });
  return { body: page };
};
