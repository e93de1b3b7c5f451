import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { unitTypes } from './units.ts';
import { namingKinds, namingLevels, namingStatuses } from './namings.ts';
import { says } from './errors.ts';

const regionPrefix = lazySchema(() =>
  z.string().regex(/^\d{2}(\d{2}){0,2}$/, says('须为 2 位、4 位或 6 位的地区代码前缀', 'must be a 2-, 4- or 6-digit region prefix')),
);

/** A registry entry as the public sees it: no contacts, no personal data. */
export const registryEntry = lazySchema(() =>
  z.object({
    certificateNo: z.string(),
    unitName: z.string(),
    unitType: z.enum(unitTypes),
    kind: z.enum(namingKinds).describe('unit: a 示范单位 (an organisation); zone: a 示范区 (a county, city or district as a whole)'),
    regionCode: z.string(),
    level: z.enum(namingLevels),
    namedOn: z.string(),
    expiresOn: z.string(),
    status: z.enum([...namingStatuses, 'expiring']),
    revokedOn: z.string().optional(),
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
