import { describe, expect, it } from 'vitest';
import {
  campaignCreate,
  campaignDecision,
  campaignProblems,
  coOrganises,
  decisionProblems,
  type CampaignCreate,
} from '../../../../shared/domain/campaigns.ts';
import { commendationBasis, eligibleForCommendation, type NamingLevel, type NamingStatus } from '../../../../shared/domain/namings.ts';

/*
 * Commendations (表彰, DOMAIN.md rule 3: model collectives are chosen from named units), the decision document that
 * announces a campaign's results, and joint organisers (seed 004).
 */

const today = '2026-06-15';

const naming = (level: NamingLevel, status: NamingStatus = 'active', expiresOn = '2029-06-30', id = `${level}-${status}`) => ({
  id,
  level,
  status,
  expiresOn,
});

/** A provincial campaign of Hubei as submitted, with a test's changes. */
function campaign(change: Record<string, unknown> = {}): CampaignCreate & { regionCode: string; authorityId: string } {
  return {
    ...campaignCreate.parse({
      name: '2026年湖北省民族团结进步模范集体表彰',
      kind: 'commendation',
      commendation: { title: '省级模范集体', minLevel: 'province' },
      level: 'province',
      regionCode: '420000',
      frameworkId: 'framework-2026',
      rounds: [{ name: 'document', weight: 1 }],
      passMark: 80,
      quota: 20,
      grassrootsShare: 0.3,
      dates: {
        applicationsOpen: '2026-03-01',
        applicationsClose: '2026-04-30',
        documentReview: { from: '2026-05-06', to: '2026-05-31' },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 7,
      },
      ...change,
    }),
    regionCode: '420000',
    authorityId: 'hubei-ethnic-affairs',
  };
}

describe('Function: eligibleForCommendation', () => {
  it('accepts a naming in force at the lowest level asked or above', () => {
    expect(eligibleForCommendation(naming('province'), 'province', today)).toBe(true);
    expect(eligibleForCommendation(naming('national'), 'province', today)).toBe(true);
    expect(eligibleForCommendation(naming('city'), 'city', today)).toBe(true);
  });

  it('refuses a naming below the level asked', () => {
    expect(eligibleForCommendation(naming('county'), 'province', today)).toBe(false);
    expect(eligibleForCommendation(naming('city'), 'province', today)).toBe(false);
  });

  it('accepts a naming near the end of its term (shown expiring) and through its last day', () => {
    expect(eligibleForCommendation(naming('province', 'active', '2026-07-01'), 'province', today)).toBe(true);
    expect(eligibleForCommendation(naming('province', 'active', today), 'province', today)).toBe(true);
  });

  it("refuses an advanced individual's naming, whatever its level: it honours a person, not the collective", () => {
    expect(eligibleForCommendation({ ...naming('national'), kind: 'individual' }, 'county', today)).toBe(false);
    for (const kind of ['unit', 'zone', 'base'] as const)
      expect(eligibleForCommendation({ ...naming('national'), kind }, 'county', today), kind).toBe(true);
  });

  it('refuses a naming past its last day even before the sweep marked it expired, and one expired, revoked or superseded', () => {
    expect(eligibleForCommendation(naming('province', 'active', '2026-06-14'), 'province', today)).toBe(false);
    for (const status of ['expired', 'revoked', 'superseded'] as const)
      expect(eligibleForCommendation(naming('national', status), 'county', today), status).toBe(false);
  });
});

describe('Function: commendationBasis', () => {
  it('stands on the highest eligible level, then on the naming in force longest', () => {
    const basis = commendationBasis(
      [
        naming('province', 'active', '2028-01-01', 'older'),
        naming('national', 'revoked'),
        naming('province', 'active', '2030-01-01', 'newer'),
        naming('city'),
      ],
      'city',
      today,
    );
    expect(basis?.id).toBe('newer');
  });

  it('stands on a collective naming below an individual one the unit also holds', () => {
    const basis = commendationBasis(
      [{ ...naming('national', 'active', '2030-01-01', 'person'), kind: 'individual' as const }, naming('province')],
      'province',
      today,
    );
    expect(basis?.id).toBe('province-active');
  });

  it('finds none when the unit holds only a county naming, or an expired one', () => {
    expect(commendationBasis([naming('county'), naming('province', 'expired')], 'province', today)).toBeUndefined();
    expect(commendationBasis([], 'county', today)).toBeUndefined();
  });
});

describe('Function: campaignProblems — commendations and joint organisers', () => {
  it('accepts a commendation campaign with its title and level, organised jointly', () => {
    expect(campaignProblems(campaign({ coOrganisers: ['hubei-human-resources'] }))).toEqual([]);
  });

  it('requires the commendation terms of a commendation campaign', () => {
    expect(campaignProblems(campaign({ commendation: undefined })).map((p) => p.pointer)).toEqual(['/commendation']);
  });

  it('refuses commendation terms on a naming campaign', () => {
    expect(campaignProblems(campaign({ kind: 'naming' })).map((p) => p.pointer)).toEqual(['/commendation']);
    expect(campaignProblems(campaign({ kind: 'naming', commendation: undefined }))).toEqual([]);
  });

  it('refuses the organiser as its own co-organiser, and a co-organiser named twice', () => {
    const problems = campaignProblems(campaign({ coOrganisers: ['hubei-ethnic-affairs', 'hubei-hr', 'hubei-hr'] }));
    expect(problems.map((p) => p.pointer)).toEqual(['/coOrganisers/0', '/coOrganisers/2']);
    expect(problems[0]!.detail.zh).toContain('组织单位本身');
  });

  it('defaults to no co-organisers and refuses more than five', () => {
    expect(campaign().coOrganisers).toEqual([]);
    expect(campaignCreate.safeParse({ ...campaign(), coOrganisers: ['a', 'b', 'c', 'd', 'e', 'f'] }).success).toBe(false);
  });
});

describe('Function: coOrganises', () => {
  it('names the agencies listed, not the organiser itself nor others', () => {
    const c = { coOrganisers: ['hubei-human-resources'] };
    expect(coOrganises(c, 'hubei-human-resources')).toBe(true);
    expect(coOrganises(c, 'hubei-ethnic-affairs')).toBe(false);
    expect(coOrganises({ coOrganisers: [] }, 'hubei-human-resources')).toBe(false);
  });
});

describe('Schema: campaignDecision, Function: decisionProblems', () => {
  it('takes a number of at most 50 characters and a civil date', () => {
    expect(campaignDecision.safeParse({ number: '鄂民宗发〔2026〕12号', date: '2026-06-01' }).success).toBe(true);
    expect(campaignDecision.safeParse({ number: '号'.repeat(51), date: '2026-06-01' }).success).toBe(false);
    expect(campaignDecision.safeParse({ number: '鄂民宗发〔2026〕12号', date: '2026-13-01' }).success).toBe(false);
  });

  it('refuses a decision dated after today', () => {
    expect(decisionProblems({ number: '鄂民宗发〔2026〕12号', date: today }, today)).toEqual([]);
    expect(decisionProblems({ number: '鄂民宗发〔2026〕12号', date: '2026-06-16' }, today).map((p) => p.pointer)).toEqual(['/date']);
  });
});
