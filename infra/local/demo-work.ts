import { randomUUID } from 'node:crypto';
import type { FrameworkCreate } from '../../shared/domain/frameworks.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import type { Submission } from '../../shared/domain/submissions.ts';
import { addDays } from '../../shared/domain/time.ts';
import { roundResult, round2, scoreSubmission } from '../../shared/domain/scoring.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { fileAppeal, lodgeObjection } from '../../shared/data/appeals.ts';
import type { Actor } from '../../shared/data/audit.ts';
import { createCampaign } from '../../shared/data/campaigns.ts';
import { file } from '../../shared/data/filings.ts';
import { expiringWork } from '../../shared/data/namings.ts';
import { createRecheck } from '../../shared/data/rechecks.ts';
import { roundReadyWork } from '../../shared/data/reviews.ts';
import { writeAll, type Store } from '../../shared/data/store.ts';
import { assignmentItem, childKey, createSubmission, saveSubmission, sheetSk } from '../../shared/data/submissions.ts';
import { workWrites } from '../../shared/data/work.ts';
import { fullSheet } from './demo-campaign.ts';

const hubei = 'hubei-ethnic-affairs';

/**
 * Work for the demo authorities' workbench (`GET /v1/me/work`) besides what the Wuhan campaign, the instructors and
 * the plan leave (a submission awaiting Wuhan's endorsement, the reviewer's assignment, a task reported): a provincial
 * campaign of two units named already (so the coverage counts stay as they are) — 中南民族大学 in the document round
 * with its one sheet in (a round to close) and 胜阳港社区 with an appeal and an objection pending — a county's
 * instructor filing with Wuhan, a recheck of a provincial naming, and the provincial naming that expires within the
 * first reminder's window without a renewal. Everything is written the way the routes write it, index included.
 */
export async function seedDemoWork(
  store: Store,
  framework: FrameworkCreate & { id: string },
  units: readonly Unit[],
  namings: readonly Naming[],
  actor: Actor,
  today: string,
  now: string,
): Promise<void> {
  const benchmarks = { nationalGdpGrowth: 5, provincialIncomeGrowth: 5.5 };
  const campaign = await createCampaign(
    store,
    {
      name: '2026年湖北省民族团结进步示范单位命名（演示）',
      kind: 'naming',
      level: 'province',
      regionCode: '420000',
      frameworkId: framework.id,
      rounds: [
        { name: 'document', weight: 0.4 },
        { name: 'on-site', weight: 0.6 },
      ],
      passMark: 75,
      quota: 5,
      grassrootsShare: 0.5,
      benchmarks,
      dates: {
        applicationsOpen: addDays(today, -60),
        applicationsClose: addDays(today, -10),
        documentReview: { from: addDays(today, -9), to: addDays(today, 10) },
        onSiteReview: { from: addDays(today, 11), to: addDays(today, 30) },
        appealWorkingDays: 5,
        publicNoticeWorkingDays: 7,
      },
    },
    { ...actor, agencyId: hubei },
    now,
    'demo-campaign-hubei-2026',
  );
  const by = { actor: { ...actor, agencyId: hubei }, at: now };
  /** A unit's submission, submitted and endorsed up to the province, in the document round. */
  const inReview = async (unitId: string): Promise<Submission> => {
    const unit = units.find((u) => u.id === unitId)!;
    const s = await createSubmission(store, campaign, unit, actor, now);
    const values = fullSheet(framework, unit.type, benchmarks);
    const result = roundResult(
      scoreSubmission(framework, {
        unitType: unit.type,
        benchmarks,
        rounds: [{ name: 'self', weight: 1, sheets: [{ reviewerId: 'self', values }] }],
      }),
    );
    const next: Submission = {
      ...s,
      selfAssessment: { values, score: round2(result.final), result, at: now },
      state: 'in-review',
      openRound: 'document',
      submittedAt: now,
      endorsements: s.chain.map((regionCode) => ({ regionCode, agencyId: `ethnic-affairs-${regionCode}`, by: 'seed', at: now })),
    };
    return saveSubmission(store, s, next, { ...by, action: 'seed' });
  };

  // 中南民族大学: its reviewer's sheet is in (a provincial expert, not the demo reviewer), so the province closes the round.
  const scuec = await inReview('demo-scuec');
  const assignment = {
    submissionId: scuec.id,
    campaignId: campaign.id,
    unitName: scuec.unitName,
    round: 'document',
    reviewerId: 'demo-reviewer-hubei',
    status: 'submitted' as const,
    assignedAt: now,
    assignedBy: 'seed',
  };
  const values = fullSheet(framework, units.find((u) => u.id === 'demo-scuec')!.type, benchmarks);
  await saveSubmission(store, scuec, scuec, { ...by, action: 'submitSheet' }, [
    { Put: { TableName: '', Item: assignmentItem(assignment) } },
    {
      Put: {
        TableName: '',
        Item: {
          ...childKey(scuec.id, sheetSk('document', 'demo-reviewer-hubei')),
          kind: 'sheet',
          reviewerId: 'demo-reviewer-hubei',
          round: 'document',
          values,
          submittedAt: now,
        },
      },
    },
    ...workWrites({ arise: [roundReadyWork(scuec, 'document', hubei, now)] }),
  ]);

  // 胜阳港社区: an appeal of its document round and an objection, both for the province to decide.
  const shengyanggang = await inReview('demo-shengyanggang');
  const appeal = {
    id: randomUUID(),
    reason: '书面评审对"三交"活动台账的评分有误',
    round: 'document',
    evidenceIds: [],
    lodgedAt: now,
    lodgedBy: 'demo-unit-shengyanggang',
    status: 'pending' as const,
  };
  const appealed = await fileAppeal(
    store,
    shengyanggang,
    { ...shengyanggang, appeal: { id: appeal.id, status: 'pending', round: 'document' } },
    appeal,
    by,
    hubei,
  );
  const objection = {
    id: randomUUID(),
    reason: '反映该社区部分活动材料与实际不符',
    lodgedAt: now,
    lodgedBy: 'demo-unit-baibuting',
    lodgedByRole: 'unit',
    status: 'pending' as const,
  };
  await lodgeObjection(store, appealed, { ...appealed, openObjections: 1 }, objection, by, { authorityId: hubei, due: addDays(today, 7) });

  // 江岸区 files its instructors with Wuhan.
  await file(
    store,
    { regionCode: '420102', level: 'county', filedWith: '420100', asOf: today, entries: [], ranOut: [] },
    { ...actor, agencyId: 'jiangan-ethnic-affairs' },
    now,
  );

  // A look-back (回头看) of 中南民族大学's provincial naming, due in six weeks.
  const scuecNaming = namings.find((n) => n.unitId === 'demo-scuec')!;
  await createRecheck(store, scuecNaming, { kind: 'look-back', dueOn: addDays(today, 42), assignees: [hubei] }, today, now);

  // Provincial namings within the first reminder's window and no renewal: the issuer's open work (the sweep finds it there).
  for (const naming of namings.filter((n) => n.issuedBy === hubei && n.expiresOn <= addDays(today, 180)))
    await writeAll(store, workWrites({ arise: [expiringWork(naming)] }));
}
