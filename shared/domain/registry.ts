import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { unitTypes } from './units.ts';
import { commendationRecord, namingKinds, namingLevels, namingStatuses, publicCommendation } from './namings.ts';
import { says } from './errors.ts';

const regionPrefix = lazySchema(() =>
  z.string().regex(/^\d{2}(\d{2}){0,2}$/, says('须为 2 位、4 位或 6 位的地区代码前缀', 'must be a 2-, 4- or 6-digit region prefix')),
);

/** How the API describes each kind of honour. */
export const kindDescription =
  'unit: a 示范单位 (an organisation); zone: a 示范区 (a county, city or district as a whole); base: a 教育基地 (education base); individual: a 先进个人 (advanced individual)';

/** An advanced individual as anyone may know them: the name and the work unit. */
export const personSchema = lazySchema(() => z.object({ name: z.string(), workUnit: z.string() }));

/** A registry entry as the public sees it: no contacts, no personal data. */
export const registryEntry = lazySchema(() =>
  z.object({
    certificateNo: z.string(),
    unitName: z.string(),
    unitType: z.enum(unitTypes),
    kind: z.enum(namingKinds).describe(kindDescription),
    label: z.string().describe('the honour as the public reads it: 民族团结进步示范单位, …示范区, …教育基地 or …先进个人'),
    person: personSchema.optional().describe('an advanced individual: the name and the work unit, nothing more'),
    regionCode: z.string(),
    level: z.enum(namingLevels),
    namedOn: z.string(),
    expiresOn: z.string(),
    status: z.enum([...namingStatuses, 'expiring']),
    revokedOn: z.string().optional(),
    commendations: z
      .array(publicCommendation)
      .optional()
      .describe('honours conferred on the holder for standing on this naming (表彰): title, date, decision number'),
  }),
);

/** Query of `GET /v1/registry`. */
export const registryQuery = lazySchema(() =>
  z.strictObject({
    region: regionPrefix,
    type: z.enum(unitTypes).optional(),
    kind: z.enum(namingKinds).optional(),
    level: z.enum(namingLevels).optional(),
    status: z.enum(namingStatuses).optional(),
    limit,
    cursor,
  }),
);

/** Query of `GET /v1/namings`: a region's namings, filtered; or with `expiringWithin`, those whose term ends soon. */
export const namingListQuery = lazySchema(() =>
  registryQuery.unwrap().extend({
    expiringWithin: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('only active namings whose term ends within this many days (1–365), soonest first'),
  }),
);

/** A naming as a list of namings shows it to authorities (no contacts). */
export const namingSummary = lazySchema(() =>
  z.object({
    id: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    unitType: z.enum(unitTypes),
    kind: z.enum(namingKinds),
    person: personSchema.optional().describe("an advanced individual's name and work unit"),
    regionCode: z.string(),
    level: z.enum(namingLevels),
    campaignId: z.string().optional(),
    certificateNo: z.string(),
    namedOn: z.string(),
    expiresOn: z.string(),
    status: z.enum(namingStatuses),
    shownStatus: z.enum([...namingStatuses, 'expiring']),
    daysLeft: z.number().int().optional().describe('days from today to the last day of the term, when it is in force'),
    revokedOn: z.string().optional(),
    commendations: z.array(commendationRecord).optional().describe('honours conferred on the holder for standing on it (表彰)'),
    issuedBy: z.string(),
    issuer: z.object({ agencyId: z.string(), level: z.enum(namingLevels), regionCode: z.string() }),
    version: z.number().int(),
  }),
);

/** Query of `GET /v1/namings/eligible`. */
export const eligibleQuery = lazySchema(() => z.strictObject({ level: z.enum(namingLevels), region: regionPrefix, limit, cursor }));

/** Body of `POST /v1/namings/{id}/revoke`. */
export const revokeBody = lazySchema(() =>
  z.strictObject({ reason: z.string().trim().min(2, says('须说明理由', 'a reason is required')).max(1000) }),
);
