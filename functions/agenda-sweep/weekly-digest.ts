import { pendingWork, type WorkSummary } from '../../shared/data/work.ts';
import { advanceDigest, weeklyDigestKind } from '../../shared/data/weekly-digest.ts';
import { digestRecipients, isoWeekOf, nextDigestOn } from '../../shared/domain/weekly-digest.ts';
import { attributeShare } from '../../shared/metering/usage.ts';
import { noticeFor } from '../../shared/notices/envelopes.ts';
import type { AgendaHandler } from './agenda-handlers.ts';

/** How many agencies' open work is read at once. */
const concurrentReads = 8;

/** An agency's open work, or why it could not be read (its step then fails, and is tried again on the next run). */
type Prepared = { work: WorkSummary } | { failure: unknown };

/**
 * The Monday digest (issue #20): each agency due gets one email to its contacts who have not opted out, with what
 * its workbench shows — none when nothing waits, or no one is left to write to. Either way the digest moves to the
 * next Monday, so a second run in the same week finds nothing due, and two runs at once send the one notice id.
 */
export const weeklyDigest: AgendaHandler = {
  kind: weeklyDigestKind,
  // The open work of each agency due that has someone to write to, read as its authority's workbench reads it.
  async prepare(store, items, directory) {
    const agencies = items.flatMap((item) => {
      const authority = directory.get(String(item.issuedBy));
      return authority && digestRecipients(authority).length > 0 ? [authority] : [];
    });
    const prepared = new Map<string, Prepared>();
    for (let i = 0; i < agencies.length; i += concurrentReads) {
      await Promise.all(
        agencies.slice(i, i + concurrentReads).map(async ({ agencyId, regionCode }) => {
          const who = { role: 'authority' as const, agencyId, sub: `${weeklyDigestKind}#${agencyId}`, region: regionCode };
          try {
            prepared.set(agencyId, { work: await pendingWork(store, who) });
          } catch (failure) {
            prepared.set(agencyId, { failure });
          }
        }),
      );
    }
    return prepared;
  },
  plan(item, { today }, directory, prepared) {
    const agencyId = String(item.issuedBy);
    attributeShare(agencyId);
    const read = prepared?.get(agencyId) as Prepared | undefined;
    if (read && 'failure' in read) throw read.failure;
    const authority = directory.get(agencyId);
    const waiting = read?.work.kinds.some((k) => k.count > 0) ? read.work : undefined;
    return {
      notice:
        authority && waiting
          ? noticeFor({ kind: 'weekly-digest', authority, today, work: waiting }, digestRecipients(authority))
          : undefined,
      advance: (store) => advanceDigest(store, agencyId, String(item.agendaDue), nextDigestOn(today), isoWeekOf(today)),
    };
  },
};
