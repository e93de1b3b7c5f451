import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { namingGroups, type NamingGroupBy } from '../../shared/domain/naming-statistics.ts';
import { namingCountsIn } from '../../shared/data/naming-statistics.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/reports/namings?region=&groupBy=`: the namings of a region (a county, a city or a province with every code
 * under it) counted by level, unit type, kind, year named or stored status. Read from the per-region naming counters
 * (one small item per region code that holds namings), never from the namings.
 */
export const namingReport: RouteImpl<undefined, { region: string; groupBy: NamingGroupBy }> = async (request) => {
  const { caller, query } = request;
  const { region, groupBy } = query;
  if (!inScope(caller, region))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  if (region === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  const counts = await namingCountsIn(mainStore(), region);
  return { body: { region, groupBy, ...namingGroups(counts, groupBy) } };
};
