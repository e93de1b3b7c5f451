import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { contact, knownRegionCode, text } from './units.ts';
import { certificatePrefixPattern, defaultCertificatePrefix, nationalPrefix, provinceAbbreviations } from './namings.ts';
import { says } from './errors.ts';

const isProvinceDefault = (prefix: string) => Object.values(provinceAbbreviations).some((a) => prefix === `${a}民示`);

/** The fields of an authority's directory entry. */
const authorityFields = lazySchema(() =>
  z.strictObject({
    name: text(100),
    regionCode: knownRegionCode.or(z.literal('000000')).describe('the region it is responsible for; 000000 for the national commission'),
    contacts: z.array(contact).min(1).max(5),
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
