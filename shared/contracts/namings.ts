import * as z from 'zod';
import { commendationRecord, importBody, namingKinds, namingLevels, namingStatuses, type Naming } from '../domain/namings.ts';
import { inspectionFindings, inspectionRatings, recheckCreate, recheckKinds, recheckOutcome, type Recheck } from '../domain/rechecks.ts';
import { eligibleQuery, kindDescription, namingListQuery, namingSummary, personSchema, revokeBody } from '../domain/registry.ts';
import { allOf, lazySchema, listOf } from '../domain/schema.ts';
import { civilDate } from '../domain/time.ts';
import { unitTypes } from '../domain/units.ts';
import type { NoticeDelivery } from '../data/notices.ts';
import { named, type Contract, type Describes } from '../http/contract.ts';
import { rowRefusal } from './common.ts';
import { proposalDecisionBody } from '../domain/evaluations.ts';

const summary = named(
  namingSummary,
  'NamingSummary',
  'A naming (命名) as a list shows it to authorities: no contacts; the status it shows today and, in force, the days left.',
);

const summaryPage = named(listOf(summary), 'NamingSummaryPage');

/** Who issued a naming. */
const issuer = lazySchema(() => z.object({ agencyId: z.string(), level: z.enum(namingLevels), regionCode: z.string() }));

/** A naming as its readers see it, with the status it shows today. */
const naming = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      unitType: z.enum(unitTypes),
      regionCode: z.string(),
      level: z.enum(namingLevels),
      campaignId: z.string().optional().describe('The campaign that named it; absent for an import'),
      certificateNo: z.string(),
      namedOn: civilDate,
      expiresOn: civilDate.describe('The last day of its term'),
      status: z.enum(namingStatuses),
      supersededBy: z.string().optional(),
      revokedOn: civilDate.optional(),
      revokeReason: z.string().optional(),
      decision: z
        .object({ number: z.string(), date: civilDate })
        .optional()
        .describe('The decision document it was named by (命名决定): its number and date, which is namedOn'),
      commendations: z.array(commendationRecord).optional().describe('Honours conferred on the holder for standing on it (表彰)'),
      issuedBy: z.string().describe("The issuer's agency id (issuer.agencyId)"),
      issuer: issuer.describe('Only the issuer, an authority above it in its region chain, or an admin changes it'),
      kind: z.enum(namingKinds).describe(kindDescription),
      person: personSchema.optional().describe("an advanced individual's name and work unit (the rest stays on the nomination)"),
      supervisorId: z.string().optional().describe("The unit's supervising authority, copied in its notices"),
      renewalSubmissionId: z.string().optional().describe('The renewal submitted for it: its reminders stopped then'),
      revocationProposal: z
        .object({ submissionId: z.string(), campaignId: z.string(), proposedOn: civilDate, proposedBy: z.string() })
        .optional()
        .describe('A failed annual evaluation proposed revoking it; the issuer (or an authority above) decides'),
      recipients: z.array(z.string()).describe("Where its notices go: the unit's contact emails"),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      nextMilestone: z.int().optional().describe('The next expiry reminder, in days before the last day, while one is left'),
      nextMilestoneOn: civilDate.optional(),
    }),
  ),
  'Naming',
  'A naming (命名) of a unit or zone: certificate number, issuer, term and status.',
);

/** A naming as `GET /v1/namings/{id}` shows it: with the status it shows today. */
export const namingShown = named(
  lazySchema(() =>
    naming.unwrap().extend({
      shownStatus: z.enum([...namingStatuses, 'expiring']).describe('expiring within the first reminder of the last day'),
    }),
  ),
  'NamingWithStatus',
  'A naming (命名) with the status it shows today (expiring near the end of its term).',
);

/** A recheck, mutual inspection or look-back of a named unit, with its outcome once known. */
export const recheck = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      namingId: z.string(),
      kind: z.enum(recheckKinds),
      dueOn: civilDate,
      assignees: z.array(z.string()),
      pairedNamingId: z.string().optional().describe('A mutual inspection: the other naming'),
      pairedRecheckId: z
        .string()
        .optional()
        .describe("A mutual inspection: the other naming's recheck, made with this one (there this unit inspects the other)"),
      pairedUnitId: z.string().optional().describe('A mutual inspection: the unit of the other naming, which inspects this one'),
      pairedUnitName: z.string().optional(),
      findings: z
        .object({
          text: z.string(),
          rating: z.enum(inspectionRatings),
          by: z.string().describe('The agency that recorded them: the paired unit, or an authority that manages its naming'),
          role: z.string(),
          at: z.string(),
        })
        .optional()
        .describe('A mutual inspection: what the paired side found here, recorded once'),
      note: z.string().optional(),
      status: z.enum(['open', 'overdue', 'passed', 'rectifying', 'rectification-overdue', 'revoked']),
      rectifyBy: civilDate.optional(),
      outcomeNote: z.string().optional(),
      unitName: z.string(),
      certificateNo: z.string(),
      recipients: z.array(z.string()).optional().describe("The unit's contact emails; left out when the paired unit reads it"),
      issuedBy: z.string(),
      supervisorId: z.string().optional(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  'Recheck',
  'A recheck (复检复验), mutual inspection (互观互检) or look-back (回头看) of a named unit, with its outcome.',
);

/** One notice about a naming and how its delivery went. */
export const notice = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      kind: z.string().optional(),
      to: z.array(z.string()),
      status: z.enum(['sending', 'sent', 'suppressed', 'failed']),
      at: z.string(),
      attempts: z.int().min(1),
      providerMessageId: z.string().optional(),
      suppressed: z.array(z.string()).optional().describe('Addresses left out: they bounced or complained'),
      error: z.string().optional(),
    }),
  ),
  'NoticeDelivery',
  'A notice (通知) and its delivery: recipients, status (sent, suppressed, failed), time, provider message id.',
);

/** What each route of the `namings` function accepts and answers: the schemas that validate its requests and document it. */
export const namingsContract = {
  importNamings: {
    body: named(importBody, 'NamingImportRequest', 'Namings that predate Shifan (存量命名), 1–500 rows, each validated on its own.'),
    response: named(
      lazySchema(() =>
        z.object({
          created: z.array(z.object({ row: z.int().min(0), id: z.string(), certificateNo: z.string() })),
          refused: z.array(rowRefusal),
        }),
      ),
      'NamingImport',
      'What an import of namings (命名导入) did, row by row: the namings created and the rows refused.',
    ),
  },
  listNamings: { query: namingListQuery, response: summaryPage },
  listEligibleNamings: { query: eligibleQuery, response: summaryPage },
  getNaming: { response: namingShown, etag: true },
  revokeNaming: { body: named(revokeBody, 'Revocation'), response: naming, etag: true },
  decideRevocationProposal: { body: named(proposalDecisionBody, 'RevocationProposalDecision'), response: naming, etag: true },
  listNamingNotices: { response: named(listOf(notice), 'NoticeDeliveryPage') },
  createRecheck: { body: named(recheckCreate, 'RecheckCreate'), response: recheck },
  listRechecks: { response: named(allOf(recheck), 'RecheckList') },
  recordRecheckOutcome: { body: named(recheckOutcome, 'RecheckOutcome'), response: recheck },
  recordInspectionFindings: {
    body: named(inspectionFindings, 'InspectionFindings', "The paired side's findings on a mutual inspection (互观互检) and its rating."),
    response: recheck,
  },
} satisfies Contract<'namings'>;

true satisfies Describes<typeof naming, Naming>;
true satisfies Describes<typeof recheck, Recheck>;
true satisfies Describes<typeof notice, NoticeDelivery>;
