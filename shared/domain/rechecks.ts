import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { civilDate } from './time.ts';
import { says } from './errors.ts';

/** Visits to a named unit (DOMAIN.md rule 2): recheck 复检复验, mutual inspection 互观互检, look-back 回头看. */
export const recheckKinds = ['recheck', 'inspection', 'look-back'] as const;

/** Reminders before a recheck or rectification deadline, in days; -1 is the day after it: overdue. */
export const deadlineMilestones = [14, 3, -1] as const;

/** Body of `POST /v1/namings/{id}/rechecks`. */
export const recheckCreate = lazySchema(() =>
  z.strictObject({
    kind: z.enum(recheckKinds),
    dueOn: civilDate,
    assignees: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
    /** For a mutual inspection: the other named unit's naming, which inspects and is inspected. */
    pairedNamingId: z.string().min(1).max(128).optional(),
    note: z.string().max(2000).optional(),
  }),
);

/** Body of `POST /v1/namings/{id}/rechecks/{recheckId}/outcome`. */
export const recheckOutcome = lazySchema(() =>
  z.discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('pass'), note: z.string().max(2000).optional() }),
    z.strictObject({ outcome: z.literal('rectify'), rectifyBy: civilDate, note: z.string().max(2000).optional() }),
    z.strictObject({
      outcome: z.literal('revoke'),
      reason: z.string().trim().min(2, says('须说明理由', 'a reason is required')).max(1000),
    }),
  ]),
);

/** A recheck's input. */
export type RecheckCreate = z.infer<typeof recheckCreate>;
/** A recheck's outcome. */
export type RecheckOutcome = z.infer<typeof recheckOutcome>;

/** A recheck, mutual inspection or look-back of a named unit, with its outcome once known. */
export interface Recheck {
  id: string;
  namingId: string;
  kind: RecheckCreate['kind'];
  dueOn: string;
  assignees: string[];
  pairedNamingId?: string;
  note?: string;
  status: 'open' | 'overdue' | 'passed' | 'rectifying' | 'rectification-overdue' | 'revoked';
  rectifyBy?: string;
  outcomeNote?: string;
  unitName: string;
  certificateNo: string;
  recipients: string[];
  issuedBy: string;
  supervisorId?: string;
  createdAt: string;
  updatedAt: string;
}
