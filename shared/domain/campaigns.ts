import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { type FieldProblem, text as bilingual, says } from './errors.ts';
import { namingLevels, type NamingLevel } from './namings.ts';
import { findRegion, isGrouping, regionCode } from './regions.ts';
import { civilDate } from './time.ts';
import { text } from './units.ts';

/** What a campaign (批次) is for: naming units, or the annual evaluation of named ones. */
export const campaignKinds = ['naming', 'annual-evaluation'] as const;

/** A campaign's stored status: open (applications and reviews), ranked (appeal window), public-notice, concluded. */
export const campaignStatuses = ['open', 'ranked', 'public-notice', 'concluded'] as const;
/** A campaign's status. */
export type CampaignStatus = (typeof campaignStatuses)[number];

/** A round's name as it appears in paths: `/rounds/{round}`. */
export const roundName = lazySchema(() =>
  z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,31}$/,
      says(
        '须为 1–32 个小写字母、数字或 "-"，例如 document、on-site',
        'must be 1–32 lower-case letters, digits or "-", e.g. document, on-site',
      ),
    ),
);

const window = lazySchema(() => z.strictObject({ from: civilDate, to: civilDate }));

/** Body of `POST /v1/campaigns`. */
export const campaignCreate = lazySchema(() =>
  z.strictObject({
    name: text(200),
    kind: z.enum(campaignKinds),
    level: z.enum(namingLevels),
    /** The campaign's region; an authority's own region by default. */
    regionCode: regionCode.optional(),
    frameworkId: z.string().min(1).max(100),
    rounds: z
      .array(z.strictObject({ name: roundName, weight: z.number().min(0).max(1) }))
      .min(1)
      .max(2)
      .describe('1 or 2 rounds: a document round, then an on-site round; weights sum to 1'),
    passMark: z.number().min(0).max(200),
    quota: z.int().min(1).max(10_000),
    grassrootsShare: z.number().min(0).max(1).describe('share of the quota reserved for units at county level and below'),
    benchmarks: z.record(z.string().max(64), z.number()).default({}),
    dates: z.strictObject({
      applicationsOpen: civilDate,
      applicationsClose: civilDate,
      documentReview: window,
      onSiteReview: window.optional(),
      appealWorkingDays: z.int().min(1).max(30).describe('the appeal window, in working days from the ranking'),
      publicNoticeWorkingDays: z.int().min(1).max(30).describe('the public notice (公示), in working days from the final results'),
    }),
  }),
);

/** A campaign as submitted. */
export type CampaignCreate = z.infer<typeof campaignCreate>;

/** A stored campaign. */
export const campaignSchema = lazySchema(() =>
  campaignCreate.unwrap().extend({
    id: z.string(),
    regionCode,
    authorityId: z.string().describe('the agency that runs it'),
    status: z.enum(campaignStatuses),
    rankedOn: civilDate.optional(),
    appealEndsOn: civilDate.optional().describe('last day of the appeal window'),
    finalOn: civilDate.optional(),
    noticeEndsOn: civilDate.optional().describe('last day of the public notice'),
    provisional: z.boolean().optional().describe('a deadline was computed from a holiday calendar not yet published'),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

/** A stored campaign. */
export type Campaign = z.infer<typeof campaignSchema>;

/** Query of `GET /v1/campaigns`. */
export const campaignListQuery = lazySchema(() =>
  z.strictObject({
    region: regionCode.optional(),
    status: z.enum(campaignStatuses).optional(),
    limit,
    cursor,
  }),
);

const levelOfRegion: Record<string, NamingLevel> = { province: 'province', city: 'city', county: 'county' };

/** The level an authority in a region works at: `000000` is national. */
export function levelOf(regionCode: string): NamingLevel | undefined {
  if (regionCode === '000000') return 'national';
  const region = findRegion(regionCode);
  return region ? levelOfRegion[region.level] : undefined;
}

/** What is wrong with a campaign beyond its shape: dates out of order, rounds, level against region. */
export function campaignProblems(c: CampaignCreate & { regionCode: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { dates } = c;
  const order: [string, string, string][] = [
    ['/dates/applicationsClose', dates.applicationsOpen, dates.applicationsClose],
    ['/dates/documentReview/from', dates.applicationsClose, dates.documentReview.from],
    ['/dates/documentReview/to', dates.documentReview.from, dates.documentReview.to],
  ];
  if (dates.onSiteReview) {
    order.push(
      ['/dates/onSiteReview/from', dates.documentReview.to, dates.onSiteReview.from],
      ['/dates/onSiteReview/to', dates.onSiteReview.from, dates.onSiteReview.to],
    );
  }
  for (const [pointer, before, after] of order) {
    const strict = pointer.endsWith('/from');
    if (strict ? after <= before : after < before)
      problems.push({
        pointer,
        detail: bilingual(`须${strict ? '晚于' : '不早于'} ${before}`, `must be ${strict ? 'after' : 'on or after'} ${before}`),
      });
  }
  if (c.rounds.length === 2 && !dates.onSiteReview)
    problems.push({
      pointer: '/dates/onSiteReview',
      detail: bilingual('第二轮（实地）评审须有评审时段', 'a second (on-site) round needs its review window'),
    });
  if (c.rounds.length === 1 && dates.onSiteReview)
    problems.push({
      pointer: '/dates/onSiteReview',
      detail: bilingual('只有设实地评审轮次的评选活动才有实地评审时段', 'only a campaign with an on-site round has an on-site window'),
    });
  if (Math.abs(c.rounds.reduce((s, r) => s + r.weight, 0) - 1) > 1e-9)
    problems.push({ pointer: '/rounds', detail: bilingual('各轮权重之和须为 1', 'round weights must sum to 1') });
  if (new Set(c.rounds.map((r) => r.name)).size !== c.rounds.length)
    problems.push({ pointer: '/rounds', detail: bilingual('轮次名称不得重复', 'round names must be unique') });
  const level = levelOf(c.regionCode);
  if (level !== c.level)
    problems.push({
      pointer: '/level',
      detail: bilingual(
        `地区 ${c.regionCode} 的评选活动层级为 ${level ?? '未知'}`,
        `a campaign in region ${c.regionCode} is at ${level ?? 'no known'} level`,
      ),
    });
  return problems;
}

/**
 * The authorities that recommend a unit upward, in order (DOMAIN.md rule 9): the region codes from the unit's own
 * county (or city) up to the campaign's region, each of which endorses in turn.
 */
export function endorsementChain(unitRegion: string, campaignRegion: string): string[] {
  const chain = [unitRegion, `${unitRegion.slice(0, 4)}00`, `${unitRegion.slice(0, 2)}0000`, '000000'];
  const unique = chain.filter((code, i) => chain.indexOf(code) === i && !isGrouping(code));
  const last = unique.indexOf(campaignRegion);
  return last === -1 ? [] : unique.slice(0, last + 1);
}

/** Whether a unit's region lies at county level or below (DOMAIN.md rule 4: the grassroots share). */
export function isGrassroots(unitRegion: string): boolean {
  return levelOf(unitRegion) === 'county';
}
