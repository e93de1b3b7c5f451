import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { contact, knownRegionCode, text } from './units.ts';
import { certificatePrefixPattern, defaultCertificatePrefix, nationalPrefix, provinceAbbreviations } from './namings.ts';
import { says, text as bilingual, type FieldProblem } from './errors.ts';

const isProvinceDefault = (prefix: string) => Object.values(provinceAbbreviations).some((a) => prefix === `${a}民示`);

/** A contact of an authority: whom notices name and copy, and whether they get the weekly digest. */
const authorityContact = lazySchema(() =>
  contact.unwrap().extend({
    digest: z
      .boolean()
      .optional()
      .describe(
        "whether this contact gets the Monday digest of the agency's open work (default true); false opts a contact already in the directory out",
      ),
  }),
);

/** The fields of an authority's directory entry. */
const authorityFields = lazySchema(() =>
  z.strictObject({
    name: text(100),
    regionCode: knownRegionCode.or(z.literal('000000')).describe('the region it is responsible for; 000000 for the national commission'),
    contacts: z.array(authorityContact).min(1).max(5),
    certificatePrefix: z
      .string()
      .regex(certificatePrefixPattern, says('须为 1 至 6 个汉字，例如 鄂民示', 'must be 1 to 6 Chinese characters, e.g. 鄂民示'))
      .optional()
      .describe(
        "the prefix of the certificate numbers it issues (its own series per year); by default 国民示 nationally, the province's abbreviation + 民示 for a province (鄂民示), and the province's abbreviation + the first two characters of its name + 民示 for a city or county (鄂武汉民示)",
      ),
  }),
);

/** Body of `PUT /v1/authorities/{agencyId}`: an ethnic affairs department, whom to write to there, its certificate series. */
export const authorityPut = lazySchema(() =>
  authorityFields
    .unwrap()
    .refine((a) => a.regionCode !== '000000' || a.certificatePrefix === undefined || a.certificatePrefix === nationalPrefix, {
      path: ['certificatePrefix'],
      message: says(`国家级前缀为 ${nationalPrefix}`, `the national prefix is ${nationalPrefix}`),
    })
    .refine((a) => a.regionCode === '000000' || !a.certificatePrefix?.startsWith(nationalPrefix), {
      path: ['certificatePrefix'],
      message: says(`${nationalPrefix} 是国家级编号序列`, `${nationalPrefix} is the national series`),
    })
    .refine(
      (a) =>
        !a.certificatePrefix ||
        !isProvinceDefault(a.certificatePrefix) ||
        (a.regionCode === `${a.regionCode.slice(0, 2)}0000` && a.certificatePrefix === defaultCertificatePrefix('province', a.regionCode)),
      {
        path: ['certificatePrefix'],
        message: says(
          '省级编号序列（省简称 + 民示）仅限该省民族工作部门使用',
          "a province's own series (its abbreviation + 民示) is for that province's authority only",
        ),
      },
    ),
);
/** An authority as submitted. */
export type AuthorityPut = z.infer<typeof authorityPut>;

/** An authority of the directory: its agency id (the `agencyId` of its tokens), name, region and contacts. */
export const authoritySchema = lazySchema(() =>
  authorityFields.unwrap().extend({ agencyId: z.string(), version: z.number().int(), updatedAt: z.string() }),
);
/** An authority of the directory. */
export type Authority = z.infer<typeof authoritySchema>;

/** The line a notice gives for reaching an authority: its name and first contact. */
export function contactLine(authority: Authority | undefined, fallback: string): string {
  if (!authority) return fallback;
  const first = authority.contacts[0]!;
  return `${authority.name}（${first.name}，${[first.phone, first.email].filter(Boolean).join('，')}）`;
}

/**
 * The opt-outs of a directory entry that name no contact the directory has for the agency (matched by email, case
 * aside): a contact opts out of the digest it gets, so one not yet registered (or the first entry of an agency) cannot.
 */
export function unknownOptOuts(
  stored: readonly { email: string }[] | undefined,
  submitted: readonly { email: string; digest?: boolean }[],
): FieldProblem[] {
  const known = new Set((stored ?? []).map((c) => c.email.toLowerCase()));
  return submitted.flatMap((c, i) =>
    c.digest === false && !known.has(c.email.toLowerCase())
      ? [
          {
            pointer: `/contacts/${i}/digest`,
            detail: bilingual(
              `${c.email} 不是本部门名录中的联系人，不能退订每周待办摘要；请先登记该联系人。`,
              `${c.email} is not a contact of this agency in the directory, so it cannot opt out of the weekly digest; register it first.`,
            ),
          },
        ]
      : [],
  );
}
