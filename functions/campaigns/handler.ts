import { httpFunction } from '../../shared/http/handler.ts';
import { campaignsContract } from '../../shared/contracts/campaigns.ts';
import { createCampaign } from './create-campaign.ts';
import { listCampaigns } from './list-campaigns.ts';
import { getCampaign } from './get-campaign.ts';
import { rankCampaign } from './rank-campaign.ts';
import { finalizeCampaign } from './finalize-campaign.ts';
import { concludeCampaign } from './conclude-campaign.ts';
import { refillCampaign } from './refill-campaign.ts';
import { recordDecision } from './record-decision.ts';
import { getCampaignDocument } from './get-campaign-document.ts';
import { createSubmission } from './create-submission.ts';
import { listCampaignSubmissions } from './list-campaign-submissions.ts';
import { listUnitSubmissions } from './list-unit-submissions.ts';
import { getSubmission } from './get-submission.ts';
import { putSelfAssessment } from './put-self-assessment.ts';
import { transitionSubmission } from './transition-submission.ts';
import { getHistory } from './get-history.ts';
import { createEvidence } from './create-evidence.ts';
import { confirmEvidence } from './confirm-evidence.ts';
import { listEvidence } from './list-evidence.ts';
import { createAssignment } from './create-assignment.ts';
import { declineAssignment } from './decline-assignment.ts';
import { putSheet } from './put-sheet.ts';
import { getMySheet } from './get-my-sheet.ts';
import { listRoundSheets } from './list-round-sheets.ts';
import { closeRound } from './close-round.ts';
import { declareRectification } from './declare-rectification.ts';
import { putOnSite } from './put-on-site.ts';
import { createAppeal } from './create-appeal.ts';
import { decideAppeal } from './decide-appeal.ts';
import { reEvaluateSubmission } from './re-evaluate-submission.ts';
import { createObjection } from './create-objection.ts';
import { decideObjection } from './decide-objection.ts';
import { putReviewer } from './put-reviewer.ts';
import { getReviewer } from './get-reviewer.ts';
import { createConflict } from './create-conflict.ts';
import { listMyAssignments } from './list-my-assignments.ts';
import { campaignProgress } from './campaign-progress.ts';

/** Campaigns: submissions, evidence, reviewers and reviews, ranking, appeals, public notice. */
export const handler = httpFunction('campaigns', campaignsContract, {
  createCampaign,
  listCampaigns,
  getCampaign,
  rankCampaign,
  finalizeCampaign,
  concludeCampaign,
  refillCampaign,
  recordDecision,
  getCampaignDocument,
  putOnSite,
  createSubmission,
  listCampaignSubmissions,
  listUnitSubmissions,
  getSubmission,
  putSelfAssessment,
  transitionSubmission,
  getHistory,
  createEvidence,
  confirmEvidence,
  listEvidence,
  createAssignment,
  declineAssignment,
  putSheet,
  getMySheet,
  listRoundSheets,
  closeRound,
  declareRectification,
  createAppeal,
  decideAppeal,
  reEvaluateSubmission,
  createObjection,
  decideObjection,
  putReviewer,
  getReviewer,
  createConflict,
  listMyAssignments,
  campaignProgress,
});
