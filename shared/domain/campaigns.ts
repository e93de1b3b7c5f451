import * as z from 'zod';
import { cursor, lazySchema, limit } from './schema.ts';
import { type FieldProblem, text as bilingual, says } from './errors.ts';
import { namingKinds, namingLevels, type NamingKind, type NamingLevel } from './namings.ts';
import { childRegions, findRegion, isGrouping, regionCode, retiredRegion } from './regions.ts';
import { civilDate } from './time.ts';
import { text } from './units.ts';
import { bandProblems, evaluationBands } from './evaluations.ts';

/**
 * What a campaign (批次) is for: naming units, the annual evaluation of named ones, or commending model collectives
 * chosen from named units (表彰, DOMAIN.md rules 3 and 12).
 */
export const campaignKinds = ['naming', 'annual-evaluation', 'commendation'] as const;

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

/** Who gets a two-round campaign's on-site round: every submission, or only the key units its authority picks (seed 003). */
export const onSiteModes = ['all', 'key'] as const;

/** What a commendation campaign confers, and on whom: the title, and the lowest naming level an applicant must hold. */
export const commendationTerms = lazySchema(() =>
  z.strictObject({
    title: text(50).describe('the honour conferred, e.g. 省级模范集体, 国家级模范集体'),
    minLevel: z.enum(namingLevels).describe('applicants must hold a naming in force at this level or above'),
  }),
);

/** The most agencies that may organise a campaign jointly with its authority (seed 004: 市民宗委 with 人社局). */
export const maxCoOrganisers = 5;

/** Body of `POST /v1/campaigns/{id}/decision`: the number and date of the document that announces the results. */
export const campaignDecision = lazySchema(() =>
  z.strictObject({
    number: text(50).describe('the decision document number (文号), e.g. 鄂民宗发〔2026〕12号'),
    date: civilDate.describe('the date of the decision'),
  }),
);

/** A campaign's decision document (命名／表彰决定): its number and date. */
export type CampaignDecision = z.infer<typeof campaignDecision>;

/** Body of `POST /v1/campaigns`. */
export const campaignCreate = lazySchema(() =>
  z.strictObject({
    name: text(200),
    kind: z.enum(campaignKinds),
    commendation: commendationTerms.optional().describe('required for a commendation campaign, refused on any other'),
    coOrganisers: z
      .array(z.string().min(1).max(128))
      .max(maxCoOrganisers)
      .default([])
      .describe('agencies that organise it jointly (联合组织): they read what the organiser reads, and take none of its steps'),
    honour: z
      .enum(namingKinds)
      .default('unit')
      .describe(
        "what the campaign names: unit (示范单位, an organisation), zone (示范区: a county, city or district applies through its government, a unit with zone: true, scored on the framework's zone variant), base (教育基地) or individual (先进个人, nominated by a unit or an authority); each has its own certificate series",
      ),
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
    benchmarks: z
      .record(z.string().max(64), z.union([z.number(), z.record(z.string().max(64), z.number())]))
      .default({})
      .describe(
        'the values benchmark indicators compare with (e.g. GDP growth ≥ the national average): `{"gdpGrowth": 6.0}` holds defaults for every province; a 2-digit province code holds that province\'s own values, which override the defaults for units there (`{"gdpGrowth": 6.0, "42": {"gdpGrowth": 6.5}}`). A province key must lie in the campaign\'s region, and every benchmark the framework needs must resolve in every province the campaign covers',
      ),
    bands: evaluationBands.optional(),
    onSite: z
      .enum(onSiteModes)
      .optional()
      .describe(
        'who gets the on-site round of a two-round campaign: `all` (the default), or `key` — only the key units its authority picks (`PUT /v1/campaigns/{id}/on-site`, seed 003). An unpicked submission is scored on the document round alone: its final is its document-round total (that round weighs 1), its breakdown holds that round only and says `onSite: not-selected`; ranking compares finals as they are (ties go to the higher total of the last round each took)',
      ),
    rectification: z
      .strictObject({ dueOn: civilDate.describe('the last day of the window; after the document round, before the on-site round') })
      .optional()
      .describe(
        "a rectification window (整改, seed 004) between a two-round campaign's rounds: closing the document round puts a submission `in-rectification`; its unit uploads evidence of what it fixed (marked `purpose: rectification`) and declares it done (`POST /v1/submissions/{id}/rectification`); the on-site round opens with the authority's first on-site assignment, once declared or after `dueOn`",
      ),
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
    honour: z
      .enum(namingKinds)
      .optional()
      .describe('what it names; absent on campaigns stored before honours had kinds (then a unit with zone: true is named a 示范区)'),
    authorityId: z.string().describe('the agency that runs it'),
    status: z.enum(campaignStatuses),
    rankedOn: civilDate.optional(),
    appealEndsOn: civilDate.optional().describe('last day of the appeal window'),
    finalOn: civilDate.optional(),
    noticeEndsOn: civilDate.optional().describe('last day of the public notice'),
    decision: campaignDecision.optional().describe('the decision document (命名／表彰决定); the namings it makes carry it'),
    provisional: z.boolean().optional().describe('a deadline was computed from a holiday calendar not yet published'),
    onSiteSubmissionIds: z
      .array(z.string())
      .optional()
      .describe('with `onSite: key`: the submissions picked for the on-site round (key units)'),
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

/**
 * What is wrong with a campaign beyond its shape: dates out of order, rounds, level against region, the commendation
 * terms against the kind, co-organisers repeated or naming the organiser (`authorityId`) itself.
 */
export function campaignProblems(c: CampaignCreate & { regionCode: string; authorityId?: string }): FieldProblem[] {
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
  if (c.honour === 'individual' && c.kind !== 'naming')
    problems.push({
      pointer: '/honour',
      detail: bilingual('先进个人只能通过命名类评选活动（kind: naming）推荐', 'advanced individuals are named by naming campaigns only'),
    });
  if (c.kind === 'commendation' && !c.commendation)
    problems.push({
      pointer: '/commendation',
      detail: bilingual(
        '表彰活动须写明称号和申报单位须持有的最低命名层级',
        'a commendation campaign names its title and the lowest naming level',
      ),
    });
  if (c.kind !== 'commendation' && c.commendation)
    problems.push({
      pointer: '/commendation',
      detail: bilingual('只有表彰活动才有表彰称号', 'only a commendation campaign confers a title'),
    });
  for (const [i, agency] of c.coOrganisers.entries()) {
    if (agency === c.authorityId)
      problems.push({
        pointer: `/coOrganisers/${i}`,
        detail: bilingual('组织单位本身不是联合组织单位', 'the organiser is not its own co-organiser'),
      });
    else if (c.coOrganisers.indexOf(agency) !== i)
      problems.push({ pointer: `/coOrganisers/${i}`, detail: bilingual('联合组织单位不得重复', 'co-organisers must be unique') });
  }
  problems.push(...bandProblems(c.kind, c.bands));
  problems.push(...betweenRoundsProblems(c));
  problems.push(...benchmarkKeyProblems(c));
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

/** A campaign's benchmarks: defaults by name, and a province's own values under its 2-digit code. */
export type CampaignBenchmarks = Record<string, number | Record<string, number>>;

/** The benchmarks a unit in `regionCode` is scored against: the defaults, overridden by its province's own values. */
export function benchmarksFor(benchmarks: CampaignBenchmarks, regionCode: string): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [name, value] of Object.entries(benchmarks)) if (typeof value === 'number') flat[name] = value;
  const own = benchmarks[regionCode.slice(0, 2)];
  return typeof own === 'object' ? Object.assign(flat, own) : flat;
}

/** The 2-digit codes of the provinces a campaign's region covers: all of them for a national campaign. */
function provincesOf(campaignRegion: string): string[] {
  return campaignRegion === '000000' ? childRegions().map((p) => p.code.slice(0, 2)) : [campaignRegion.slice(0, 2)];
}

/** Province keys of a campaign's benchmarks that are not provinces, or lie outside its region. */
function benchmarkKeyProblems(c: { benchmarks: CampaignBenchmarks; regionCode: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const covered = provincesOf(c.regionCode);
  for (const [key, value] of Object.entries(c.benchmarks)) {
    const pointer = `/benchmarks/${key}`;
    const isProvince = /^\d{2}$/.test(key) && findRegion(`${key}0000`)?.level === 'province';
    if (typeof value === 'number') {
      if (/^\d+$/.test(key))
        problems.push({
          pointer,
          detail: bilingual(
            '省级代码下须为该省各项基准值，如 {"gdpGrowth": 6.5}',
            'a province code holds its own values, e.g. {"gdpGrowth": 6.5}',
          ),
        });
    } else if (!isProvince)
      problems.push({
        pointer,
        detail: bilingual(`${key} 不是省级行政区划代码（2 位，如 42）`, `${key} is not a province code (2 digits, e.g. 42)`),
      });
    else if (!covered.includes(key))
      problems.push({
        pointer,
        detail: bilingual(
          `省份 ${key} 不在评选活动地区 ${c.regionCode} 之内`,
          `province ${key} lies outside the campaign's region ${c.regionCode}`,
        ),
      });
  }
  return problems;
}

/**
 * The benchmarks a framework needs (`needed`) that do not resolve for every province the campaign covers: each needs
 * a default, or a value in the entry of every covered province.
 */
export function missingBenchmarks(c: { benchmarks: CampaignBenchmarks; regionCode: string }, needed: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const covered = provincesOf(c.regionCode);
  for (const name of new Set(needed)) {
    if (typeof c.benchmarks[name] === 'number') continue;
    const without = covered.filter((p) => {
      const own = c.benchmarks[p];
      return typeof own !== 'object' || typeof own[name] !== 'number';
    });
    if (without.length > 0)
      problems.push({
        pointer: `/benchmarks/${name}`,
        detail: bilingual(
          `测评体系以 ${name} 为比较基准，请提供其默认值，或为省份 ${without.join('、')} 各提供数值`,
          `the framework compares with ${name}; give its default, or a value for province ${without.join(', ')}`,
        ),
      });
  }
  return problems;
}

/**
 * Whether a unit's region lies at county level or below (DOMAIN.md rule 4: the grassroots share); a unit stored under
 * a county code GB/T 2260 no longer lists (`130171`) still does.
 */
export function isGrassroots(unitRegion: string): boolean {
  return levelOf(unitRegion) === 'county' || retiredRegion(unitRegion)?.level === 'county';
}

/**
 * What a campaign names an applicant: its `honour`; a campaign stored before honours had kinds names a unit with
 * `zone: true` a 示范区 and any other a 示范单位, as it did then.
 */
export function honourOf(campaign: Pick<Campaign, 'honour'>, unit: { zone: boolean }): NamingKind {
  return campaign.honour ?? (unit.zone ? 'zone' : 'unit');
}

/**
 * Why a unit may not apply to a campaign of this honour, if it may not: a 示范区 applies as a whole region through its
 * government (a unit with `zone: true`), and such a unit applies in zone campaigns only; individuals are nominated
 * through a unit of any kind but a zone.
 */
export function applicantProblem(honour: NamingKind, unit: { name: string; zone: boolean }): FieldProblem | undefined {
  if (honour === 'zone' && !unit.zone)
    return {
      pointer: '/unitId',
      detail: bilingual(
        `示范区评选以县、市、区整体申报：${unit.name} 不是地区（zone: false）`,
        `a zone campaign takes a county, city or district as a whole: ${unit.name} is not a zone (zone: false)`,
      ),
    };
  if (honour !== 'zone' && unit.zone)
    return {
      pointer: '/unitId',
      detail: bilingual(
        `${unit.name} 是地区（zone: true），请参加示范区评选（honour: zone）`,
        `${unit.name} is a zone (zone: true); it applies in a zone campaign (honour: zone)`,
      ),
    };
  return undefined;
}

/** Whether an agency organises a campaign jointly with its authority (a co-organiser: reads, takes no steps). */
export function coOrganises(campaign: Pick<Campaign, 'coOrganisers'>, agencyId: string): boolean {
  return (campaign.coOrganisers ?? []).includes(agencyId);
}

/** What is wrong with a campaign's decision recorded on `today`: dated after today (422 at `/date`). */
export function decisionProblems(decision: CampaignDecision, today: string): FieldProblem[] {
  return decision.date > today
    ? [{ pointer: '/date', detail: bilingual(`不得晚于今天（${today}）`, `must not be after today (${today})`) }]
    : [];
}

/**
 * What is wrong with a campaign's key units and rectification window: both need a second (on-site) round, and the
 * window's last day falls after the document round and before the on-site round.
 */
export function betweenRoundsProblems(
  c: Pick<CampaignCreate, 'rounds' | 'onSite' | 'rectification'> & {
    dates: Pick<CampaignCreate['dates'], 'documentReview' | 'onSiteReview'>;
  },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const twoRounds = c.rounds.length === 2;
  if (c.onSite === 'key' && !twoRounds)
    problems.push({
      pointer: '/onSite',
      detail: bilingual('只有设实地评审轮次的评选活动才能选定重点单位', 'only a campaign with an on-site round picks key units for it'),
    });
  if (!c.rectification) return problems;
  if (!twoRounds) {
    problems.push({
      pointer: '/rectification',
      detail: bilingual('整改期设在两轮评审之间，只有两轮评审的评选活动才有', 'a rectification window lies between two rounds'),
    });
    return problems;
  }
  const { dueOn } = c.rectification;
  const { documentReview, onSiteReview } = c.dates;
  if (dueOn <= documentReview.to)
    problems.push({
      pointer: '/rectification/dueOn',
      detail: bilingual(`须晚于文件评审结束日 ${documentReview.to}`, `must be after the document round ends (${documentReview.to})`),
    });
  else if (onSiteReview && dueOn >= onSiteReview.from)
    problems.push({
      pointer: '/rectification/dueOn',
      detail: bilingual(`须早于实地评审开始日 ${onSiteReview.from}`, `must be before the on-site round begins (${onSiteReview.from})`),
    });
  return problems;
}

/**
 * The rounds a submission takes, with their weights. A campaign that visits only key units (`onSite: key`) scores an
 * unpicked submission on its document round alone, weighing 1: its final is its document-round total. That is the
 * fairness choice: finals stay on one scale (a round's total is out of the same 100 plus bonus whichever round it is),
 * so picked and unpicked units are ranked together as they are, and a tie goes to the higher total of the last round
 * each took — for an unpicked unit, its document round.
 */
export function roundsFor(campaign: Pick<Campaign, 'rounds' | 'onSite' | 'onSiteSubmissionIds'>, submissionId: string): Campaign['rounds'] {
  if (takesOnSite(campaign, submissionId)) return campaign.rounds;
  return [{ name: campaign.rounds[0]!.name, weight: 1 }];
}

/** Whether a submission has the campaign's on-site round: always, unless the campaign visits key units and did not pick it. */
export function takesOnSite(campaign: Pick<Campaign, 'onSite' | 'onSiteSubmissionIds'>, submissionId: string): boolean {
  return campaign.onSite !== 'key' || (campaign.onSiteSubmissionIds ?? []).includes(submissionId);
}

/** Body of `PUT /v1/campaigns/{id}/on-site`: the key units picked for the on-site round, as the whole list. */
export const onSitePicks = lazySchema(() =>
  z.strictObject({
    submissionIds: z
      .array(z.string().min(1).max(100))
      .max(1000)
      .describe('every submission picked for the on-site round; one left out is scored on the document round alone'),
  }),
);

/** What a pick of key units names that it may not: a submission twice, or one that is not of this campaign (422 at its index). */
export function onSitePickProblems(
  campaignId: string,
  submissionIds: readonly string[],
  found: ReadonlyMap<string, { campaignId: string }>,
): FieldProblem[] {
  return submissionIds.flatMap((id, i): FieldProblem[] => {
    if (submissionIds.indexOf(id) !== i)
      return [{ pointer: `/submissionIds/${i}`, detail: bilingual('申报不得重复', 'a submission is picked once') }];
    if (found.get(id)?.campaignId !== campaignId)
      return [{ pointer: `/submissionIds/${i}`, detail: bilingual(`本批次没有申报 ${id}`, `no submission ${id} in this campaign`) }];
    return [];
  });
}
