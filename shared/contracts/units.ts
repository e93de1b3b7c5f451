import { authorityPut, authoritySchema } from '../domain/authorities.ts';
import { regionListQuery, regionSchema } from '../domain/regions.ts';
import { unitCreate, unitListQuery, unitPatch, unitSchema } from '../domain/units.ts';
import * as z from 'zod';
import { lazySchema, listOf } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';
import { submission } from './campaigns.ts';
import { appointment } from './instructors.ts';
import { namingShown, notice, recheck } from './namings.ts';

/** What each route of the `units` function accepts and answers: the schemas that validate its requests and document it. */
const unit = named(unitSchema, 'Unit', 'A unit (单位) that may apply to be named: its region, type, contacts and version.');
const region = named(regionSchema, 'Region', 'An administrative division (行政区划) by its 6-digit code.');
const authority = named(
  authoritySchema,
  'Authority',
  'An ethnic-affairs authority (民族工作部门) of the directory: its level, region, contacts and certificate prefix.',
);

/** A unit's dossier: each part in the schema of the route that shows it alone. */
const dossier = named(
  lazySchema(() =>
    z.object({
      unit,
      namings: z
        .array(
          z.object({
            naming: namingShown,
            rechecks: z.array(recheck),
            notices: z.array(notice).describe('the first 100, as `GET /v1/namings/{id}/notices` answers'),
            moreNotices: z.literal(true).optional().describe('the naming has more notices than shown'),
          }),
        )
        .describe("the namings the unit has held, oldest first, each to its unit or an authority whose region covers the naming's"),
      submissions: z
        .array(
          z.object({
            submission,
            evidence: z
              .object({ total: z.int().min(0), confirmed: z.int().min(0).describe('uploads checked; the rest are pending') })
              .optional()
              .describe(
                "its evidence files, counted: left out where the caller may not list them (a submission made in a region outside the caller's)",
              ),
          }),
        )
        .describe('newest first, as `GET /v1/units/{id}/submissions` shows them: the unit sees a result once the campaign is ranked'),
      instructors: z.array(appointment).describe('appointments past and present, newest first'),
    }),
  ),
  'UnitDossier',
  "A unit's dossier (单位档案): the unit, its namings with their rechecks and notices, its submissions with their states, results and evidence counts, its instructors past and present.",
);

export const unitsContract = {
  createUnit: { body: named(unitCreate, 'UnitCreate'), response: unit, etag: true },
  listUnits: { query: unitListQuery, response: named(listOf(unit), 'UnitPage') },
  getUnit: { response: unit, etag: true },
  updateUnit: { body: named(unitPatch, 'UnitPatch'), response: unit, etag: true },
  getUnitDossier: { response: dossier },
  listRegions: { query: regionListQuery, response: named(listOf(region), 'RegionPage') },
  getRegion: { response: region },
  putAuthority: { body: named(authorityPut, 'AuthorityPut'), response: authority, etag: true },
  getAuthority: { response: authority, etag: true },
} satisfies Contract<'units'>;
