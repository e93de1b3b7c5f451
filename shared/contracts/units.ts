import { authorityPut, authoritySchema } from '../domain/authorities.ts';
import { regionListQuery, regionSchema } from '../domain/regions.ts';
import { unitCreate, unitListQuery, unitPatch, unitSchema } from '../domain/units.ts';
import { listOf } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';

/** What each route of the `units` function accepts and answers: the schemas that validate its requests and document it. */
const unit = named(unitSchema, 'Unit', 'A unit (单位) that may apply to be named: its region, type, contacts and version.');
const region = named(regionSchema, 'Region', 'An administrative division (行政区划) by its 6-digit code.');
const authority = named(
  authoritySchema,
  'Authority',
  'An ethnic-affairs authority (民族工作部门) of the directory: its level, region, contacts and certificate prefix.',
);

export const unitsContract = {
  createUnit: { body: named(unitCreate, 'UnitCreate'), response: unit, etag: true },
  listUnits: { query: unitListQuery, response: named(listOf(unit), 'UnitPage') },
  getUnit: { response: unit, etag: true },
  updateUnit: { body: named(unitPatch, 'UnitPatch'), response: unit, etag: true },
  listRegions: { query: regionListQuery, response: named(listOf(region), 'RegionPage') },
  getRegion: { response: region },
  putAuthority: { body: named(authorityPut, 'AuthorityPut'), response: authority, etag: true },
  getAuthority: { response: authority, etag: true },
} satisfies Contract<'units'>;
