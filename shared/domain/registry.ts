import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { unitTypes } from './units.ts';
import { namingLevels, namingStatuses } from './namings.ts';
import { cursor, limit } from '../http/schemas.ts';

const regionPrefix = lazySchema(() => z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'must be a 2-, 4- or 6-digit region prefix'));

/** A registry entry as the public sees it: no contacts, no personal data. */
export const registryEntry = lazySchema(() => z.object({
  certificateNo: z.string(),
  unitName: z.string(),
  unitType: z.enum(unitTypes),
  regionCode: z.string(),
  level: z.enum(namingLevels),
  namedOn: z.string(),
  expiresOn: z.string(),
  status: z.enum([...namingStatuses, 'expiring']),
  revokedOn: z.string().optional(),
}));

/** Query of `GET /v1/registry`. */
export const registryQuery = lazySchema(() => z.strictObject({
  region: regionPrefix,
  type: z.enum(unitTypes).optional(),
  level: z.enum(namingLevels).optional(),
  status: z.enum(namingStatuses).optional(),
  limit,
  cursor,
}));

/** Query of `GET /v1/namings/eligible`. */
export const eligibleQuery = lazySchema(() => z.strictObject({ level: z.enum(namingLevels), region: regionPrefix, limit, cursor }));

/** Body of `POST /v1/namings/{id}/revoke`. */
export const revokeBody = lazySchema(() => z.strictObject({ reason: z.string().trim().min(2, 'a reason is required').max(1000) }));
