import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { addCoverage, coverageSummary, type CoverageCounts, type Target } from '../../shared/domain/plans.ts';
import { findRegion, regionPrefix } from '../../shared/domain/regions.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { unitsTakingPart } from '../../shared/data/coverage.ts';
import { listPlans } from '../../shared/data/plans.ts';
import { unitCountsIn } from '../../shared/data/units.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';
import { coverageSheets } from '../../shared/domain/documents.ts';
import { workbook } from '../../shared/documents/load.ts';
import { accepts, documentReply, xlsxType } from '../../shared/http/documents.ts';

/**
 * `GET /v1/reports/coverage?region=&asOf=`: per unit type and in total, the units in the region, those taking part
 * (a submission in the year up to `asOf`, or a naming in force) and those named, against the latest plan's targets;
 * a row per county, city and the province, rolled up from the counties. Read from the per-region unit counters and
 * the region index of namings and submissions, never by reading every unit.
 * `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`: the same report as a workbook.
 */
export const coverageReport: RouteImpl<undefined, { region: string; asOf?: string }> = async (request) => {
  const { caller, query } = request;
  const region = query.region;
  if (!inScope(caller, region))
    throw new ForbiddenError(
      text(`地区 ${region} 不在您的管辖地区 ${caller.region} 内。`, `Region ${region} lies outside your region ${caller.region}.`),
    );
  if (region === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  const asOf = query.asOf ?? request.today;
  const store = mainStore();
  const prefix = regionPrefix(region);
  const [counters, units] = await Promise.all([unitCountsIn(store, region), unitsTakingPart(store, region, asOf)]);
  const byCode = new Map<string, CoverageCounts>();
  const at = (code: string) => byCode.get(code) ?? (byCode.set(code, {}), byCode.get(code)!);
  for (const [code, types] of counters) {
    for (const [type, n] of Object.entries(types))
      if (Number(n) > 0) addCoverage(at(code), { [type]: { units: Number(n), takingPart: 0, named: 0 } });
  }
  for (const u of units.values()) addCoverage(at(u.region), { [u.type]: { units: 0, takingPart: 1, named: u.named ? 1 : 0 } });
  // Roll up: a county into its city, a city into its province (codes without a county part are the level's own units).
  const rows = new Map<string, CoverageCounts>();
  const roll = (code: string, counts: CoverageCounts) =>
    addCoverage(rows.get(code) ?? (rows.set(code, {}), rows.get(code)!), structuredClone(counts));
  for (const [code, counts] of byCode) {
    const city = `${code.slice(0, 4)}00`;
    const prov = `${code.slice(0, 2)}0000`;
    for (const target of new Set([code, city, prov])) roll(target, counts);
  }
  const targets = await latestTargets(region, asOf);
  const own = rows.get(region) ?? {};
  const levelOf = (code: string) => findRegion(code)?.level ?? 'county';
  const report = {
    region,
    asOf,
    planTargets: targets,
    total: coverageSummary(own, targets),
    rows: [...rows.entries()]
      .filter(([code]) => code.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, counts]) => {
        const { targets: _t, ...summary } = coverageSummary(counts, []);
        return { regionCode: code, name: findRegion(code)?.name ?? code, level: levelOf(code), ...summary };
      }),
  };
  if (accepts(request.headers.accept, xlsxType))
    return documentReply(
      await workbook(coverageSheets(report)),
      xlsxType,
      `coverage-${region}-${asOf}.xlsx`,
      `创建覆盖情况-${region}-${asOf}.xlsx`,
    );
  return { body: report };
};

/** The targets of the region's latest plan written on or before `asOf`, if any. */
async function latestTargets(region: string, asOf: string): Promise<Target[]> {
  const page = await listPlans(mainStore(), { prefix: region, province: region.slice(0, 2), limit: 100 });
  const own = page.items.filter((p) => p.regionCode === region && civilDateAt(new Date(p.createdAt)) <= asOf);
  return own.at(-1)?.targets ?? [];
}
