import { nextMilestone } from '../../shared/domain/namings.ts';
import { deadlineMilestones } from '../../shared/domain/rechecks.ts';
import type { AgendaKind } from '../../shared/domain/agenda.ts';
import { advanceExpiryMilestone, namingExpiryKind, namingFromItem, namingMilestones } from '../../shared/data/namings.ts';
import { advanceDeadline, recheckFromItem } from '../../shared/data/rechecks.ts';
import type { Store } from '../../shared/data/store.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { deadlineNotice, expiryNotice } from '../../shared/notices/templates.ts';

/** What the sweep does with one due item: the notice to queue (if anyone can receive it) and the move that follows. */
export interface AgendaWork {
  notice?: NoticeMessage;
  advance(store: Store): Promise<boolean>;
}

/** One kind of deadline the sweep handles. */
export interface AgendaHandler {
  kind: AgendaKind;
  plan(item: Record<string, unknown>, today: string, now: string): AgendaWork;
}

/** Several milestones may have passed since the last sweep: only the latest of them is notified. */
function latestDue(deadline: string, milestones: readonly number[], today: string, stored: number): number {
  return nextMilestone(deadline, milestones, today, stored + 1)!.daysBefore;
}

const namingExpiry: AgendaHandler = {
  kind: namingExpiryKind,
  plan(item, today, now) {
    const naming = namingFromItem(item);
    const stored = Number(item.agendaMilestone);
    const milestone = latestDue(naming.expiresOn, namingMilestones(), today, stored);
    attributeShare(naming.issuedBy);
    return {
      notice: naming.recipients?.length
        ? { id: `naming#${naming.id}#expiry#${milestone}`, to: naming.recipients, agencyId: naming.issuedBy, about: `naming#${naming.id}`, kind: `expiry-${milestone}`, ...expiryNotice(naming, milestone) }
        : undefined,
      advance: (store) => advanceExpiryMilestone(store, naming, stored, milestone, today, now),
    };
  },
};

function deadlineHandler(kind: 'recheck' | 'rectification'): AgendaHandler {
  return {
    kind,
    plan(item, today, now) {
      const recheck = recheckFromItem(item);
      const stored = Number(item.agendaMilestone);
      const milestone = latestDue(kind === 'recheck' ? recheck.dueOn : recheck.rectifyBy!, deadlineMilestones, today, stored);
      attributeShare(recheck.issuedBy);
      const tag = milestone < 0 ? 'overdue' : String(milestone);
      return {
        notice: recheck.recipients?.length
          ? { id: `recheck#${recheck.id}#${kind}#${tag}`, to: recheck.recipients, agencyId: recheck.issuedBy, about: `naming#${recheck.namingId}`, kind: `${kind}-${tag}`, ...deadlineNotice(recheck, kind, milestone) }
          : undefined,
        advance: (store) => advanceDeadline(store, recheck, kind, stored, milestone, today, now),
      };
    },
  };
}

/** Every kind of deadline the sweep handles today, in this order. */
export const agendaHandlers: readonly AgendaHandler[] = [namingExpiry, deadlineHandler('recheck'), deadlineHandler('rectification')];
