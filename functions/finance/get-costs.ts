import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import { daysBetween } from '../../shared/domain/costs.ts';
import { getConfig } from '../../shared/config.ts';
import { readLedger } from '../../shared/metering/ledger.ts';
import { priceTableFor } from '../../shared/metering/prices.ts';
import { costCsv, costRows } from '../../shared/metering/report.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { usageStore } from '../../shared/clients.ts';

type Query = { from: string; to: string; groupBy: 'agency' | 'operation' | 'day' | 'month'; agencyId?: string };

/** `GET /v1/finance/costs`: finance and admin see every agency; an authority sees its own. `Accept: text/csv` for CSV. */
export const getCosts: RouteImpl<undefined, Query> = async (request) => {
  const { caller, query } = request;
  let agencyId = query.agencyId;
  if (caller.role === 'authority') {
    if (agencyId !== undefined && agencyId !== caller.agencyId)
      throw new ForbiddenError(text('民族工作部门只能查看本部门的费用。', 'An authority sees the costs of its own agency only.'));
    agencyId = caller.agencyId;
  }
  const ledger = await readLedger(usageStore(), daysBetween(query.from, query.to), agencyId);
  const region = getConfig().AWS_REGION;
  const rows = costRows(ledger, query.groupBy, (day) => priceTableFor(region, day));
  if (/\btext\/csv\b/.test(request.headers.accept ?? '')) {
    return {
      raw: costCsv(rows, query.groupBy),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="shifan-costs-${query.from}-${query.to}.csv"`,
      },
    };
  }
  return { body: { groupBy: query.groupBy, from: query.from, to: query.to, rows } };
};
