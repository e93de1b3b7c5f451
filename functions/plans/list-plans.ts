import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import * as plans from '../../shared/data/plans.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/plans?region=`: plans in a region (its whole subtree). */
export const listPlans: RouteImpl<undefined, { region?: string; limit: number; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const region = query.region ?? caller.region;
  if (!inScope(caller, region))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  if (region === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  return {
    body: await plans.listPlans(mainStore(), {
      prefix: regionPrefix(region),
      province: region.slice(0, 2),
      limit: query.limit,
      cursor: query.cursor,
    }),
  };
};
