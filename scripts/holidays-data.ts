/**
 * Writes `shared/domain/holidays-data.ts`, the holiday arrangements the State Council published as `chinese-days`
 * carries them, in the form the functions load: the dates of each list as one string. As the package's JSON they
 * are 900 object properties that every function counting deadlines would parse at each cold start, used or not;
 * as strings they cost nothing until a deadline is counted. `test/unit/shared/domain/calendar.test.ts` fails when
 * the two differ.
 *
 * Run after upgrading `chinese-days`: `npm run holidays`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

const dates = (days: Record<string, string>) => JSON.stringify(Object.keys(days).sort().join(' '));

writeFileSync(
  resolve(import.meta.dirname, '../shared/domain/holidays-data.ts'),
  `// Written by \`npm run holidays\` (scripts/holidays-data.ts) from chinese-days; do not edit.
/** Days off (放假) of the published arrangements, \`YYYY-MM-DD\`, space-separated and sorted. */
export const holidays = ${dates(published.holidays)};
/** Make-up working days (调休上班) on weekends, the same way. */
export const workdays = ${dates(published.workdays)};
`,
);
