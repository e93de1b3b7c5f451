import { describe, expect, it } from 'vitest';
import { campaignCreate, campaignProblems } from '../../../../shared/domain/campaigns.ts';
import { bandProblems, evaluationBands, outcomeMoves, outcomeOf, rectifyByOf } from '../../../../shared/domain/evaluations.ts';
import { move } from '../../../../shared/domain/submissions.ts';

const bands = { passed: 80, rectify: 60 };

/** A valid annual evaluation of 襄阳市 (420600), with the bands a test gives. */
function evaluationBody(extra: Record<string, unknown>) {
  return campaignCreate.parse({
    name: '襄阳市民族团结进步示范单位年度测评',
    kind: 'annual-evaluation',
    level: 'city',
    frameworkId: 'framework',
    rounds: [{ name: 'document', weight: 1 }],
    passMark: 60,
    quota: 10,
    grassrootsShare: 0,
    dates: {
      applicationsOpen: '2027-03-01',
      applicationsClose: '2027-03-31',
      documentReview: { from: '2027-04-01', to: '2027-04-30' },
      appealWorkingDays: 5,
      publicNoticeWorkingDays: 5,
    },
    ...extra,
  });
}

describe('Module: evaluations', () => {
  describe('Function: outcomeOf', () => {
    it('passes at the pass band and above, rectifies from the rectify band to just below the pass band, fails below', () => {
      // Prepare: passed 80, rectify 60 — the boundaries themselves and a hundredth either side.
      const cases: [number, string][] = [
        [100, 'passed'],
        [80, 'passed'],
        [79.99, 'rectify'],
        [60, 'rectify'],
        [59.99, 'failed'],
        [0, 'failed'],
      ];

      // Act / Assess
      for (const [final, outcome] of cases) expect(outcomeOf(final, false, bands), String(final)).toBe(outcome);
    });

    it('fails a vetoed submission whatever its score', () => {
      expect(outcomeOf(95, true, bands)).toBe('failed');
    });
  });

  describe('Function: bandProblems', () => {
    it('requires bands of an annual evaluation at /bands', () => {
      expect(bandProblems('annual-evaluation', undefined).map((p) => p.pointer)).toEqual(['/bands']);
    });

    it('refuses bands on a naming campaign at /bands', () => {
      expect(bandProblems('naming', bands).map((p) => p.pointer)).toEqual(['/bands']);
      expect(bandProblems('naming', undefined)).toEqual([]);
    });

    it('refuses a rectify band at or above the pass band at /bands/rectify, in both languages', () => {
      const [above] = bandProblems('annual-evaluation', { passed: 70, rectify: 75 });
      expect(above?.pointer).toBe('/bands/rectify');
      expect(above?.detail.en).toMatch(/a rectify band above the pass band/);
      expect(above?.detail.zh).toMatch(/整改档（75）须低于合格档（70）/);
      expect(bandProblems('annual-evaluation', { passed: 70, rectify: 70 }).map((p) => p.pointer)).toEqual(['/bands/rectify']);
      expect(bandProblems('annual-evaluation', { passed: 70, rectify: 69.5 })).toEqual([]);
    });

    it('is part of the campaign rules: an annual evaluation without bands breaks them', () => {
      const body = evaluationBody({});
      expect(campaignProblems({ ...body, regionCode: '420600' }).map((p) => p.pointer)).toContain('/bands');
      const banded = evaluationBody({ bands });
      expect(campaignProblems({ ...banded, regionCode: '420600' })).toEqual([]);
    });
  });

  describe('Schema: evaluationBands', () => {
    it('gives 90 days to rectify by default, and takes 1–365', () => {
      expect(evaluationBands.parse(bands).rectifyDays).toBe(90);
      expect(evaluationBands.parse({ ...bands, rectifyDays: 365 }).rectifyDays).toBe(365);
      expect(evaluationBands.safeParse({ ...bands, rectifyDays: 0 }).success).toBe(false);
      expect(evaluationBands.safeParse({ ...bands, rectifyDays: 366 }).success).toBe(false);
      expect(evaluationBands.safeParse({ ...bands, rectifyDays: 1.5 }).success).toBe(false);
    });
  });

  describe('Function: rectifyByOf', () => {
    it('counts the rectify days from the conclusion: 2027-06-10 + 90 days is 2027-09-08', () => {
      // June has 20 days left after the 10th, July 31, August 31: 20 + 31 + 31 = 82, and 8 more is 2027-09-08.
      expect(rectifyByOf('2027-06-10', { rectifyDays: 90 })).toBe('2027-09-08');
      expect(rectifyByOf('2027-12-31', { rectifyDays: 1 })).toBe('2028-01-01');
    });
  });

  describe('Transitions', () => {
    it('moves a published submission to the state of its outcome, by the sweep or the authority', () => {
      for (const [outcome, { action, state }] of Object.entries(outcomeMoves)) {
        expect(move('public-notice', action, 'system'), outcome).toBe(state);
        expect(move('public-notice', action, 'authority'), outcome).toBe(state);
      }
      expect(move('vetoed', 'fail', 'system')).toBe('failed');
      expect(move('not-selected', 'fail', 'system')).toBe('failed');
    });

    it('closes a rectification by re-evaluation only, passed or failed, by an authority, and nothing else', () => {
      expect(move('rectifying', 're-evaluate', 'authority', 'passed')).toBe('passed');
      expect(move('rectifying', 're-evaluate', 'admin', 'failed')).toBe('failed');
      expect(() => move('rectifying', 're-evaluate', 'system', 'passed')).toThrow(/authority/);
      expect(() => move('passed', 're-evaluate', 'authority', 'failed')).toThrow(/passed/);
      expect(() => move('failed', 're-evaluate', 'authority', 'passed')).toThrow(/failed/);
    });
  });
});
