import { takesOnSite, type Campaign } from '../../shared/domain/campaigns.ts';
import { rectificationOver, type Submission } from '../../shared/domain/submissions.ts';
import { ConflictError, NotFoundError, text } from '../../shared/domain/errors.ts';
import type { StepOutcome } from '../../shared/campaigns/outcomes.ts';
import type { ConflictType } from '../../shared/domain/problem-types.ts';
import type { StepBy } from '../../shared/data/submissions.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { Reply, RouteRequest } from '../../shared/http/handler.ts';

/** Answers a campaign-wide step: the campaign as it now is, or 409 saying why the step cannot be made yet. */
export function answer(outcome: StepOutcome, type: ConflictType): Reply {
  if (!outcome.done) throw new ConflictError(text(`暂不能执行：${outcome.reason.zh}。`, `Not yet: ${outcome.reason.en}.`), type);
  return { body: outcome.campaign, etag: outcome.campaign.version };
}

/** Refuses an application step before the campaign's applications open or after they close (409). */
export function checkApplicationsOpen(dates: { applicationsOpen: string; applicationsClose: string }, today: string): void {
  if (today < dates.applicationsOpen)
    throw new ConflictError(
      text(`申报将于 ${dates.applicationsOpen} 开始。`, `Applications open on ${dates.applicationsOpen}.`),
      'applications-not-open',
    );
  if (today > dates.applicationsClose)
    throw new ConflictError(
      text(`申报已于 ${dates.applicationsClose} 截止。`, `Applications closed on ${dates.applicationsClose}.`),
      'applications-closed',
    );
}

/** Who takes a step on a submission, and when, for its audit entry: the caller, at the time of the request. */
export function stepBy(request: RouteRequest): StepBy {
  return { actor: actorOf(request), at: request.now };
}

/** The index of a campaign's round by name; an unknown round → 404 naming the rounds there are. */
export function roundOf(campaign: Campaign, round: string): number {
  const index = campaign.rounds.findIndex((r) => r.name === round);
  if (index === -1)
    throw new NotFoundError(
      text(
        `本批次没有第 ${round} 轮评审；评审轮次为 ${campaign.rounds.map((r) => r.name).join('、')}。`,
        `This campaign has no round ${round}; its rounds are ${campaign.rounds.map((r) => r.name).join(', ')}.`,
      ),
    );
  return index;
}

/**
 * Refuses a reviewer for a submission's on-site round (409) when it has none — not picked in a campaign visiting key
 * units only — or while its rectification runs: before the document round has closed into it, and then until the unit
 * declares it done or the window's last day has passed.
 */
export function checkOnSiteRound(campaign: Campaign, submission: Submission, today: string): void {
  if (!takesOnSite(campaign, submission.id))
    throw new ConflictError(
      text(
        `${submission.unitName} 未被选定为实地评审的重点单位，只按文件评审计分。`,
        `${submission.unitName} is not picked for the on-site round; it is scored on the document round alone.`,
      ),
      'not-picked-on-site',
    );
  // Once open (or reopened on appeal), the on-site round takes reviewers as any round does.
  if (!campaign.rectification || submission.state === 'on-site') return;
  const { dueOn } = campaign.rectification;
  if (submission.state !== 'in-rectification')
    throw new ConflictError(
      text(
        `本批次在两轮评审之间设有整改期（至 ${dueOn}）：文件评审结束、进入整改后方可安排实地评审。`,
        `This campaign has a rectification window (until ${dueOn}) between its rounds: the on-site round is assigned once the document round has closed into it.`,
      ),
      'rectification-pending',
    );
  if (!rectificationOver(submission.rectification ?? { dueOn }, today))
    throw new ConflictError(
      text(
        `${submission.unitName} 尚未申报整改完成；整改期至 ${dueOn}，届满前须先申报整改完成方可开始实地评审。`,
        `${submission.unitName} has not declared its rectification done; until ${dueOn} the on-site round opens only once it has.`,
      ),
      'rectification-pending',
    );
}
