import { authorityPut, authoritySchema } from '../domain/authorities.ts';
import { regionListQuery, regionSchema } from '../domain/regions.ts';
import { unitCreate, unitListQuery, unitPatch, unitSchema } from '../domain/units.ts';
import { listOf } from '../domain/schema.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `units` function accepts and answers: the schemas that validate its requests and document it. */
export const unitsContract = {
  createUnit: { body: unitCreate, response: unitSchema },
  listUnits: { query: unitListQuery, response: listOf(unitSchema) },
  getUnit: { response: unitSchema },
  updateUnit: { body: unitPatch, response: unitSchema },
  listRegions: { query: regionListQuery, response: listOf(regionSchema) },
  getRegion: { response: regionSchema },
  putAuthority: { body: authorityPut, response: authoritySchema },
  getAuthority: { response: authoritySchema },
} satisfies Contract<'units'>;
