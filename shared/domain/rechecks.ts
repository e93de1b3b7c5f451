import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { civilDate } from './time.ts';
import { says, text, type Text } from './errors.ts';

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

/** How the inspecting unit rates the unit it inspected (互观互检). */
export const inspectionRatings = ['good', 'concerns'] as const;

/** Body of `POST /v1/namings/{id}/rechecks/{recheckId}/findings`: the paired side's findings on the inspected unit. */
export const inspectionFindings = lazySchema(() =>
  z.strictObject({
    findings: z.string().trim().min(2, says('请写明检查意见（至少 2 个字）', 'write the findings (2 characters at least)')).max(4000),
    rating: z.enum(inspectionRatings),
  }),
);

/** A paired side's findings, as a request gives them. */
export type InspectionFindingsInput = z.infer<typeof inspectionFindings>;

/** The findings the paired side recorded on an inspection: what it saw, its rating, which agency and role wrote them, when. */
export interface InspectionFindings {
  text: string;
  rating: (typeof inspectionRatings)[number];
  by: string;
  role: string;
  at: string;
}

/** The statuses of a recheck still awaiting its outcome. */
export const undecided: readonly Recheck['status'][] = ['open', 'overdue'];

/**
 * Why one naming may not be paired with another for a mutual inspection, if it may not: the other must be another
 * unit's, active, and not already in an undecided inspection with it (one open pairing of two namings at a time: a
 * second is refused until the authority has decided both sides of the first). `rechecks` are those of both namings.
 * Pure: the caller has checked scope and who manages each.
 */
export function pairingProblem(
  naming: { id: string; unitId: string },
  paired: { id: string; unitId: string; status: string },
  rechecks: readonly Recheck[],
): Text | undefined {
  if (paired.id === naming.id || paired.unitId === naming.unitId) return text('须为另一个单位的命名', "must be another unit's naming");
  if (paired.status !== 'active') return text('结对的命名须处于有效状态', 'the paired naming must be active');
  const between = (r: Recheck) =>
    (r.namingId === naming.id && r.pairedNamingId === paired.id) || (r.namingId === paired.id && r.pairedNamingId === naming.id);
  const open = rechecks.find((r) => r.kind === 'inspection' && between(r) && undecided.includes(r.status));
  if (open)
    return text(
      `这两个命名已有尚未作出结论的互观互检（${open.id}），双方结论作出后才能再次结对`,
      `these two namings are already paired in an undecided inspection (${open.id}); pair them again once both sides are decided`,
    );
  return undefined;
}

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
  /** A mutual inspection: the other side's recheck (its naming inspected by this one's unit), made in the same transaction. */
  pairedRecheckId?: string;
  /** A mutual inspection: the unit of the paired naming, which inspects this one, and its name. */
  pairedUnitId?: string;
  pairedUnitName?: string;
  /** A mutual inspection: what the paired unit found here, once it has recorded it. */
  findings?: InspectionFindings;
  note?: string;
  status: 'open' | 'overdue' | 'passed' | 'rectifying' | 'rectification-overdue' | 'revoked';
  rectifyBy?: string;
  outcomeNote?: string;
  unitName: string;
  certificateNo: string;
  /** The unit's contact emails (where its notices go); left out when the paired unit reads it. */
  recipients?: string[];
  issuedBy: string;
  supervisorId?: string;
  createdAt: string;
  updatedAt: string;
}
