import { describe, expect, it } from 'vitest';
import {
  benchmarksFor,
  campaignCreate,
  campaignProblems,
  endorsementChain,
  isGrassroots,
  levelOf,
  missingBenchmarks,
  onSitePickProblems,
  roundsFor,
  takesOnSite,
  type CampaignCreate,
} from '../../../../shared/domain/campaigns.ts';

type Dates = CampaignCreate['dates'];

/** A provincial naming campaign with a document round and an on-site round, every date in order. */
function campaign(
  change: { dates?: Partial<Dates> } & Partial<Omit<CampaignCreate, 'dates'>> & { regionCode?: string } = {},
): CampaignCreate & { regionCode: string } {
  const { dates, ...rest } = change;
  return campaignCreate.parse({
    name: '2026年湖北省民族团结进步示范单位命名',
    kind: 'naming',
    level: 'province',
    regionCode: '420000',
    frameworkId: 'framework-2026',
    rounds: [
      { name: 'document', weight: 0.6 },
      { name: 'on-site', weight: 0.4 },
    ],
    passMark: 80,
    quota: 50,
    grassrootsShare: 0.5,
    ...rest,
    dates: {
      applicationsOpen: '2026-03-01',
      applicationsClose: '2026-04-30',
      documentReview: { from: '2026-05-06', to: '2026-05-31' },
      onSiteReview: { from: '2026-06-01', to: '2026-06-30' },
      appealWorkingDays: 5,
      publicNoticeWorkingDays: 7,
      ...dates,
    },
  }) as CampaignCreate & { regionCode: string };
}

/** The pointers of the problems found. */
function pointers(c: CampaignCreate & { regionCode: string }): string[] {
  return campaignProblems(c).map((p) => p.pointer);
}

describe('Module: campaigns', () => {
  describe('Function: campaignProblems', () => {
    it('finds nothing wrong with dates in order, rounds weighted to 1 and the level of the region', () => {
      expect(campaignProblems(campaign())).toEqual([]);
    });

    it('accepts windows of a single day and applications that open and close on the same day', () => {
      const tight = campaign({
        dates: {
          applicationsOpen: '2026-04-30',
          applicationsClose: '2026-04-30',
          documentReview: { from: '2026-05-06', to: '2026-05-06' },
          onSiteReview: { from: '2026-05-07', to: '2026-05-07' },
        },
      });

      expect(campaignProblems(tight)).toEqual([]);
    });

    it.each([
      ['/dates/applicationsClose', { applicationsOpen: '2026-05-01' }],
      ['/dates/documentReview/from', { applicationsClose: '2026-05-10' }],
      ['/dates/documentReview/to', { documentReview: { from: '2026-05-06', to: '2026-05-05' } }],
      ['/dates/onSiteReview/from', { onSiteReview: { from: '2026-05-20', to: '2026-06-30' } }],
      ['/dates/onSiteReview/to', { onSiteReview: { from: '2026-06-01', to: '2026-05-31' } }],
    ] as [string, Partial<Dates>][])('reports a date out of order at %s, and nothing else', (pointer, dates) => {
      expect(pointers(campaign({ dates }))).toEqual([pointer]);
    });

    it('compares dates across a year end as dates', () => {
      const winter = campaign({
        dates: {
          applicationsOpen: '2026-11-01',
          applicationsClose: '2026-12-31',
          documentReview: { from: '2027-01-04', to: '2027-01-29' },
          onSiteReview: { from: '2027-02-01', to: '2027-02-26' },
        },
      });

      expect(campaignProblems(winter)).toEqual([]);
      expect(pointers(campaign({ dates: { ...winter.dates, documentReview: { from: '2026-12-31', to: '2027-01-29' } } }))).toEqual([
        '/dates/documentReview/from',
      ]);
    });

    it('refuses a document review that starts on the day applications close: it must start after', () => {
      // Act
      const problems = campaignProblems(campaign({ dates: { applicationsClose: '2026-05-06' } }));

      // Assess
      expect(problems).toEqual([
        { pointer: '/dates/documentReview/from', detail: expect.objectContaining({ en: 'must be after 2026-05-06' }) },
      ]);
    });

    it('refuses an on-site review that starts on the day the document review ends', () => {
      expect(pointers(campaign({ dates: { onSiteReview: { from: '2026-05-31', to: '2026-06-30' } } }))).toEqual([
        '/dates/onSiteReview/from',
      ]);
    });

    it('reports every pair out of order, not only the first', () => {
      const reversed = campaign({
        dates: {
          applicationsOpen: '2026-07-01',
          applicationsClose: '2026-06-01',
          documentReview: { from: '2026-05-01', to: '2026-04-01' },
          onSiteReview: { from: '2026-03-01', to: '2026-02-01' },
        },
      });

      expect(pointers(reversed)).toEqual([
        '/dates/applicationsClose',
        '/dates/documentReview/from',
        '/dates/documentReview/to',
        '/dates/onSiteReview/from',
        '/dates/onSiteReview/to',
      ]);
    });

    it('asks a campaign with two rounds for its on-site window', () => {
      // Prepare
      const c = campaign();
      delete c.dates.onSiteReview;

      // Act & Assess
      expect(pointers(c)).toEqual(['/dates/onSiteReview']);
    });

    it('refuses an on-site window in a campaign with only a document round, and accepts one without', () => {
      // Prepare
      const withWindow = campaign({ rounds: [{ name: 'document', weight: 1 }] });
      const without = campaign({ rounds: [{ name: 'document', weight: 1 }] });
      delete without.dates.onSiteReview;

      // Act & Assess
      expect(pointers(withWindow)).toEqual(['/dates/onSiteReview']);
      expect(campaignProblems(without)).toEqual([]);
    });

    it('refuses round weights that do not sum to 1, either way', () => {
      expect(
        campaignProblems(
          campaign({
            rounds: [
              { name: 'document', weight: 0.6 },
              { name: 'on-site', weight: 0.3 },
            ],
          }),
        ),
      ).toEqual([{ pointer: '/rounds', detail: expect.objectContaining({ en: 'round weights must sum to 1' }) }]);
      expect(
        pointers(
          campaign({
            rounds: [
              { name: 'document', weight: 0.6 },
              { name: 'on-site', weight: 0.5 },
            ],
          }),
        ),
      ).toEqual(['/rounds']);
      expect(pointers(campaign({ rounds: [{ name: 'document', weight: 0.9 }], dates: { onSiteReview: undefined } }))).toEqual(['/rounds']);
    });

    it('accepts weights whose sum misses 1 by rounding only', () => {
      expect(
        campaignProblems(
          campaign({
            rounds: [
              { name: 'document', weight: 0.6 },
              { name: 'on-site', weight: 0.4 - 1e-12 },
            ],
          }),
        ),
      ).toEqual([]);
      expect(
        pointers(
          campaign({
            rounds: [
              { name: 'document', weight: 0.6 },
              { name: 'on-site', weight: 0.4 - 1e-6 },
            ],
          }),
        ),
      ).toEqual(['/rounds']);
    });

    it('refuses two rounds of the same name', () => {
      const problems = campaignProblems(
        campaign({
          rounds: [
            { name: 'document', weight: 0.5 },
            { name: 'document', weight: 0.5 },
          ],
        }),
      );

      expect(problems).toEqual([{ pointer: '/rounds', detail: expect.objectContaining({ en: 'round names must be unique' }) }]);
    });

    it.each([
      ['420000', 'province'],
      ['420100', 'city'],
      ['420102', 'county'],
      ['000000', 'national'],
    ] as const)('accepts region %s at %s level', (regionCode, level) => {
      expect(campaignProblems(campaign({ regionCode, level }))).toEqual([]);
    });

    it.each([
      ['420000', 'city', 'province'],
      ['420000', 'national', 'province'],
      ['420100', 'province', 'city'],
      ['420102', 'city', 'county'],
      ['000000', 'province', 'national'],
    ] as const)('refuses region %s at %s level, saying it is at %s level', (regionCode, level, actual) => {
      expect(campaignProblems(campaign({ regionCode, level }))).toEqual([
        { pointer: '/level', detail: expect.objectContaining({ en: `a campaign in region ${regionCode} is at ${actual} level` }) },
      ]);
    });

    it('refuses a region the directory does not know, at any level', () => {
      for (const level of ['national', 'province', 'city', 'county'] as const) {
        expect(campaignProblems(campaign({ regionCode: '420199', level }))).toEqual([
          { pointer: '/level', detail: expect.objectContaining({ en: 'a campaign in region 420199 is at no known level' }) },
        ]);
      }
    });
  });

  describe('Function: endorsementChain', () => {
    it('runs from a county unit through its city up to a province campaign', () => {
      expect(endorsementChain('420102', '420000')).toEqual(['420102', '420100', '420000']);
    });

    it("stops at the campaign's own region: a city campaign needs no provincial endorsement", () => {
      expect(endorsementChain('420102', '420100')).toEqual(['420102', '420100']);
    });

    it("is the county alone for a campaign of the unit's own county", () => {
      expect(endorsementChain('420102', '420102')).toEqual(['420102']);
    });

    it("names a city-level unit's city once, not twice", () => {
      expect(endorsementChain('420100', '420000')).toEqual(['420100', '420000']);
    });

    it('runs to 000000 for a national campaign', () => {
      expect(endorsementChain('420102', '000000')).toEqual(['420102', '420100', '420000', '000000']);
      expect(endorsementChain('420000', '000000')).toEqual(['420000', '000000']);
    });

    it("is empty for a unit outside the campaign's region, or above it", () => {
      expect(endorsementChain('430102', '420000')).toEqual([]);
      expect(endorsementChain('420202', '420100')).toEqual([]);
      expect(endorsementChain('420100', '420102')).toEqual([]);
    });

    // GB/T 2260 groups county-level cities under a province (仙桃 429004) and the districts of a municipality
    // (东城区 110101) under codes that are no region and have no authority (429000 省直辖县级行政区划, 110100 市辖区).
    it('skips a grouping code that has no authority: such a county reports straight to the province', () => {
      expect(endorsementChain('429004', '420000')).toEqual(['429004', '420000']);
      expect(endorsementChain('110101', '110000')).toEqual(['110101', '110000']);
    });
  });

  describe('Function: isGrassroots', () => {
    it('counts a unit of a county as grassroots, and one of a city or a province not', () => {
      expect(isGrassroots('420102')).toBe(true);
      expect(isGrassroots('429004')).toBe(true);
      expect(isGrassroots('420100')).toBe(false);
      expect(isGrassroots('420000')).toBe(false);
      expect(isGrassroots('000000')).toBe(false);
    });

    it('does not count a code the directory does not know', () => {
      expect(isGrassroots('420199')).toBe(false);
    });
  });

  describe('Function: levelOf', () => {
    it.each([
      ['000000', 'national'],
      ['420000', 'province'],
      ['110000', 'province'],
      ['420100', 'city'],
      ['420102', 'county'],
      ['420199', undefined],
    ])('puts %s at level %s', (code, level) => {
      expect(levelOf(code)).toBe(level);
    });

    it('puts a prefecture-level city without counties (东莞 441900) at city level', () => {
      expect(levelOf('441900')).toBe('city');
    });
  });
});

describe('Module: campaigns — benchmarks per province', () => {
  const benchmarks = { gdpGrowth: 6.0, incomeGrowth: 5.0, 42: { gdpGrowth: 6.5 }, 43: { gdpGrowth: 5.9, incomeGrowth: 5.2 } };

  describe('Function: benchmarksFor', () => {
    it("gives a unit the defaults overridden by its own province's values", () => {
      expect(benchmarksFor(benchmarks, '420102')).toEqual({ gdpGrowth: 6.5, incomeGrowth: 5.0 });
      expect(benchmarksFor(benchmarks, '430100')).toEqual({ gdpGrowth: 5.9, incomeGrowth: 5.2 });
    });

    it('gives a unit of a province without an entry the defaults, and a flat record itself', () => {
      expect(benchmarksFor(benchmarks, '110101')).toEqual({ gdpGrowth: 6.0, incomeGrowth: 5.0 });
      expect(benchmarksFor({ g: 0.05 }, '420102')).toEqual({ g: 0.05 });
    });
  });

  describe('Function: campaignProblems', () => {
    it('accepts the province of a provincial campaign, and any province of a national one', () => {
      expect(campaignProblems(campaign({ benchmarks: { g: 1, 42: { g: 2 } } }))).toEqual([]);
      expect(
        campaignProblems(campaign({ regionCode: '000000', level: 'national', benchmarks: { g: 1, 42: { g: 2 }, 65: { g: 3 } } })),
      ).toEqual([]);
    });

    it('refuses a province outside the campaign, a key that is no province, and a province code holding a number', () => {
      const problems = campaignProblems(campaign({ benchmarks: { g: 1, 43: { g: 2 }, 99: { g: 2 }, 4201: { g: 2 }, 42: 3 } }));
      expect(problems.map((p) => `${p.pointer}: ${p.detail.en}`)).toEqual([
        '/benchmarks/42: a province code holds its own values, e.g. {"gdpGrowth": 6.5}',
        "/benchmarks/43: province 43 lies outside the campaign's region 420000",
        '/benchmarks/99: 99 is not a province code (2 digits, e.g. 42)',
        '/benchmarks/4201: 4201 is not a province code (2 digits, e.g. 42)',
      ]);
    });

    it("takes a city campaign's own province as inside it", () => {
      expect(campaignProblems(campaign({ regionCode: '420100', level: 'city', benchmarks: { 42: { g: 2 } } }))).toEqual([]);
    });
  });

  describe('Function: missingBenchmarks', () => {
    it('accepts a benchmark with a default, or with a value in the entry of every province covered', () => {
      expect(missingBenchmarks({ regionCode: '420000', benchmarks: { g: 1 } }, ['g'])).toEqual([]);
      expect(missingBenchmarks({ regionCode: '420100', benchmarks: { 42: { g: 1 } } }, ['g', 'g'])).toEqual([]);
    });

    it('refuses a benchmark missing for a covered province, naming the provinces without it', () => {
      expect(missingBenchmarks({ regionCode: '420000', benchmarks: { h: 1, 42: { h: 2 } } }, ['g', 'h'])).toEqual([
        {
          pointer: '/benchmarks/g',
          detail: {
            zh: '测评体系以 g 为比较基准，请提供其默认值，或为省份 42 各提供数值',
            en: 'the framework compares with g; give its default, or a value for province 42',
          },
        },
      ]);
      // A national campaign covers all 31 provinces: two entries are not enough without a default.
      const national = missingBenchmarks({ regionCode: '000000', benchmarks: { 42: { g: 1 }, 43: { g: 2 } } }, ['g']);
      expect(national).toHaveLength(1);
      expect(national[0]!.detail.en).toContain('11, 12, 13, 14, 15, 21');
      expect(national[0]!.detail.en).not.toContain('42');
      expect(national[0]!.detail.zh.split('、')).toHaveLength(29);
    });
  });
});

describe('Module: campaigns — key units and rectification between the rounds', () => {
  describe('Function: campaignProblems', () => {
    it('accepts key units and a rectification window that ends after the document round and before the on-site round', () => {
      const roomy = campaign({
        onSite: 'key',
        rectification: { dueOn: '2026-06-30' },
        dates: { onSiteReview: { from: '2026-07-01', to: '2026-07-31' } },
      });
      expect(campaignProblems(roomy)).toEqual([]);
    });

    it('refuses key units and a rectification window on a campaign with one round, at /onSite and /rectification', () => {
      const single = campaign({
        rounds: [{ name: 'document', weight: 1 }],
        onSite: 'key',
        rectification: { dueOn: '2026-06-15' },
        dates: { onSiteReview: undefined },
      });
      expect(pointers(single)).toEqual(['/onSite', '/rectification']);
    });

    it('refuses a window ending on the last day of the document round, or before it, at /rectification/dueOn', () => {
      expect(pointers(campaign({ rectification: { dueOn: '2026-05-31' } }))).toEqual(['/rectification/dueOn']);
      expect(pointers(campaign({ rectification: { dueOn: '2026-05-20' } }))).toEqual(['/rectification/dueOn']);
    });

    it('refuses a window ending on the first day of the on-site round, or after it, at /rectification/dueOn', () => {
      const dates = { onSiteReview: { from: '2026-07-01', to: '2026-07-31' } };
      expect(pointers(campaign({ rectification: { dueOn: '2026-07-01' }, dates }))).toEqual(['/rectification/dueOn']);
      expect(pointers(campaign({ rectification: { dueOn: '2026-07-02' }, dates }))).toEqual(['/rectification/dueOn']);
      expect(pointers(campaign({ rectification: { dueOn: '2026-06-30' }, dates }))).toEqual([]);
    });

    it('names the date the window must end after', () => {
      const [problem] = campaignProblems(campaign({ rectification: { dueOn: '2026-05-31' } }));
      expect(problem!.detail.zh).toBe('须晚于文件评审结束日 2026-05-31');
      expect(problem!.detail.en).toBe('must be after the document round ends (2026-05-31)');
    });
  });

  describe('Function: roundsFor', () => {
    const rounds = [
      { name: 'document', weight: 0.4 },
      { name: 'on-site', weight: 0.6 },
    ];

    it('gives every submission both rounds, as weighted, when the campaign visits all (or says nothing)', () => {
      expect(roundsFor({ rounds, onSite: 'all' }, 's1')).toEqual(rounds);
      expect(roundsFor({ rounds }, 's1')).toEqual(rounds);
    });

    it('gives a picked key unit both rounds, and an unpicked one the document round alone, weighing 1', () => {
      const key = { rounds, onSite: 'key' as const, onSiteSubmissionIds: ['s1'] };
      expect(roundsFor(key, 's1')).toEqual(rounds);
      expect(roundsFor(key, 's2')).toEqual([{ name: 'document', weight: 1 }]);
      expect(takesOnSite(key, 's2')).toBe(false);
    });

    it('treats a key-unit campaign that picked no one yet as visiting no one', () => {
      expect(takesOnSite({ onSite: 'key' }, 's1')).toBe(false);
    });
  });

  describe('Function: onSitePickProblems', () => {
    const found = new Map([
      ['mine-1', { campaignId: 'c1' }],
      ['mine-2', { campaignId: 'c1' }],
      ['theirs', { campaignId: 'c2' }],
    ]);

    it('finds nothing wrong with submissions of the campaign, or with none picked', () => {
      expect(onSitePickProblems('c1', ['mine-1', 'mine-2'], found)).toEqual([]);
      expect(onSitePickProblems('c1', [], found)).toEqual([]);
    });

    it('points at a submission of another campaign, one that does not exist and one picked twice, by index', () => {
      const problems = onSitePickProblems('c1', ['mine-1', 'theirs', 'nobody', 'mine-1'], found);
      expect(problems.map((p) => p.pointer)).toEqual(['/submissionIds/1', '/submissionIds/2', '/submissionIds/3']);
      expect(problems[0]!.detail.en).toBe('no submission theirs in this campaign');
      expect(problems[2]!.detail.en).toBe('a submission is picked once');
    });
  });
});
