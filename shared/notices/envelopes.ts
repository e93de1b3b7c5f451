import type { Campaign } from '../domain/campaigns.ts';
import type { Naming } from '../domain/namings.ts';
import type { Recheck } from '../domain/rechecks.ts';
import type { Submission } from '../domain/submissions.ts';
import type { Appointment } from '../domain/instructors.ts';
import type { Task } from '../domain/plans.ts';
import type { NoticeMessage } from './notice.ts';
import type { Rectification } from '../data/evaluations.ts';
import type { WorkSummary } from '../data/work.ts';
import type { Authority } from '../domain/authorities.ts';
import { isoWeekOf } from '../domain/weekly-digest.ts';
import {
  deadlineNotice,
  evaluationDeadlineNotice,
  evaluationNotice,
  expiryNotice,
  inspectionNotice,
  readjustmentNotice,
  resultNotice,
  revocationNotice,
  revocationProposalNotice,
  taskNotice,
  termNotice,
  weeklyDigestNotice,
  type RenderedNotice,
} from './templates.ts';

/**
 * What a notice is about, by kind, with what its text needs. `milestone` is the step of the deadline that is due (days
 * before it; negative once it has passed) and `daysLeft` the days actually left, which a late sweep makes fewer.
 */
export type NoticeSubject =
  | { kind: 'expiry'; naming: Naming; milestone: number; daysLeft: number; contact: string }
  | { kind: 'revoked'; naming: Naming; contact: string }
  | { kind: 'recheck' | 'rectification'; recheck: Recheck; milestone: number; daysLeft: number; contact: string }
  | { kind: 'inspection-paired'; recheck: Recheck; contact: string }
  | { kind: 'instructor-term'; appointment: Appointment; milestone: number; daysLeft: number }
  | { kind: 'readjustment'; county: string; countyName: string; dueOn: string; issuedBy: string; milestone: number }
  | { kind: 'task-due'; task: Task; milestone: number; daysLeft: number }
  | { kind: 'result'; campaign: Campaign; submission: Submission; organisers?: readonly string[] }
  | { kind: 'evaluation'; campaign: Campaign; submission: Submission; reEvaluated: boolean }
  | { kind: 'evaluation-rectification'; rectification: Rectification; milestone: number; daysLeft: number }
  | { kind: 'revocation-proposal'; naming: Naming; campaign: Campaign; submissionId: string }
  | { kind: 'weekly-digest'; authority: Authority; today: string; work: WorkSummary };

/** The parts of an envelope that identify a notice: its id, whose history it joins, which agency pays, its kind. */
interface Envelope {
  id: string;
  about: string;
  agencyId: string;
  kind: string;
  rendered: RenderedNotice;
}

/** A past deadline's step reads `overdue` in ids and kinds, a coming one its days. */
const tag = (milestone: number) => (milestone < 0 ? 'overdue' : String(milestone));

function envelopeOf(subject: NoticeSubject): Envelope {
  switch (subject.kind) {
    case 'expiry': {
      const { naming, milestone } = subject;
      return {
        id: `naming#${naming.id}#expiry#${milestone}`,
        about: `naming#${naming.id}`,
        agencyId: naming.issuedBy,
        kind: `expiry-${milestone}`,
        rendered: expiryNotice(naming, subject.daysLeft, subject.contact),
      };
    }
    case 'revoked': {
      const { naming } = subject;
      return {
        id: `naming#${naming.id}#revoked#${naming.revokedOn}`,
        about: `naming#${naming.id}`,
        agencyId: naming.issuedBy,
        kind: 'revoked',
        rendered: revocationNotice(naming, subject.contact),
      };
    }
    case 'recheck':
    case 'rectification': {
      const { recheck, milestone } = subject;
      return {
        id: `recheck#${recheck.id}#${subject.kind}#${tag(milestone)}`,
        about: `naming#${recheck.namingId}`,
        agencyId: recheck.issuedBy,
        kind: `${subject.kind}-${tag(milestone)}`,
        rendered: deadlineNotice(recheck, subject.kind, milestone < 0 ? milestone : subject.daysLeft, subject.contact),
      };
    }
    case 'inspection-paired': {
      const { recheck } = subject;
      return {
        id: `recheck#${recheck.id}#paired`,
        about: `naming#${recheck.namingId}`,
        agencyId: recheck.issuedBy,
        kind: 'inspection-paired',
        rendered: inspectionNotice(recheck, subject.contact),
      };
    }
    case 'instructor-term': {
      const { appointment, milestone } = subject;
      return {
        id: `appointment#${appointment.id}#term#${milestone}`,
        about: `unit#${appointment.unitId}`,
        agencyId: appointment.issuedBy,
        kind: `instructor-term-${milestone}`,
        rendered: termNotice(appointment, subject.daysLeft),
      };
    }
    case 'readjustment': {
      const { county, dueOn, milestone } = subject;
      return {
        id: `county#${county}#readjustment#${dueOn}#${milestone}`,
        about: `county#${county}`,
        agencyId: subject.issuedBy,
        kind: `readjustment-${milestone}`,
        rendered: readjustmentNotice(subject.countyName, dueOn, milestone),
      };
    }
    case 'task-due': {
      const { task, milestone } = subject;
      return {
        id: `task#${task.id}#due#${tag(milestone)}`,
        about: `plan#${task.planId}`,
        agencyId: task.authorityId,
        kind: `task-${tag(milestone)}`,
        rendered: taskNotice(task, milestone < 0 ? milestone : subject.daysLeft),
      };
    }
    case 'result': {
      const { campaign, submission: s } = subject;
      // A re-ranking notifies again only those whose standing changed: the id names the standing.
      return {
        id: `submission#${s.id}#result#${s.result!.final}#${s.ranking!.rank}#${s.ranking!.selected}`,
        about: `submission#${s.id}`,
        agencyId: campaign.authorityId,
        kind: 'result',
        rendered: resultNotice(campaign, s, subject.organisers),
      };
    }
    case 'evaluation': {
      const { campaign, submission: s, reEvaluated } = subject;
      // One outcome notice per conclusion, and one per re-evaluation: the id names which.
      const outcome = reEvaluated ? s.evaluation!.reEvaluation!.outcome : s.evaluation!.outcome;
      return {
        id: `submission#${s.id}#${reEvaluated ? 're-evaluation' : 'evaluation'}#${outcome}`,
        about: `submission#${s.id}`,
        agencyId: campaign.authorityId,
        kind: reEvaluated ? 're-evaluation' : 'evaluation',
        rendered: evaluationNotice(campaign, s, reEvaluated),
      };
    }
    case 'evaluation-rectification': {
      const { rectification: r, milestone } = subject;
      return {
        id: `submission#${r.submissionId}#rectification#${tag(milestone)}`,
        about: `submission#${r.submissionId}`,
        agencyId: r.issuedBy,
        kind: `evaluation-rectification-${tag(milestone)}`,
        rendered: evaluationDeadlineNotice(r, milestone < 0 ? milestone : subject.daysLeft),
      };
    }
    case 'revocation-proposal': {
      const { naming, campaign, submissionId } = subject;
      return {
        id: `naming#${naming.id}#revocation-proposal#${submissionId}`,
        about: `naming#${naming.id}`,
        agencyId: campaign.authorityId,
        kind: 'revocation-proposal',
        rendered: revocationProposalNotice(naming, campaign),
      };
    }
    case 'weekly-digest': {
      const { authority, today } = subject;
      // One digest per agency and ISO week: a second run in the same week names the same id.
      return {
        id: `authority#${authority.agencyId}#digest#${isoWeekOf(today)}`,
        about: `authority#${authority.agencyId}`,
        agencyId: authority.agencyId,
        kind: 'weekly-digest',
        rendered: weeklyDigestNotice(authority.name, today, subject.work),
      };
    }
  }
}

/**
 * Every notice Shifan sends, built in one place: its deterministic id (`<subject>#<kind>#<milestone>`: the notifier
 * sends an id once, so the sweep, a retry and a route that queues the same notice must agree on it), the history it
 * joins, the agency it is attributed to, and its rendered text. Undefined when it has no one to go to.
 */
export function noticeFor(subject: NoticeSubject, to: readonly string[]): NoticeMessage | undefined {
  if (to.length === 0) return undefined;
  const { rendered, ...envelope } = envelopeOf(subject);
  return { ...envelope, to: [...to], ...rendered };
}
