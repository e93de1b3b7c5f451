import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { cities, counties, provinces } from './regions-data.ts';
import { says } from './errors.ts';

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
  // 东莞, 中山 and 儋州 have no counties: the directory lists them again as an area under their own code; they stay cities.
  for (const a of counties.split('|'))
    if (!byCode.has(a.slice(0, 6))) add({ code: a.slice(0, 6), name: a.slice(6), level: 'county', parent: `${a.slice(0, 4)}00` });
  directory = { byCode, childrenOf };
  return directory;
}

/** The region with this code, if the directory has it. */
export function findRegion(code: string): Region | undefined {
  return indexed().byCode.get(code);
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
