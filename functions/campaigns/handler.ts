import { httpFunction } from '../../shared/http/handler.ts';
import { campaignsContract } from '../../shared/contracts/campaigns.ts';
import { concludeCampaign, createCampaign, finalizeCampaign, getCampaign, listCampaigns, rankCampaign, refillCampaign } from './campaigns.ts';
import { createSubmission, getHistory, getSubmission, listCampaignSubmissions, listUnitSubmissions, putSelfAssessment, transitionSubmission } from './submissions.ts';
import { confirmEvidence, createEvidence, listEvidence } from './evidence.ts';
import {
  closeRound, createAssignment, createConflict, declineAssignment, getMySheet, getReviewerEntry, listMyAssignments, listRoundSheets, putReviewer, putSheet,
} from './reviews.ts';
import { createAppeal, createObjection, decideAppeal, decideObjection } from './appeals.ts';

/** Campaigns: submissions, evidence, reviewers and reviews, ranking, appeals, public notice. */
export const handler = httpFunction('campaigns', campaignsContract, {
  createCampaign, listCampaigns, getCampaign, rankCampaign, finalizeCampaign, concludeCampaign, refillCampaign,
  createSubmission, getSubmission, listCampaignSubmissions, listUnitSubmissions, putSelfAssessment, transitionSubmission, getHistory,
  createEvidence, confirmEvidence, listEvidence,
  putReviewer, getReviewer: getReviewerEntry, createConflict, listMyAssignments, createAssignment, declineAssignment, putSheet, getMySheet, listRoundSheets, closeRound,
  createAppeal, decideAppeal, createObjection, decideObjection,
});
