import { applyVariant, type FrameworkCreate, type ScoringProfile } from '../../shared/domain/frameworks.ts';
import { addDays } from '../../shared/domain/time.ts';
import { roundResult, round2, scoreSubmission } from '../../shared/domain/scoring.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Actor } from '../../shared/data/audit.ts';
import { createCampaign } from '../../shared/data/campaigns.ts';
import { putReviewer } from '../../shared/data/reviewers.ts';
import type { Store } from '../../shared/data/store.ts';
import { assignmentItem, createSubmission, saveSubmission } from '../../shared/data/submissions.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { assignmentWork } from '../../shared/data/reviews.ts';
import { workWrites } from '../../shared/data/work.ts';

/** A sheet that fits a framework for a unit type: every check met, the top level, targets and benchmarks reached, no veto. */
export function fullSheet(
  f: FrameworkCreate,
  unitType: ScoringProfile,
  benchmarks: Record<string, number>,
): Record<string, boolean | string | number> {
  const values: Record<string, boolean | string | number> = {};
  for (const area of applyVariant(f, unitType)) {
    for (const i of area.indicators) {
      values[i.id] =
        i.kind === 'check'
          ? true
          : i.kind === 'level'
            ? Object.entries(i.levels).sort((a, b) => b[1] - a[1])[0]![0]
            : i.kind === 'ratio'
              ? i.target
              : i.kind === 'benchmark'
                ? benchmarks[i.benchmark]!
                : 0;
    }
  }
  for (const v of f.vetoes) values[v.id] = false;
  for (const b of f.bonuses) values[b.id] = 0;
  return values;
}

/**
 * One open campaign of 武汉市 (the Wuhan city authority's account runs it) with submissions in several states, so
 * that each demo account has something to do: the unit account's own draft, one awaiting the city's endorsement,
 * one recommended, one in the document round with the demo reviewer assigned, one withdrawn.
 */
export async function seedDemoCampaign(
  store: Store,
  framework: FrameworkCreate & { id: string },
  units: readonly Unit[],
  actor: Actor,
  today: string,
  now: string,
): Promise<void> {
  const benchmarks = { nationalGdpGrowth: 5, provincialIncomeGrowth: 5.5 };
  const campaign = await createCampaign(
    store,
    {
      name: '2026年武汉市民族团结进步示范单位命名（演示）',
      kind: 'naming',
      level: 'city',
      regionCode: '420100',
      frameworkId: framework.id,
      rounds: [
        { name: 'document', weight: 0.4 },
        { name: 'on-site', weight: 0.6 },
      ],
      passMark: 75,
      quota: 3,
      grassrootsShare: 0.5,
      benchmarks,
      dates: {
        applicationsOpen: addDays(today, -14),
        applicationsClose: addDays(today, 30),
        documentReview: { from: addDays(today, 31), to: addDays(today, 45) },
        onSiteReview: { from: addDays(today, 46), to: addDays(today, 60) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 7,
      },
    },
    { ...actor, agencyId: 'wuhan-ethnic-affairs' },
    now,
    'demo-campaign-2026',
  );
  await putReviewer(store, 'demo-reviewer', { name: '省民族团结进步评审专家', agencyId: 'hubei-expert-pool', regionCode: '420000' }, now);
  const byId = new Map(units.map((u) => [u.id, u]));
  const stages: [string, 'draft' | 'submitted' | 'recommended' | 'in-review' | 'withdrawn'][] = [
    ['demo-baibuting', 'draft'],
    ['demo-tangjiadun', 'submitted'],
    ['demo-shuangquan', 'recommended'],
    ['demo-jiangxia-park', 'in-review'],
    ['demo-mulanshan', 'withdrawn'],
  ];
  for (const [unitId, stage] of stages) {
    const unit = byId.get(unitId)!;
    let s: Submission = await createSubmission(store, campaign, unit, actor, now);
    if (stage === 'draft') continue;
    const values = fullSheet(framework, unit.type, benchmarks);
    const result = roundResult(
      scoreSubmission(framework, {
        unitType: unit.type,
        benchmarks,
        rounds: [{ name: 'self', weight: 1, sheets: [{ reviewerId: 'self', values }] }],
      }),
    );
    const step = async (next: Submission, action: string, extra: Parameters<typeof saveSubmission>[4] = []) => {
      s = await saveSubmission(store, s, next, { actor, action, at: now }, extra);
    };
    await step({ ...s, selfAssessment: { values, score: round2(result.final), result, at: now } }, 'selfAssess');
    if (stage === 'withdrawn') {
      await step({ ...s, state: 'withdrawn' }, 'withdraw');
      continue;
    }
    await step({ ...s, state: 'submitted', submittedAt: now }, 'submit');
    await step(
      { ...s, endorsements: [{ regionCode: s.chain[0]!, agencyId: `ethnic-affairs-${s.chain[0]}`, by: 'seed', at: now }] },
      'endorse',
    );
    if (stage === 'submitted') continue;
    await step(
      {
        ...s,
        state: 'recommended',
        endorsements: [...s.endorsements, { regionCode: '420100', agencyId: 'wuhan-ethnic-affairs', by: 'seed', at: now }],
      },
      'endorse',
    );
    if (stage === 'recommended') continue;
    const assignment = {
      submissionId: s.id,
      campaignId: campaign.id,
      unitName: s.unitName,
      round: 'document',
      reviewerId: 'demo-reviewer',
      status: 'assigned' as const,
      assignedAt: now,
      assignedBy: 'seed',
    };
    // The reviewer's open work (GET /v1/me/work) in the same transaction, as assigning through the API writes it.
    await step({ ...s, state: 'in-review', openRound: 'document' }, 'assign', [
      { Put: { TableName: '', Item: assignmentItem(assignment) } },
      ...workWrites({ arise: [assignmentWork(assignment)] }),
    ]);
  }
}
