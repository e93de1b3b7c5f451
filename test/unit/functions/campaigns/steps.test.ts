import { describe, expect, it } from 'vitest';
import { checkOnSiteRound } from '../../../../functions/campaigns/steps.ts';
import type { Campaign } from '../../../../shared/domain/campaigns.ts';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import type { Submission, SubmissionState } from '../../../../shared/domain/submissions.ts';

const rounds = [
  { name: 'document', weight: 0.4 },
  { name: 'on-site', weight: 0.6 },
];

/** The fields of a campaign the check reads. */
const campaign = (fields: Partial<Campaign>) => ({ rounds, ...fields }) as Campaign;

/** A submission of 荆门市东宝区 in a state, with its rectification. */
const submission = (state: SubmissionState, rectification?: Submission['rectification']) =>
  ({ id: 's1', unitName: '东宝区龙泉社区', state, ...(rectification ? { rectification } : {}) }) as Submission;

/** The problem type the check refuses with, or undefined when it lets the assignment through. */
function refusal(c: Campaign, s: Submission, today: string): string | undefined {
  try {
    checkOnSiteRound(c, s, today);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return (error as ConflictError).type;
  }
}

describe('Function: checkOnSiteRound', () => {
  const windowed = campaign({ rectification: { dueOn: '2026-06-30' } });

  it('lets an on-site reviewer through on a campaign visiting all, or for a key unit picked', () => {
    expect(refusal(campaign({}), submission('in-review'), '2026-06-01')).toBeUndefined();
    expect(refusal(campaign({ onSite: 'key', onSiteSubmissionIds: ['s1'] }), submission('in-review'), '2026-06-01')).toBeUndefined();
  });

  it('refuses one for a submission not picked by a campaign visiting key units only', () => {
    expect(refusal(campaign({ onSite: 'key', onSiteSubmissionIds: ['s2'] }), submission('in-review'), '2026-06-01')).toBe(
      'not-picked-on-site',
    );
  });

  it('refuses one before the document round has closed into the rectification', () => {
    expect(refusal(windowed, submission('recommended'), '2026-06-01')).toBe('rectification-pending');
    expect(refusal(windowed, submission('in-review'), '2026-06-01')).toBe('rectification-pending');
  });

  it('refuses one through the last day of the window while the unit has not declared, and lets it through the day after', () => {
    const waiting = submission('in-rectification', { dueOn: '2026-06-30' });
    expect(refusal(windowed, waiting, '2026-06-30')).toBe('rectification-pending');
    expect(refusal(windowed, waiting, '2026-07-01')).toBeUndefined();
  });

  it('lets one through before the window ends once the unit declared, and any once the round is open', () => {
    const declared = submission('in-rectification', { dueOn: '2026-06-30', declaredAt: '2026-06-10T02:00:00.000Z' });
    expect(refusal(windowed, declared, '2026-06-10')).toBeUndefined();
    expect(refusal(windowed, submission('on-site', { dueOn: '2026-06-30' }), '2026-06-10')).toBeUndefined();
  });
});
