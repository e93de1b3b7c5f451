import { addWorkingDays } from '../domain/calendar.ts';
import { text, type Text } from '../domain/errors.ts';
import type { ConflictType } from '../domain/problem-types.ts';
import { honourOf, type Campaign } from '../domain/campaigns.ts';
import { addDays } from '../domain/time.ts';
import { rank } from '../domain/ranking.ts';
import { move, type Mover, type Submission, type SubmissionAction } from '../domain/submissions.ts';
import type { Actor } from '../data/audit.ts';
import { calendarsFor } from '../data/calendars.ts';
import { campaignFromItem, saveCampaign } from '../data/campaigns.ts';
import { listDue } from '../data/agenda.ts';
import { commendationWrites, createNaming, getNaming } from '../data/namings.ts';
import type { Commendation } from '../domain/namings.ts';
import type { Store, TransactItem } from '../data/store.ts';
import { allCampaignSubmissions, saveSubmission, submissionAudit, submissionPut } from '../data/submissions.ts';
import { writeAll } from '../data/store.ts';
import { getUnit } from '../data/units.ts';
import { concludeEvaluation } from './evaluations.ts';
import type { PendingNotice } from '../data/evaluations.ts';

/*
 * The campaign-wide steps after scoring (the campaigns issue): ranking, the end of the appeal window (results final,
 * the selected enter public notice), the end of the public notice (namings). The daily sweep makes the time-driven
 * ones through the agenda index; the campaign's authority can make them by hand, with the same code.
 */

/** A step that could not be made yet, and why. */
export interface NotYet {
  done: false;
  /** Why, as a clause (no final stop). */
  reason: Text;
}
/** What a campaign-wide step did. */
export type StepOutcome = { done: true; campaign: Campaign; submissions?: Submission[]; notices?: PendingNotice[] } | NotYet;

/** The n-th working day after `start`, from the loaded calendars or, where none is, the derived ones (provisional). */
export async function workingDeadline(store: Store, start: string, days: number): Promise<{ date: string; provisional: boolean }> {
  const year = Number(start.slice(0, 4));
  return addWorkingDays(start, days, await calendarsFor(store, year, year + 1));
}

/** One submission's change within a campaign-wide step: the actions it went through and where it ends. */
interface Change {
  before: Submission;
  next: Submission;
  actions: readonly string[];
  detail?: unknown;
}

/** Moves a submission through several actions of the transition table, as one mover. */
function through(s: Submission, actions: SubmissionAction[], by: Mover): Submission['state'] {
  return actions.reduce((state, action) => move(state, action, by), s.state);
}

/**
 * Writes a campaign-wide step: every submission's next version with its audit entries, in transactions of at most
 * 100 items, the campaign's own change in the last one. A step cut short is safe to repeat: what was written is
 * already in its next state and is not changed twice.
 */
async function writeStep(
  store: Store,
  campaign: Campaign,
  next: Campaign,
  changes: readonly Change[],
  audit: { actor: Actor; action: string; at: string },
  agenda?: { kind: 'appeal-window' | 'public-notice'; due: string },
): Promise<Campaign> {
  const perTransaction = 90;
  let items: TransactItem[] = [];
  for (const { before, next: n, actions, detail } of changes) {
    const { item, saved } = submissionPut(before, n, audit.at);
    const group = [item, ...actions.map((action) => submissionAudit(before, saved, { actor: audit.actor, at: audit.at, action, detail }))];
    if (items.length + group.length > perTransaction) {
      await writeAll(store, items);
      items = [];
    }
    items.push(...group);
  }
  return saveCampaign(store, campaign, next, audit, { agenda, extra: items });
}

/**
 * Ranks a campaign (pass mark, quota, grassroots share) once no submission is still in review. The first ranking
 * opens the appeal window (working days); a re-ranking after an upheld appeal keeps it.
 */
export async function rankCampaign(store: Store, campaign: Campaign, actor: Actor, today: string, now: string): Promise<StepOutcome> {
  if (campaign.status !== 'open' && campaign.status !== 'ranked')
    return {
      done: false,
      reason: text(`评选活动状态为 ${campaign.status}，排名已是最终结果`, `the campaign is ${campaign.status}; its ranking is final`),
    };
  const all = await allCampaignSubmissions(store, campaign.id);
  const busy = all.filter((s) => ['submitted', 'recommended', 'in-review', 'in-rectification', 'on-site'].includes(s.state));
  if (busy.length > 0)
    return {
      done: false,
      reason: text(
        `有 ${busy.length} 份申报尚未评分：${busy
          .slice(0, 5)
          .map((s) => `${s.unitName}（${s.state}）`)
          .join('、')}`,
        `${busy.length} submission(s) are not scored yet: ${busy
          .slice(0, 5)
          .map((s) => `${s.unitName} (${s.state})`)
          .join(', ')}`,
      ),
    };
  const pending = all.filter((s) => s.appeal?.status === 'pending');
  if (pending.length > 0)
    return {
      done: false,
      reason: text(
        `尚有申诉待决定：${pending.map((s) => s.unitName).join('、')}`,
        `appeals await a decision: ${pending.map((s) => s.unitName).join(', ')}`,
      ),
    };
  const ranked = all.filter((s) => s.state === 'scored' || s.state === 'vetoed');
  if (ranked.length === 0) return { done: false, reason: text('没有已评分的申报', 'no submission is scored') };
  // An annual evaluation excludes no one by quota or share: as many seats as entries; its bands decide (issue #19).
  const evaluation = campaign.kind === 'annual-evaluation';
  const entries = rank(
    ranked.map((s) => ({
      id: s.id,
      final: s.exactFinal!,
      vetoed: s.state === 'vetoed',
      lastRoundTotal: s.exactLastRound!,
      submittedAt: s.submittedAt ?? s.createdAt,
      grassroots: s.grassroots,
    })),
    campaign.passMark,
    evaluation ? ranked.length : campaign.quota,
    evaluation ? 0 : campaign.grassrootsShare,
  );
  const byId = new Map(ranked.map((s) => [s.id, s]));
  const changes: Change[] = entries.map(({ id, ...ranking }) => ({
    before: byId.get(id)!,
    next: { ...byId.get(id)!, ranking },
    actions: ['rank'],
    detail: ranking,
  }));
  let next: Campaign = { ...campaign, status: 'ranked' };
  if (campaign.status === 'open') {
    const window = await workingDeadline(store, today, campaign.dates.appealWorkingDays);
    next = { ...next, rankedOn: today, appealEndsOn: window.date, ...(window.provisional ? { provisional: true } : {}) };
  }
  const saved = await writeStep(
    store,
    campaign,
    next,
    changes,
    { actor, action: 'rank', at: now },
    { kind: 'appeal-window', due: addDays(next.appealEndsOn!, 1) },
  );
  return { done: true, campaign: saved, submissions: changes.map((c) => c.next) };
}

/**
 * The end of the appeal window: results become final; the selected enter public notice (its end counted in working
 * days), the others are not selected. Not before the window ends, nor while an appeal is being re-scored.
 */
export async function finalizeCampaign(
  store: Store,
  campaign: Campaign,
  actor: Actor,
  by: Mover,
  today: string,
  now: string,
): Promise<StepOutcome> {
  if (campaign.status !== 'ranked')
    return { done: false, reason: text(`评选活动状态为 ${campaign.status}，尚未排名`, `the campaign is ${campaign.status}, not ranked`) };
  if (today <= campaign.appealEndsOn!)
    return {
      done: false,
      reason: text(`申诉期至 ${campaign.appealEndsOn} 结束`, `the appeal window is open until ${campaign.appealEndsOn}`),
    };
  const all = await allCampaignSubmissions(store, campaign.id);
  const unsettled = all.filter(
    (s) =>
      s.appeal?.status === 'pending' ||
      ['in-review', 'on-site'].includes(s.state) ||
      ((s.state === 'scored' || s.state === 'vetoed') && !s.ranking),
  );
  if (unsettled.length > 0)
    return {
      done: false,
      reason: text(
        `尚有申诉待决定或待重新评分：${unsettled.map((s) => s.unitName).join('、')}；处理完毕后请重新排名`,
        `an appeal is still being decided or re-scored: ${unsettled.map((s) => s.unitName).join(', ')}; rank again once it is`,
      ),
    };
  const notice = await workingDeadline(store, today, campaign.dates.publicNoticeWorkingDays);
  const changes: Change[] = all
    .filter((s) => s.state === 'scored')
    .map((s) => {
      // Every result of an annual evaluation is published: its outcome comes at the conclusion, by the bands.
      const publish = s.ranking!.selected || campaign.kind === 'annual-evaluation';
      const actions: SubmissionAction[] = publish ? ['finalize', 'publish'] : ['finalize', 'not-select'];
      return { before: s, next: { ...s, state: through(s, actions, by) }, actions };
    });
  const next: Campaign = {
    ...campaign,
    status: 'public-notice',
    finalOn: today,
    noticeEndsOn: notice.date,
    ...(notice.provisional ? { provisional: true } : {}),
  };
  const saved = await writeStep(
    store,
    campaign,
    next,
    changes,
    { actor, action: 'finalize', at: now },
    { kind: 'public-notice', due: addDays(notice.date, 1) },
  );
  return { done: true, campaign: saved };
}

/**
 * The end of the public notice: each submission without an objection left open is named (a naming campaign creates
 * the naming in the same transaction as the move); the campaign concludes once none is left in public notice.
 */
export async function concludeCampaign(
  store: Store,
  campaign: Campaign,
  actor: Actor,
  by: Mover,
  today: string,
  now: string,
  reminders?: readonly number[],
): Promise<StepOutcome> {
  if (campaign.status !== 'public-notice')
    return {
      done: false,
      reason: text(`评选活动状态为 ${campaign.status}，不在公示期`, `the campaign is ${campaign.status}, not in public notice`),
    };
  if (today <= campaign.noticeEndsOn!)
    return { done: false, reason: text(`公示期至 ${campaign.noticeEndsOn} 结束`, `the public notice runs until ${campaign.noticeEndsOn}`) };
  const all = await allCampaignSubmissions(store, campaign.id);
  const waiting: Text[] = [];
  const notices: PendingNotice[] = [];
  for (const s of all.filter((x) => x.state === 'public-notice')) {
    if (s.openObjections > 0) {
      waiting.push(text(s.unitName, s.unitName));
      continue;
    }
    // A seat filled during the notice (递补) has a public notice of its own, named when that ends.
    if (s.refill && today <= s.refill.noticeEndsOn) {
      waiting.push(
        text(
          `${s.unitName}（其公示期至 ${s.refill.noticeEndsOn}）`,
          `${s.unitName} (its public notice runs until ${s.refill.noticeEndsOn})`,
        ),
      );
      continue;
    }
    if (campaign.kind === 'annual-evaluation') {
      notices.push(...(await concludeEvaluation(store, campaign, s, actor, by, today, now)).notices);
      continue;
    }
    const state = move(s.state, 'name', by);
    const unit = await getUnit(store, s.unitId);
    if (campaign.kind === 'naming' && unit) {
      await createNaming(
        store,
        unit,
        {
          level: campaign.level,
          // Named on the decision's date when the campaign recorded its decision (the certificate year and term follow it).
          namedOn: campaign.decision?.date ?? today,
          ...(campaign.decision ? { decision: campaign.decision } : {}),
          campaignId: campaign.id,
          issuedBy: campaign.authorityId,
          reminders,
          kind: s.honour ?? honourOf(campaign, unit),
          ...(s.nominee ? { person: { name: s.nominee.name, workUnit: s.nominee.workUnit } } : {}),
        },
        actor,
        today,
        now,
        (naming) => {
          const { item, saved } = submissionPut(s, { ...s, state, namingId: naming.id }, now);
          return [
            item,
            submissionAudit(s, saved, {
              actor,
              at: now,
              action: 'name',
              detail: { namingId: naming.id, certificateNo: naming.certificateNo },
            }),
          ];
        },
      );
    } else if (campaign.kind === 'commendation' && s.namingId) {
      await commend(store, campaign, s, state, actor, today, now);
    } else {
      await saveSubmission(store, s, { ...s, state }, { actor, action: 'name', at: now });
    }
  }
  if (waiting.length > 0)
    return {
      done: false,
      reason: text(
        `以下申报尚有未决异议或仍在公示期：${waiting.map((w) => w.zh).join('、')}`,
        `objections are still open or the public notice still runs for ${waiting.map((w) => w.en).join(', ')}`,
      ),
    };
  // An annual evaluation fails the vetoed and those an upheld objection took out of the notice: each gets an outcome.
  if (campaign.kind === 'annual-evaluation')
    for (const s of all.filter((x) => x.state === 'vetoed' || x.state === 'not-selected'))
      notices.push(...(await concludeEvaluation(store, campaign, s, actor, by, today, now)).notices);
  const saved = await saveCampaign(store, campaign, { ...campaign, status: 'concluded' }, { actor, action: 'conclude', at: now });
  return { done: true, campaign: saved, notices };
}

/**
 * A commendation campaign's submission moves to named, and the commendation is recorded on the naming it stands on,
 * in one transaction: dated and numbered by the campaign's decision when it has one, else dated today. A naming that
 * records this campaign's commendation already gets none again.
 */
async function commend(
  store: Store,
  campaign: Campaign,
  s: Submission,
  state: Submission['state'],
  actor: Actor,
  today: string,
  now: string,
): Promise<void> {
  const naming = await getNaming(store, s.namingId!, true);
  const commendation: Commendation = {
    title: campaign.commendation!.title,
    level: campaign.level,
    campaignId: campaign.id,
    on: campaign.decision?.date ?? today,
    ...(campaign.decision ? { decisionNo: campaign.decision.number } : {}),
  };
  const { item, saved } = submissionPut(s, { ...s, state }, now);
  await writeAll(store, [
    item,
    submissionAudit(s, saved, { actor, at: now, action: 'name', detail: { namingId: s.namingId, commendation } }),
    ...(naming ? commendationWrites(naming, commendation, actor, now) : []),
  ]);
}

/** The last day of a submission's public notice: its own when it filled a freed seat, else the campaign's. */
export function noticeEndOf(campaign: Campaign, submission: Submission): string | undefined {
  return submission.refill?.noticeEndsOn ?? campaign.noticeEndsOn;
}

/** What a refill (递补) did: the campaign as it now is, and the submission moved up. */
export type RefillOutcome = { done: true; campaign: Campaign; submission: Submission } | (NotYet & { type: ConflictType });

/**
 * Fills a seat freed during the public notice (an objection upheld against a selected submission) with the next
 * eligible submission of the ranking — the best one not selected only because the quota was filled (递补). It
 * enters a public notice of its own, of the campaign's length from today, and the campaign concludes once that has
 * ended too. Only during the campaign's public notice, and only as many times as seats were freed.
 */
export async function refillCampaign(store: Store, campaign: Campaign, actor: Actor, today: string, now: string): Promise<RefillOutcome> {
  if (campaign.status !== 'public-notice')
    return {
      done: false,
      type: 'not-in-public-notice',
      reason: text(
        `批次当前为 ${campaign.status}，只能在公示期内递补`,
        `The campaign is ${campaign.status}; seats are refilled during its public notice`,
      ),
    };
  if (today > campaign.noticeEndsOn!)
    return {
      done: false,
      type: 'not-in-public-notice',
      reason: text(`公示已于 ${campaign.noticeEndsOn} 结束`, `The public notice ended on ${campaign.noticeEndsOn}`),
    };
  const all = await allCampaignSubmissions(store, campaign.id);
  const freed = all.filter((s) => s.ranking?.selected && s.state === 'not-selected').length;
  const refilled = all.filter((s) => s.refill).length;
  if (freed <= refilled)
    return {
      done: false,
      type: 'no-freed-seat',
      reason:
        freed === 0
          ? text('没有因异议成立而空出的名额', 'No objection upheld has freed a seat')
          : text(`空出的 ${freed} 个名额已递补`, `The ${freed} seat(s) freed are filled already`),
    };
  const next = all
    .filter((s) => s.state === 'not-selected' && s.ranking?.reason === 'quota-filled' && !s.refill)
    .sort((a, b) => a.ranking!.rank - b.ranking!.rank)[0];
  if (!next)
    return {
      done: false,
      type: 'no-freed-seat',
      reason: text(
        '排名中已无可递补的申报（其余被一票否决或未达合格分数线）',
        'No submission of the ranking is left to fill the seat (the others are vetoed or below the pass mark)',
      ),
    };
  const notice = await workingDeadline(store, today, campaign.dates.publicNoticeWorkingDays);
  const moved: Submission = { ...next, state: move(next.state, 'refill', 'authority'), refill: { on: today, noticeEndsOn: notice.date } };
  const lastDay = notice.date > campaign.noticeEndsOn! ? notice.date : campaign.noticeEndsOn!;
  const saved = await writeStep(
    store,
    campaign,
    { ...campaign },
    [{ before: next, next: moved, actions: ['refill'], detail: { freed, refill: moved.refill } }],
    { actor, action: 'refill', at: now },
    { kind: 'public-notice', due: addDays(lastDay, 1) },
  );
  return { done: true, campaign: saved, submission: moved };
}

/**
 * Recomputes the deadlines that were counted on a derived (provisional) calendar, once an admin loads the published
 * one (DESIGN.md, Time): the appeal window from the ranking date, the public notice from the final date. Only
 * campaigns still waiting on such a deadline are read (the agenda index). Returns how many moved.
 */
export async function recomputeProvisional(store: Store, actor: Actor, now: string): Promise<number> {
  let moved = 0;
  for (const kind of ['appeal-window', 'public-notice'] as const) {
    let cursor: string | undefined;
    do {
      const page = await listDue(store, kind, '9999-12-31', 100, cursor);
      for (const campaign of page.items.map(campaignFromItem).filter((c) => c.provisional)) {
        const [from, days] =
          kind === 'appeal-window'
            ? [campaign.rankedOn!, campaign.dates.appealWorkingDays]
            : [campaign.finalOn!, campaign.dates.publicNoticeWorkingDays];
        const deadline = await workingDeadline(store, from, days);
        const next: Campaign = {
          ...campaign,
          ...(kind === 'appeal-window' ? { appealEndsOn: deadline.date } : { noticeEndsOn: deadline.date }),
        };
        if (deadline.provisional) next.provisional = true;
        else delete next.provisional;
        await saveCampaign(
          store,
          campaign,
          next,
          { actor, action: 'recomputeDeadline', at: now },
          { agenda: { kind, due: addDays(deadline.date, 1) } },
        );
        moved += 1;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return moved;
}
