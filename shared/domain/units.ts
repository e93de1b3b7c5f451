import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { findRegion, regionCode } from './regions.ts';
import { says } from './errors.ts';
import { searchKey } from './unit-search.ts';

/** Unit types: the "seven entries" and the extended lists (DOMAIN.md rule 5). */
export const unitTypes = [
  'organ',
  'enterprise',
  'community',
  'township',
  'subdistrict',
  'school',
  'military-company',
  'religious-venue',
  'village',
  'park',
  'office-building',
  'service-window',
  'scenic-area',
  'family',
  'social-organization',
] as const;

/** A unit's type. */
export type UnitType = (typeof unitTypes)[number];

/** How Chinese documents name each unit type (DOMAIN.md rule 5). */
export const unitTypeNames: Record<UnitType, string> = {
  organ: '机关',
  enterprise: '企业',
  community: '社区',
  township: '乡镇',
  subdistrict: '街道',
  school: '学校',
  'military-company': '连队',
  'religious-venue': '宗教活动场所',
  village: '村',
  park: '园区',
  'office-building': '楼宇',
  'service-window': '窗口服务单位',
  'scenic-area': '景区',
  family: '家庭',
  'social-organization': '社会组织',
};

/** Trimmed text of 1–`max` characters; Chinese counts one per character. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, says('不得为空', 'must not be empty'))
    .max(max, says(`不得超过 ${max} 个字符`, `must be at most ${max} characters`));
}

/** A mainland mobile or landline number, digits with an optional leading +86 and hyphens. */
export const phone = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(
      /^(\+86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8})$/,
      says('须为中国大陆手机号或固定电话号码', 'must be a mainland mobile or landline number'),
    ),
);

/** A contact person of a unit. */
export const contact = lazySchema(() =>
  z.strictObject({
    name: text(50),
    email: z.email(says('须为有效的电子邮件地址', 'must be a valid email address')).max(254),
    phone: phone.optional(),
  }),
);

/** A region code that exists in the national directory. */
export const knownRegionCode = lazySchema(() =>
  regionCode.refine((code) => findRegion(code) !== undefined, says('不在行政区划名录中', 'is not in the region directory')),
);

/** Body of `POST /v1/units` (a contract: keep the field names). */
export const unitCreate = lazySchema(() =>
  z.strictObject({
    name: text(200),
    type: z.enum(unitTypes),
    regionCode: knownRegionCode,
    zone: z.boolean(),
    contacts: z.array(contact).min(1).max(10),
    authorityId: text(100).optional(),
  }),
);

/** Body of `PATCH /v1/units/{id}`: a merge patch; `authorityId: null` removes it. */
export const unitPatch = lazySchema(() =>
  unitCreate
    .unwrap()
    .extend({ authorityId: text(100).nullable() })
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, says('须至少修改一个字段', 'must change at least one field')),
);

/** Fields a unit user may change on its own unit. */
export const selfEditableUnitFields: readonly string[] = ['contacts'];

/** A stored unit as the API shows it. */
export const unitSchema = lazySchema(() =>
  unitCreate.unwrap().extend({
    id: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

/** A unit. */
export type Unit = z.infer<typeof unitSchema>;
/** Fields a unit is created with. */
export type UnitCreate = z.infer<typeof unitCreate>;
/** A merge patch of a unit. */
export type UnitPatch = z.infer<typeof unitPatch>;

/**
 * Query of `GET /v1/units`: `region` is a 2-, 4- or 6-digit prefix of division codes; `q`, part of the name (2–50
 * characters, full-width and half-width forms alike, shared/domain/unit-search.ts).
 */
export const unitListQuery = lazySchema(() =>
  z.strictObject({
    region: z
      .string()
      .regex(/^\d{2}(\d{2}){0,2}$/, says('须为 2 位、4 位或 6 位的地区代码前缀', 'must be a 2-, 4- or 6-digit region prefix'))
      .optional(),
    type: z.enum(unitTypes).optional(),
    q: z
      .string()
      .trim()
      .min(2, says('须至少 2 个字符', 'must be at least 2 characters'))
      .max(50, says('不得超过 50 个字符', 'must be at most 50 characters'))
      .refine(
        (q) => Array.from(searchKey(q)).length >= 2,
        says('去掉空白后须至少 2 个字符', 'must be at least 2 characters without white space'),
      )
      .optional(),
    limit,
    cursor,
  }),
);

/** Applies a merge patch to a unit, returning the new fields; `null` removes an optional field. */
export function applyUnitPatch(unit: Unit, patch: UnitPatch, now: string): Unit {
  const next: Unit = { ...unit, updatedAt: now, version: unit.version + 1 };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete (next as Record<string, unknown>)[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
