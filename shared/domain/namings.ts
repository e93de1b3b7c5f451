import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { addYears, civilDate, daysFrom } from './time.ts';
import { covers, findRegion } from './regions.ts';
import type { UnitType } from './units.ts';
import { nextMilestone, type Milestone } from './agenda.ts';
import { says } from './errors.ts';
import type { RevocationProposal } from './evaluations.ts';

/** Naming levels, lowest first (DOMAIN.md: county, city, province, national). */
export const namingLevels = ['county', 'city', 'province', 'national'] as const;

/** A naming level. */
export type NamingLevel = (typeof namingLevels)[number];

/** How Chinese documents name each level. */
export const namingLevelNames: Record<NamingLevel, string> = { county: '县级', city: '市级', province: '省级', national: '国家级' };

/** Stored statuses; `expiring` is shown, not stored (within the reminder window of an active naming). */
export const namingStatuses = ['active', 'revoked', 'expired', 'superseded'] as const;

/** A naming's stored status. */
export type NamingStatus = (typeof namingStatuses)[number];

/** How long a naming lasts (DOMAIN.md rule 1). */
export const termYears = 5;

/** Default days before expiry at which the holder is reminded, and 0: the day it expires ("expired — apply again"); configurable. */
export const expiryMilestones = [180, 90, 30, 7, 0] as const;

/** The agenda step, one day after the expiry date, that marks a naming expired (a notice only if the last day's was never sent). */
export const expiredStep = -1;

/**
 * The steps of a naming's expiry agenda: each reminder (days before expiry, the last on the day itself; from
 * configuration) and then `expiredStep`, the day after: a naming is in force through `expiresOn` (DOMAIN.md rule 16).
 */
export function expiryAgenda(reminders: readonly number[]): readonly number[] {
  return [...reminders, expiredStep];
}

/** The reminders before a naming expires, in days, unless configuration says otherwise (NAMING_REMINDER_DAYS). */
export const defaultReminders: readonly number[] = [180, 90, 30, 7, 0];

/**
 * The step a new naming's expiry agenda starts at, seen on `today`: the first reminder still ahead, or the latest one
 * due. A naming that expired before it was stored stands at the last day's step, overdue: the sweep then tells the
 * holder once that it has expired (a stored `expiredStep` means the last day's notice went out).
 */
export function firstExpiryStep(expiresOn: string, reminders: readonly number[], today: string): Milestone | undefined {
  const first = nextMilestone(expiresOn, expiryAgenda(reminders), today);
  return first?.daysBefore === expiredStep ? { daysBefore: 0, date: first.date } : first;
}

/** A naming made on `namedOn` expires 5 years later (DESIGN.md, Time). */
export function expiryOf(namedOn: string): string {
  return addYears(namedOn, termYears);
}

/**
 * The status to show on a date: a stored active naming is in force through its expiry date (the last day of its
 * term, DOMAIN.md rule 16) and shows as expired from the day after even before the sweep has marked it; it is
 * expiring within the reminder window (the first milestone, 180 days by default).
 */
export function shownStatus(
  status: NamingStatus,
  expiresOn: string,
  today: string,
  windowDays: number = expiryMilestones[0],
): NamingStatus | 'expiring' {
  if (status !== 'active') return status;
  if (today > expiresOn) return 'expired';
  return daysFrom(today, expiresOn) <= windowDays ? 'expiring' : 'active';
}

/** Province abbreviations used in certificate numbers (鄂 for Hubei …), by 2-digit province code. */
export const provinceAbbreviations: Record<string, string> = {
  11: '京',
  12: '津',
  13: '冀',
  14: '晋',
  15: '蒙',
  21: '辽',
  22: '吉',
  23: '黑',
  31: '沪',
  32: '苏',
  33: '浙',
  34: '皖',
  35: '闽',
  36: '赣',
  37: '鲁',
  41: '豫',
  42: '鄂',
  43: '湘',
  44: '粤',
  45: '桂',
  46: '琼',
  50: '渝',
  51: '川',
  52: '黔',
  53: '滇',
  54: '藏',
  61: '陕',
  62: '甘',
  63: '青',
  64: '宁',
  65: '新',
};

/** The prefix of every national certificate number. */
export const nationalPrefix = '国民示';

/** What a certificate prefix looks like: 1 to 6 Chinese characters, as in `鄂民示` or `汉民示`. */
export const certificatePrefixPattern = /^[\u4e00-\u9fa5]{1,6}$/;

/**
 * The certificate prefix an issuing authority uses unless its directory entry names one (`certificatePrefix`):
 * national `国民示`; a province its abbreviation + `民示` (`鄂民示`); a city or county the province's abbreviation, the
 * first two characters of its own name and `民示` (`鄂武汉民示` for Wuhan, `鄂江岸民示` for 江岸区), so that no two
 * levels of one province share a series.
 */
export function defaultCertificatePrefix(level: NamingLevel, regionCode: string): string {
  if (level === 'national') return nationalPrefix;
  const province = provinceAbbreviations[regionCode.slice(0, 2)] ?? '民';
  if (level === 'province') return `${province}民示`;
  const name = (findRegion(regionCode)?.name ?? '').replace(/[^\u4e00-\u9fa5]/g, '').slice(0, 2);
  return `${province}${name}民示`;
}

/** A certificate number: prefix, year in 〔〕 and a 4-digit sequence, e.g. `鄂民示〔2026〕0001`. */
export function certificateNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}〔${year}〕${String(sequence).padStart(4, '0')}`;
}

const certificatePattern = /^([\u4e00-\u9fa5]{1,7})〔(\d{4})〕(\d{1,6})$/;

/** What a certificate number looks like; anything else is refused before any lookup. */
export const certificateNo = lazySchema(() =>
  z.string().regex(certificatePattern, says('格式须形如 鄂民示〔2026〕0001', 'must look like 鄂民示〔2026〕0001')),
);

/**
 * A certificate number as Shifan writes it (the sequence padded to 4 digits), or undefined when it is not one: so
 * that `鄂民示〔2026〕1` and `鄂民示〔2026〕0001` are one number, held once.
 */
export function canonicalCertificate(no: string): string | undefined {
  const parsed = parseCertificateNumber(no);
  return parsed && certificateNumber(parsed.prefix, parsed.year, parsed.sequence);
}

/** The series a certificate number belongs to (prefix and year) and its place in it. */
export function parseCertificateNumber(no: string): { prefix: string; year: number; sequence: number } | undefined {
  const match = certificatePattern.exec(no);
  return match ? { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) } : undefined;
}

/** Who issued a naming: the authority, the level it named at and the region it named for (DOMAIN.md rule 15). */
export interface Issuer {
  agencyId: string;
  level: NamingLevel;
  regionCode: string;
}

/** The region at `level` that holds `code`: its county, its city (`420100`), its province (`420000`) or the country. */
export function regionAtLevel(code: string, level: NamingLevel): string {
  if (level === 'national') return '000000';
  if (level === 'province') return `${code.slice(0, 2)}0000`;
  if (level === 'city') return `${code.slice(0, 4)}00`;
  return code;
}

/** An authority as the naming rules see it: its agency, the level it works at and its region. */
export interface AuthorityPosition {
  agencyId: string;
  level: NamingLevel;
  regionCode: string;
}

/**
 * Whether an authority may change a naming (revoke, recheck, decide a recheck …): its issuer, or an authority above
 * the issuer's level whose region holds the issuer's (the province over its cities' namings, the national authority
 * over all). A lower level recommends and reports; it does not revoke (DOMAIN.md rule 15).
 */
export function mayManage(authority: AuthorityPosition, issuer: Issuer): boolean {
  if (authority.agencyId === issuer.agencyId) return true;
  return namingLevels.indexOf(authority.level) > namingLevels.indexOf(issuer.level) && covers(authority.regionCode, issuer.regionCode);
}

/** Whether an authority at `level` may import a naming issued at `namingLevel`: its own level or below. */
export function mayImportAt(level: NamingLevel, namingLevel: NamingLevel): boolean {
  return namingLevels.indexOf(namingLevel) <= namingLevels.indexOf(level);
}

/**
 * What a naming names (DOMAIN.md rules 12–13): a demonstration unit (示范单位, an organisation), a zone (示范区, a
 * county, city or district as a whole, applying through its government), an education base (教育基地) or an advanced
 * individual (先进个人). A campaign names one kind (`honour`); each kind has its own certificate series.
 */
export const namingKinds = ['unit', 'zone', 'base', 'individual'] as const;

/** What a naming names. */
export type NamingKind = (typeof namingKinds)[number];

/** How a notice or a document calls what a naming names. */
export const namingKindNames: Record<NamingKind, string> = { unit: '示范单位', zone: '示范区', base: '教育基地', individual: '先进个人' };

/** The title the public registry shows for each kind (the honour's full name). */
export const registryLabels: Record<NamingKind, string> = {
  unit: '民族团结进步示范单位',
  zone: '民族团结进步示范区',
  base: '民族团结进步教育基地',
  individual: '民族团结进步先进个人',
};

/**
 * The character a kind adds to its issuer's prefix, so that each kind counts its own series: `鄂民示〔2026〕0001` is a
 * unit, `鄂民示区〔2026〕0001` a zone, `鄂民示基〔2026〕0001` a base, `鄂民示个〔2026〕0001` an individual.
 */
export const seriesMarks: Record<NamingKind, string> = { unit: '', zone: '区', base: '基', individual: '个' };

/** The prefix of a kind's series: the issuer's prefix and the kind's mark. */
export function seriesPrefix(issuerPrefix: string, kind: NamingKind): string {
  return `${issuerPrefix}${seriesMarks[kind]}`;
}

/** What the public may know of an advanced individual: the name and the work unit, nothing more. */
export interface PublicPerson {
  name: string;
  workUnit: string;
}

/** One row of `POST /v1/namings/import` (a contract). */
export const importRow = lazySchema(() =>
  z.strictObject({
    unitId: z.string().min(1).max(128),
    level: z.enum(namingLevels),
    certificateNo: certificateNo.refine((no) => [no, undefined].includes(canonicalCertificate(no)), {
      message: says(
        '序号至少写 4 位，与系统一致（写作 鄂民示〔2026〕0001，而非 鄂民示〔2026〕1）：一个编号只有一种写法',
        'write the sequence with at least 4 digits, as Shifan does (鄂民示〔2026〕0001, not 鄂民示〔2026〕1): one number, one spelling',
      ),
    }),
    namedOn: civilDate,
    expiresOn: civilDate.optional(),
    issuedBy: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe("the issuing authority's agency id, for an admin importing on its behalf; an authority imports as itself"),
    kind: z.enum(namingKinds).optional().describe('what it names; by default a 示范区 for a unit with zone: true, else a 示范单位'),
    person: z
      .strictObject({ name: z.string().trim().min(1).max(50), workUnit: z.string().trim().min(1).max(200) })
      .optional()
      .describe("an advanced individual's name and work unit: required with kind individual, refused otherwise"),
  }),
);

/** One row of an import. */
export type ImportRow = z.infer<typeof importRow>;

/** Body of `POST /v1/namings/import`: rows are validated one by one, so the body itself only needs to be a list. */
export const importBody = lazySchema(() => z.strictObject({ rows: z.array(z.unknown()).min(1).max(500) }));

/** A naming (命名). */
export interface Naming {
  id: string;
  unitId: string;
  unitName: string;
  unitType: UnitType;
  regionCode: string;
  level: NamingLevel;
  campaignId?: string;
  certificateNo: string;
  namedOn: string;
  expiresOn: string;
  status: NamingStatus;
  supersededBy?: string;
  revokedOn?: string;
  revokeReason?: string;
  /** The issuing authority's agency id (`issuer.agencyId`): notices and costs are attributed to it. */
  issuedBy: string;
  /** Who issued it, at which level and for which region: only they, or an authority above them, change it. */
  issuer: Issuer;
  /** What it names: the campaign's `honour`; for older namings and imports, a 示范区 when the unit is a zone, else a 示范单位. */
  kind: NamingKind;
  /** An advanced individual's public particulars (name and work unit); the rest stays on the nomination. */
  person?: PublicPerson;
  /** The decision document it was named by (命名决定), when its campaign recorded one. */
  decision?: { number: string; date: string };
  /** Honours conferred on the holder for standing on this naming (表彰, DOMAIN.md rule 3), oldest first. */
  commendations?: Commendation[];
  /** The unit's supervising authority, copied in its notices. */
  supervisorId?: string;
  /** The renewal submitted for it: its reminders stopped then. */
  renewalSubmissionId?: string;
  /** A failed annual evaluation proposed revoking it; its issuer (or an authority above) decides (issue #19). */
  revocationProposal?: RevocationProposal;
  /** Where its notices go: the unit's contact emails, kept here so the sweep reads nothing but what is due. */
  recipients: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The next expiry milestone to act on (days before expiry), while one is left. */
  nextMilestone?: number;
  nextMilestoneOn?: string;
}

/** What a list of namings shows of each (and what a facet keeps): no contacts, no renewal, no agenda. */
export type NamingSummary = Pick<
  Naming,
  | 'id'
  | 'unitId'
  | 'unitName'
  | 'unitType'
  | 'kind'
  | 'person'
  | 'regionCode'
  | 'level'
  | 'campaignId'
  | 'certificateNo'
  | 'namedOn'
  | 'expiresOn'
  | 'status'
  | 'revokedOn'
  | 'commendations'
  | 'issuedBy'
  | 'issuer'
  | 'version'
>;

/** A commendation (表彰) conferred by a commendation campaign on the holder of a naming, recorded on that naming. */
export const commendationRecord = lazySchema(() =>
  z.object({
    title: z.string().describe('the honour, e.g. 省级模范集体'),
    level: z.enum(namingLevels).describe('the level of the campaign that conferred it'),
    campaignId: z.string(),
    on: civilDate.describe("the decision's date, else the day the campaign concluded"),
    decisionNo: z.string().optional().describe("the decision document's number (文号), when the campaign recorded one"),
  }),
);

/** A commendation recorded on a naming. */
export type Commendation = z.infer<typeof commendationRecord>;

/** What the public registry shows of a commendation: the title, the date and the decision number. */
export const publicCommendation = lazySchema(() => commendationRecord.unwrap().pick({ title: true, on: true, decisionNo: true }));

/**
 * Whether a naming makes its holder eligible, on `today`, for a commendation open to namings at `minLevel` or above
 * (DOMAIN.md rule 3: model collectives are chosen from named units): it is in force — it shows active or expiring,
 * not expired, revoked or superseded — at that level or above. `GET /v1/namings/eligible` lists exactly these, and an
 * application to a commendation campaign is accepted on exactly these.
 */
export function eligibleForCommendation(
  naming: Pick<NamingSummary, 'level' | 'status' | 'expiresOn'> & { kind?: NamingKind },
  minLevel: NamingLevel,
  today: string,
): boolean {
  // A model collective (模范集体) stands on a collective's honour: an advanced individual's naming honours a person,
  // not the unit that nominated them.
  if (naming.kind === 'individual') return false;
  const shown = shownStatus(naming.status, naming.expiresOn, today);
  return (shown === 'active' || shown === 'expiring') && namingLevels.indexOf(naming.level) >= namingLevels.indexOf(minLevel);
}

/** The naming a commendation applicant stands on: of its eligible namings, the highest level, then the one in force longest. */
export function commendationBasis<N extends Pick<NamingSummary, 'level' | 'status' | 'expiresOn'> & { kind?: NamingKind }>(
  namings: readonly N[],
  minLevel: NamingLevel,
  today: string,
): N | undefined {
  return namings
    .filter((n) => eligibleForCommendation(n, minLevel, today))
    .sort((a, b) => namingLevels.indexOf(b.level) - namingLevels.indexOf(a.level) || b.expiresOn.localeCompare(a.expiresOn))[0];
}
