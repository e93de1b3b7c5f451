import * as z from 'zod';
import { campaignCreate, campaignListQuery, campaignSchema } from '../domain/campaigns.ts';
import {
  appealCreate,
  assignmentCreate,
  conflictDeclaration,
  decisionBody,
  declineBody,
  evidenceCreate,
  objectionCreate,
  reviewerPut,
  sheetBody,
  submissionCreate,
  submissionListQuery,
  submissionStates,
  transitionBody,
} from '../domain/submissions.ts';
import { lazySchema, listOf, pageQuery } from '../domain/schema.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `campaigns` function accepts and answers: the schemas that validate its requests and document it. */
export const campaignsContract = {
  createCampaign: { body: campaignCreate, response: campaignSchema },
  listCampaigns: { query: campaignListQuery, response: listOf(campaignSchema) },
  getCampaign: { response: campaignSchema },
  rankCampaign: { response: campaignSchema },
  finalizeCampaign: { response: campaignSchema },
  concludeCampaign: { response: campaignSchema },
  refillCampaign: {
    response: lazySchema(() =>
      z.object({
        campaign: campaignSchema,
        submission: z.object({
          id: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          state: z.enum(submissionStates),
          ranking: z
            .object({ rank: z.number().int(), selected: z.boolean(), seat: z.string().optional(), reason: z.string().optional() })
            .optional(),
          refill: z.object({ on: z.string(), noticeEndsOn: z.string().describe('the last day of its own public notice') }),
        }),
      }),
    ),
  },
  createSubmission: { body: submissionCreate },
  listCampaignSubmissions: { query: submissionListQuery },
  listUnitSubmissions: {},
  getSubmission: {},
  putSelfAssessment: { body: sheetBody },
  transitionSubmission: { body: transitionBody },
  getHistory: { query: pageQuery },
  createEvidence: { body: evidenceCreate },
  confirmEvidence: {},
  listEvidence: {},
  createAssignment: { body: assignmentCreate },
  declineAssignment: { body: declineBody },
  putSheet: { body: sheetBody },
  getMySheet: {},
  listRoundSheets: {},
  closeRound: {},
  createAppeal: { body: appealCreate },
  decideAppeal: { body: decisionBody },
  createObjection: { body: objectionCreate },
  decideObjection: { body: decisionBody },
  putReviewer: { body: reviewerPut },
  getReviewer: {},
  createConflict: { body: conflictDeclaration },
  listMyAssignments: { query: pageQuery },
} satisfies Contract<'campaigns'>;
