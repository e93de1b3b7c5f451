import * as z from 'zod';
import { campaignCreate, campaignDecision, campaignListQuery, campaignSchema, onSitePicks } from '../domain/campaigns.ts';
import {
  appealCreate,
  assignmentCreate,
  conflictDeclaration,
  decisionBody,
  declineBody,
  evidenceCreate,
  objectionCreate,
  rectificationDeclaration,
  reviewerPut,
  sheetBody,
  submissionCreate,
  nomineeSchema,
  submissionListQuery,
  submissionStates,
  transitionBody,
} from '../domain/submissions.ts';
import { allOf, lazySchema, listOf, pageQuery } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';
import { evaluationOutcomes, reEvaluationBody } from '../domain/evaluations.ts';
import { evidence, evidenceUpload, historyEntry, scoreResult } from './common.ts';
import { unitTypes } from '../domain/units.ts';
import { namingKinds } from '../domain/namings.ts';
import { campaignDocuments } from '../domain/documents.ts';
import { campaignDeadlineNames } from '../domain/campaign-progress.ts';
import { civilDate } from '../domain/time.ts';

/** Sheets asked (not declined), given, outstanding and declined. */
const sheetCounts = {
  assigned: z.int().describe('sheets asked and not declined'),
  submitted: z.int().describe('sheets given'),
  outstanding: z.int().describe('sheets asked, not given, of submissions still under review'),
  declined: z.int().describe('assignments declined (conflict of interest or unavailable)'),
};

/** What `GET /v1/campaigns/{id}/progress` answers. */
const campaignProgress = named(
  lazySchema(() =>
    z.object({
      campaignId: z.string(),
      today: civilDate,
      submissions: z.object({ total: z.int(), byState: z.record(z.enum(submissionStates), z.int()).describe('every state, 0 included') }),
      rounds: z
        .array(
          z.object({
            round: z.string(),
            ...sheetCounts,
            reviewers: z
              .array(z.object({ reviewerId: z.string(), name: z.string().optional(), ...sheetCounts }))
              .describe('by reviewer id'),
          }),
        )
        .describe(
          "the campaign's rounds in order; a withdrawn, rejected or vetoed submission owes no sheet, so assigned may exceed submitted + outstanding",
        ),
      nextDeadline: z
        .object({
          name: z.enum(campaignDeadlineNames),
          label: z.string().describe('申报截止, 书面评审截止, 整改截止, 实地评审截止, 申诉期截止 or 公示期截止'),
          date: civilDate.describe('the last day of the window'),
          days: z.int().min(0).describe('calendar days from today (0: today is the last day)'),
        })
        .nullable()
        .describe('the earliest deadline not yet past; null once all are'),
    }),
  ),
  'CampaignProgress',
  "A campaign's progress (评选进度): submissions by state, review sheets per round and reviewer, days to the next deadline.",
);

const campaign = named(
  campaignSchema,
  'Campaign',
  'A campaign (评选活动): its framework, level, quota, rounds and dates, and how far it has come.',
);

/** A submission as its reader may see it: never the full-precision figures; a unit sees its result once ranked. */
export const submission = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      campaignId: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      unitType: z.enum(unitTypes),
      regionCode: z.string(),
      honour: z.enum(namingKinds).optional().describe('what the campaign names (absent on submissions stored before honours had kinds)'),
      nominee: z
        .union([
          nomineeSchema,
          z.object({
            name: z.string(),
            workUnit: z.string(),
            erased: z.object({ on: z.string(), by: z.string(), reason: z.string() }),
          }),
        ])
        .optional()
        .describe(
          'an advanced individual: the person nominated (the unit is the nominating unit). Personal data: seen by the nominating unit, the authorities in scope and the reviewers assigned; after erasure only the name and the work unit remain',
        ),
      unitAuthorityId: z.string().optional().describe("the unit's supervising authority"),
      grassroots: z.boolean(),
      state: z.enum(submissionStates),
      chain: z.array(z.string()).describe('region codes whose authorities recommend it upward, in order'),
      endorsements: z.array(z.object({ regionCode: z.string(), agencyId: z.string(), by: z.string(), at: z.string() })),
      returnReason: z.string().optional(),
      rejectReason: z.string().optional(),
      selfAssessment: z
        .object({ values: z.record(z.string(), z.unknown()), score: z.number(), result: scoreResult, at: z.string() })
        .optional(),
      openRound: z.string().optional().describe('the round open for sheets, while one is'),
      closedRounds: z.array(z.string()),
      result: scoreResult.optional(),
      ranking: z
        .object({
          rank: z.number().int(),
          selected: z.boolean(),
          seat: z.enum(['grassroots', 'open']).optional(),
          reason: z.enum(['vetoed', 'below-pass-mark', 'quota-filled']).optional(),
        })
        .optional(),
      appeal: z.object({ id: z.string(), status: z.enum(['pending', 'upheld', 'dismissed']), round: z.string() }).optional(),
      openObjections: z.number().int(),
      refill: z.object({ on: z.string(), noticeEndsOn: z.string().describe('the last day of its own public notice') }).optional(),
      rectification: z
        .object({
          dueOn: z.string().describe('the last day of the window'),
          note: z.string().optional().describe('what the unit fixed, as it declared'),
          declaredAt: z.string().optional(),
          declaredBy: z.string().optional(),
        })
        .optional()
        .describe(
          'its rectification between the rounds (整改): shown to the on-site reviewers with the evidence marked `purpose: rectification`',
        ),
      namingId: z.string().optional().describe('the naming it made (a naming campaign), or the one a commendation applicant stands on'),
      evaluation: z
        .object({
          outcome: z.enum(evaluationOutcomes),
          final: z.number().optional().describe('the final score it was judged on, as shown'),
          vetoed: z.boolean().optional(),
          objectionUpheld: z.boolean().optional().describe('an objection upheld during the public notice failed it'),
          concludedOn: z.string(),
          rectifyBy: z.string().optional().describe('rectify: the last day to rectify'),
          reEvaluation: z
            .object({ outcome: z.enum(['passed', 'failed']), on: z.string(), by: z.string(), note: z.string() })
            .optional()
            .describe('the re-evaluation that closed the rectification'),
          closedOn: z.string().optional(),
          proposal: z
            .object({
              namingId: z.string(),
              certificateNo: z.string(),
              decision: z.enum(['revoke', 'keep']).optional(),
              decidedOn: z.string().optional(),
              decidedBy: z.string().optional(),
            })
            .optional()
            .describe("failed with a naming in force at the campaign's level: the revocation proposed to its issuer, and the decision"),
        })
        .optional()
        .describe('an annual evaluation: the outcome by the bands (passed, rectify, failed), once the campaign concluded'),
      submittedAt: z.string().optional(),
      version: z.number().int(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  'Submission',
  'A submission (申报) as its reader may see it: its state, endorsements, rounds and — for authorities, and for the unit once the campaign is ranked — its result and ranking.',
);

const decided = {
  status: z.enum(['pending', 'upheld', 'dismissed']),
  decision: z.string().optional().describe('the reason given with the decision'),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
};

const appeal = named(
  lazySchema(() =>
    z.object({
      id: z.string(),
      reason: z.string(),
      round: z.string(),
      evidenceIds: z.array(z.string()),
      lodgedAt: z.string(),
      lodgedBy: z.string(),
      ...decided,
    }),
  ),
  'Appeal',
  "A unit's one appeal (申诉) of a round's scores, and its decision.",
);

const objection = named(
  lazySchema(() =>
    z.object({ id: z.string(), reason: z.string(), lodgedAt: z.string(), lodgedBy: z.string(), lodgedByRole: z.string(), ...decided }),
  ),
  'Objection',
  'An objection (异议) lodged during the public notice (公示), and its decision.',
);

const assignment = named(
  lazySchema(() =>
    z.object({
      submissionId: z.string(),
      campaignId: z.string(),
      unitName: z.string(),
      round: z.string(),
      reviewerId: z.string(),
      status: z.enum(['assigned', 'declined', 'submitted']),
      declineReason: z.enum(['conflict', 'unavailable']).optional(),
      declineNote: z.string().optional(),
      assignedAt: z.string(),
      assignedBy: z.string(),
    }),
  ),
  'Assignment',
  "A reviewer's assignment (评审任务) to one round of one submission.",
);

const sheet = named(
  lazySchema(() =>
    z.object({
      reviewerId: z.string().optional().describe('absent where the unit reads the sheets'),
      reviewer: z.string().optional().describe('`#1`, `#2` … where the unit reads the sheets'),
      round: z.string(),
      values: z.record(z.string(), z.unknown()),
      submittedAt: z.string(),
    }),
  ),
  'Sheet',
  "A reviewer's score sheet (评分表) for one round.",
);

const reviewer = named(
  lazySchema(() =>
    reviewerPut.unwrap().extend({
      id: z.string(),
      conflicts: z.array(z.string()).describe('units the reviewer declared a conflict with (回避)'),
      version: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
  'Reviewer',
  'An expert of the reviewer pool (专家库), with the units they declared a conflict with.',
);

const withSubmission = <K extends string, T extends z.ZodType>(key: K, value: T) =>
  lazySchema(() => z.object({ [key]: value, submission }) as z.ZodObject<Record<K, T> & { submission: typeof submission }>);

/** What each route of the `campaigns` function accepts and answers: the schemas that validate its requests and document it. */
export const campaignsContract = {
  createCampaign: { body: named(campaignCreate, 'CampaignCreate'), response: campaign, etag: true },
  listCampaigns: { query: campaignListQuery, response: named(listOf(campaign), 'CampaignPage') },
  getCampaign: { response: campaign, etag: true },
  rankCampaign: { response: campaign, etag: true },
  finalizeCampaign: { response: campaign, etag: true },
  concludeCampaign: { response: campaign, etag: true },
  refillCampaign: {
    response: named(
      lazySchema(() =>
        z.object({
          campaign,
          submission: z.object({
            id: z.string(),
            unitId: z.string(),
            unitName: z.string(),
            state: z.enum(submissionStates),
            ranking: submission.unwrap().shape.ranking,
            refill: submission.unwrap().shape.refill.unwrap(),
          }),
        }),
      ),
      'Refill',
      'A seat filled during the public notice (递补): the campaign, and the submission moved up with its own notice.',
    ),
    etag: true,
  },
  recordDecision: { body: named(campaignDecision, 'CampaignDecision'), response: campaign, etag: true },
  getCampaignDocument: { params: z.object({ document: z.enum(campaignDocuments) }) },
  putOnSite: { body: named(onSitePicks, 'OnSitePicks'), response: campaign, etag: true },
  createSubmission: { body: named(submissionCreate, 'SubmissionCreate'), response: submission, etag: true },
  listCampaignSubmissions: { query: submissionListQuery, response: named(listOf(submission), 'SubmissionPage') },
  listUnitSubmissions: { response: named(allOf(submission), 'SubmissionList') },
  getSubmission: { response: submission, etag: true },
  putSelfAssessment: { body: named(sheetBody, 'SheetValues'), response: submission, etag: true },
  transitionSubmission: { body: named(transitionBody, 'Transition'), response: submission, etag: true },
  getHistory: { query: pageQuery, response: named(listOf(historyEntry), 'HistoryPage') },
  createEvidence: { body: named(evidenceCreate, 'EvidenceCreate'), response: evidenceUpload },
  confirmEvidence: { response: evidence },
  listEvidence: { response: named(allOf(evidence), 'EvidenceList') },
  createAssignment: {
    body: named(assignmentCreate, 'AssignmentCreate'),
    response: named(withSubmission('assignment', assignment), 'AssignmentMade'),
    etag: 'target',
  },
  declineAssignment: { body: named(declineBody, 'Decline'), response: assignment },
  putSheet: { body: sheetBody, response: sheet },
  getMySheet: { response: sheet },
  listRoundSheets: { response: named(allOf(sheet), 'SheetList') },
  closeRound: { response: submission, etag: true },
  declareRectification: { body: named(rectificationDeclaration, 'RectificationDeclaration'), response: submission, etag: true },
  createAppeal: { body: named(appealCreate, 'AppealCreate'), response: named(withSubmission('appeal', appeal), 'AppealLodged') },
  decideAppeal: { body: named(decisionBody, 'Decision'), response: named(withSubmission('appeal', appeal), 'AppealDecided'), etag: true },
  reEvaluateSubmission: { body: named(reEvaluationBody, 'ReEvaluation'), response: submission, etag: true },
  createObjection: { body: named(objectionCreate, 'ObjectionCreate'), response: objection },
  decideObjection: { body: decisionBody, response: named(withSubmission('objection', objection), 'ObjectionDecided'), etag: true },
  putReviewer: { body: named(reviewerPut, 'ReviewerPut'), response: reviewer, etag: true },
  getReviewer: { response: reviewer, etag: true },
  createConflict: { body: named(conflictDeclaration, 'ConflictDeclaration'), response: reviewer },
  listMyAssignments: { query: pageQuery, response: named(listOf(assignment), 'AssignmentPage') },
  campaignProgress: { response: campaignProgress },
} satisfies Contract<'campaigns'>;
