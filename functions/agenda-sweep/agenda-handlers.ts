import { daysFrom } from '../../shared/domain/time.ts';
import { deadlineMilestones } from '../../shared/domain/rechecks.ts';
import { agendaStep, type AgendaKind } from '../../shared/domain/agenda.ts';
import { concludeCampaign, finalizeCampaign } from '../../shared/campaigns/outcomes.ts';
import { campaignFromItem } from '../../shared/data/campaigns.ts';
import { logger } from '../../shared/logger.ts';
import type { Authority } from '../../shared/domain/authorities.ts';
import { agencyAddresses, audience } from '../../shared/notices/audience.ts';
import {
  advanceExpiryMilestone,
  namingExpiryKind,
  namingFromItem,
  revocationNoticeKind,
  revocationNoticeQueued,
} from '../../shared/data/namings.ts';
import { expiredStep, expiryAgenda } from '../../shared/domain/namings.ts';
import { advanceDeadline, inspectionNoticeKind, inspectionNoticeQueued, recheckFromItem } from '../../shared/data/rechecks.ts';
import type { Store } from '../../shared/data/store.ts';
import type { JobRun } from '../../shared/jobs/handler.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import { advanceReadjustment, advanceTermMilestone, appointmentFromItem, endTerm } from '../../shared/data/appointments.ts';
import { nextReadjustmentReminder, termEndMilestone, termMilestones } from '../../shared/domain/instructors.ts';
import { taskMilestones } from '../../shared/domain/plans.ts';
import { advanceTaskMilestone, taskFromItem } from '../../shared/data/plans.ts';
import { findRegion } from '../../shared/domain/regions.ts';
import { renewalUnderWay, type SubmissionState } from '../../shared/domain/submissions.ts';
import { submissionStatesOf } from '../../shared/data/submissions.ts';
import {
  advanceRectification,
  outcomeNoticeKind,
  pendingNoticeFromItem,
  pendingNoticeQueued,
  rectificationFromItem,
  rectificationKind,
} from '../../shared/data/evaluations.ts';

/** What the sweep does with one due item: the notice to queue (if anyone can receive it) and the move that follows. */
export interface AgendaWork {
  notice?: NoticeMessage;
  advance(store: Store): Promise<boolean>;
}

/** One kind of deadline the sweep handles; `directory` holds the authorities the page's items name. */
export interface AgendaHandler {
  kind: AgendaKind;
  /** What the plans of a page need besides the directory, read once for the whole page (`prepared`, by key). */
  prepare?(
    store: Store,
    items: readonly Record<string, unknown>[],
    directory: ReadonlyMap<string, Authority>,
  ): Promise<ReadonlyMap<string, unknown>>;
  plan(
    item: Record<string, unknown>,
    run: JobRun,
    directory: ReadonlyMap<string, Authority>,
    prepared?: ReadonlyMap<string, unknown>,
  ): AgendaWork;
}

const namingExpiry: AgendaHandler = {
  kind: namingExpiryKind,
  // The state of each renewal submitted for a due naming: a renewal under way silences its reminders.
  prepare: (store, items) =>
    submissionStatesOf(store, [
      ...new Set(items.flatMap((i) => (typeof i.renewalSubmissionId === 'string' ? [i.renewalSubmissionId] : []))),
    ]),
  plan(item, { today, now, config }, directory, renewals) {
    const naming = namingFromItem(item);
    const stored = Number(item.agendaMilestone);
    const step = agendaStep(naming.expiresOn, expiryAgenda(config.NAMING_REMINDER_DAYS), today, stored);
    const milestone = step.acted;
    attributeShare(naming.issuedBy);
    const { to, contact } = audience(naming, directory);
    // The step after the expiry day marks the naming expired, with a notice only if the last day's was never sent (a
    // naming imported late, a missed sweep). A renewal under way silences the reminders; one withdrawn, returned,
    // rejected, vetoed or not selected lets them resume with the next milestone due.
    const renewal = naming.renewalSubmissionId ? (renewals?.get(naming.renewalSubmissionId) as SubmissionState | undefined) : undefined;
    const remind =
      to.length > 0 && !(milestone === expiredStep && stored === expiredStep) && !(renewal && renewalUnderWay.includes(renewal));
    const daysLeft = milestone <= 0 ? milestone : Math.max(1, daysFrom(today, naming.expiresOn));
    return {
      notice: remind ? noticeFor({ kind: 'expiry', naming, milestone, daysLeft, contact }, to) : undefined,
      // Waiting for a renewal at a reminder, the naming's expiry becomes the issuer's open work.
      advance: (store) =>
        advanceExpiryMilestone(store, naming, step, now, milestone !== expiredStep && !(renewal && renewalUnderWay.includes(renewal))),
    };
  },
};

function deadlineHandler(kind: 'recheck' | 'rectification'): AgendaHandler {
  return {
    kind,
    plan(item, { today, now }, directory) {
      const recheck = recheckFromItem(item);
      const { to, contact } = audience(recheck, directory);
      const deadline = kind === 'recheck' ? recheck.dueOn : recheck.rectifyBy!;
      const step = agendaStep(deadline, deadlineMilestones, today, Number(item.agendaMilestone));
      const milestone = step.acted;
      attributeShare(recheck.issuedBy);
      return {
        notice: noticeFor({ kind, recheck, milestone, daysLeft: Math.max(0, daysFrom(today, deadline)), contact }, to),
        advance: (store) => advanceDeadline(store, recheck, kind, step, now),
      };
    },
  };
}

/**
 * The end of a campaign's appeal window (results final, public notice begins) or of its public notice (namings).
 * A step that cannot be made yet (an appeal still being re-scored, an objection still open) stays on the agenda
 * and is tried again the next day.
 */
function campaignStep(kind: 'appeal-window' | 'public-notice'): AgendaHandler {
  return {
    kind,
    plan(item, { today, now, config }) {
      const campaign = campaignFromItem(item);
      attributeShare(campaign.authorityId);
      const actor = { sub: 'system', role: 'system', agencyId: campaign.authorityId, requestId: `agenda-sweep#${today}` };
      return {
        // A refusal (or any failure) reaches the sweep, which records it and tries again the next day.
        advance: async (store) => {
          const outcome =
            kind === 'appeal-window'
              ? await finalizeCampaign(store, campaign, actor, 'system', today, now)
              : await concludeCampaign(store, campaign, actor, 'system', today, now, config.NAMING_REMINDER_DAYS);
          if (!outcome.done) logger.info('Campaign step not made yet', { campaignId: campaign.id, kind, reason: outcome.reason.en });
          return outcome.done;
        },
      };
    },
  };
}

/**
 * An instructor's term ends in 90 or 30 days: the county department that appointed is reminded. The day after its
 * last day, the appointment ends.
 */
const instructorTerm: AgendaHandler = {
  kind: 'instructor-term',
  plan(item, { today, now }, directory) {
    const appointment = appointmentFromItem(item);
    const step = agendaStep(appointment.termEndsOn, termMilestones, today, Number(item.agendaMilestone));
    const milestone = step.acted;
    attributeShare(appointment.issuedBy);
    if (milestone === termEndMilestone) {
      const actor = { sub: 'system', role: 'system', agencyId: appointment.issuedBy, requestId: `agenda-sweep#${today}` };
      return { advance: (store) => endTerm(store, appointment, actor, today, now) };
    }
    const to = agencyAddresses(directory, appointment.issuedBy);
    return {
      notice: noticeFor(
        { kind: 'instructor-term', appointment, milestone, daysLeft: Math.max(0, daysFrom(today, appointment.termEndsOn)) },
        to,
      ),
      advance: (store) => advanceTermMilestone(store, appointment, step),
    };
  },
};

/** Once a year each county hears when its collective readjustment of instructors is due. */
const readjustment: AgendaHandler = {
  kind: 'readjustment',
  plan(item, _run, directory) {
    const county = String(item.regionCode);
    const dueOn = String(item.dueOn);
    const issuedBy = String(item.issuedBy);
    const stored = Number(item.agendaMilestone);
    attributeShare(issuedBy);
    const to = agencyAddresses(directory, issuedBy);
    return {
      notice: noticeFor(
        { kind: 'readjustment', county, countyName: findRegion(county)?.name ?? county, dueOn, issuedBy, milestone: stored },
        to,
      ),
      advance: (store) => advanceReadjustment(store, county, dueOn, stored, nextReadjustmentReminder(dueOn, stored)),
    };
  },
};

/** A plan task is due in 7 or 1 days, or overdue (then marked so): the responsible agency is reminded, once each. */
const taskDue: AgendaHandler = {
  kind: 'task-due',
  plan(item, { today, now }, directory) {
    const task = taskFromItem(item);
    const step = agendaStep(task.dueOn, taskMilestones, today, Number(item.agendaMilestone));
    const milestone = step.acted;
    attributeShare(task.authorityId);
    const to = agencyAddresses(directory, task.responsibleAgency);
    return {
      notice: noticeFor({ kind: 'task-due', task, milestone, daysLeft: Math.max(0, daysFrom(today, task.dueOn)) }, to),
      advance: (store) => advanceTaskMilestone(store, task, step, now),
    };
  },
};

/** A revocation whose notice may not have been queued when it was made: queued now (the notifier sends it once). */
const revocation: AgendaHandler = {
  kind: revocationNoticeKind,
  plan(item, _run, directory) {
    const naming = namingFromItem(item);
    attributeShare(naming.issuedBy);
    const { to, contact } = audience(naming, directory);
    return {
      notice: noticeFor({ kind: 'revoked', naming, contact }, to),
      advance: (store) => revocationNoticeQueued(store, naming.id),
    };
  },
};

/**
 * A mutual inspection's pairing notice, on the agenda from the pairing: queued by the next sweep whether or not the
 * route could queue it then (the notifier sends the id once), then taken off.
 */
const inspectionPairing: AgendaHandler = {
  kind: inspectionNoticeKind,
  plan(item, _run, directory) {
    const recheck = recheckFromItem(item);
    attributeShare(recheck.issuedBy);
    const { to, contact } = audience(recheck, directory);
    return {
      notice: noticeFor({ kind: 'inspection-paired', recheck, contact }, to),
      advance: (store) => inspectionNoticeQueued(store, recheck.id),
    };
  },
};

/**
 * A unit rectifying after an annual evaluation: reminded 14 and 3 days before its last day, and told the day after
 * it that it is overdue (marked so; the re-evaluation still closes it).
 */
const evaluationRectification: AgendaHandler = {
  kind: rectificationKind,
  plan(item, { today, now }, directory) {
    const rectification = rectificationFromItem(item);
    const step = agendaStep(rectification.rectifyBy, deadlineMilestones, today, Number(item.agendaMilestone));
    attributeShare(rectification.issuedBy);
    const { to } = audience(rectification, directory);
    const daysLeft = Math.max(0, daysFrom(today, rectification.rectifyBy));
    return {
      notice: noticeFor({ kind: 'evaluation-rectification', rectification, milestone: step.acted, daysLeft }, to),
      advance: (store) => advanceRectification(store, rectification.submissionId, step, now),
    };
  },
};

/** An annual evaluation's notice (an outcome, a proposed revocation) not yet known to be queued: queued now, sent once. */
const evaluationNotice: AgendaHandler = {
  kind: outcomeNoticeKind,
  plan(item) {
    const pending = pendingNoticeFromItem(item);
    attributeShare(String(item.issuedBy));
    return { notice: pending.notice, advance: (store) => pendingNoticeQueued(store, pending) };
  },
};

/** Every kind of deadline the sweep handles today, in this order. */
export const agendaHandlers: readonly AgendaHandler[] = [
  namingExpiry,
  deadlineHandler('recheck'),
  deadlineHandler('rectification'),
  campaignStep('appeal-window'),
  campaignStep('public-notice'),
  instructorTerm,
  readjustment,
  taskDue,
  revocation,
  inspectionPairing,
  evaluationRectification,
  evaluationNotice,
];
