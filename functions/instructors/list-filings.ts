import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { Filing } from '../../shared/domain/instructors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import * as filings from '../../shared/data/filings.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/instructors/filings?region=&level=`: the filings in a region (a province sees every one of its own). */
export const listFilings: RouteImpl<undefined, { region?: string; level?: Filing['level']; limit: number; cursor?: string }> = async (
  request,
) => {
  const { caller, query } = request;
  const region = query.region ?? caller.region;
  if (!inScope(caller, region))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  if (region === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  return {
    body: await filings.listFilings(mainStore(), {
      prefix: regionPrefix(region),
      province: region.slice(0, 2),
      level: query.level,
      limit: query.limit,
      cursor: query.cursor,
    }),
  };
};
