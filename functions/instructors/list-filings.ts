import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { Filing } from '../../shared/domain/instructors.ts';
import { regionPrefix } from '../../shared/domain/regions.ts';
import * as filings from '../../shared/data/filings.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';
import { filingSheets } from '../../shared/domain/documents.ts';
import { workbook } from '../../shared/documents/load.ts';
import { accepts, documentReply, everyPage, xlsxType } from '../../shared/http/documents.ts';

/**
 * `GET /v1/instructors/filings?region=&level=`: the filings in a region (a province sees every one of its own).
 * `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: every page as a workbook of the filed
 * lines (备案名单) and what changed (变动情况).
 */
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
  const read = (limit: number, cursor: string | undefined) =>
    filings.listFilings(mainStore(), { prefix: regionPrefix(region), province: region.slice(0, 2), level: query.level, limit, cursor });
  if (accepts(request.headers.accept, xlsxType)) {
    const all = await everyPage(read, 'region');
    return documentReply(await workbook(filingSheets(all)), xlsxType, `instructor-filings-${region}.xlsx`, `指导员备案-${region}.xlsx`);
  }
  return { body: await read(query.limit, query.cursor) };
};
