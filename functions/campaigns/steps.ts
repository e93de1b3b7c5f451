import type { Campaign } from '../../shared/domain/campaigns.ts';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.ts';
import type { StepOutcome } from '../../shared/campaigns/outcomes.ts';
import type { StepBy } from '../../shared/data/submissions.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { Reply, RouteRequest } from '../../shared/http/handler.ts';

/** Answers a campaign-wide step: the campaign as it now is, or 409 saying why the step cannot be made yet. */
export function answer(outcome: StepOutcome, type: string): Reply {
  if (!outcome.done) throw new ConflictError(`Not yet: ${outcome.reason}.`, type);
  return { body: outcome.campaign, etag: outcome.campaign.version };
}

/** Refuses an application step before the campaign's applications open or after they close (409). */
export function checkApplicationsOpen(dates: { applicationsOpen: string; applicationsClose: string }, today: string): void {
  if (today < dates.applicationsOpen) throw new ConflictError(`Applications open on ${dates.applicationsOpen}.`, 'applications-not-open');
  if (today > dates.applicationsClose) throw new ConflictError(`Applications closed on ${dates.applicationsClose}.`, 'applications-closed');
}

/** Who takes a step on a submission, and when, for its audit entry: the caller, at the time of the request. */
export function stepBy(request: RouteRequest): StepBy {
  return { actor: actorOf(request), at: request.now };
}

/** The index of a campaign's round by name; an unknown round → 404 naming the rounds there are. */
export function roundOf(campaign: Campaign, round: string): number {
  const index = campaign.rounds.findIndex((r) => r.name === round);
  if (index === -1)
    throw new NotFoundError(`This campaign has no round ${round}; its rounds are ${campaign.rounds.map((r) => r.name).join(', ')}.`);
  return index;
}
