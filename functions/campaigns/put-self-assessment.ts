import { ConflictError, ForbiddenError, text } from '../../shared/domain/errors.ts';
import { round2, roundResult } from '../../shared/domain/scoring.ts';
import type { SheetBody } from '../../shared/domain/submissions.ts';
import * as submissions from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { checkIfMatch, checkSheet, frameworkOf, present, readCampaign, readVisibleSubmission, scoringBasis } from './access.ts';
import { stepBy } from './steps.ts';
import { mainStore } from '../../shared/clients.ts';

/** `PUT /v1/submissions/{id}/self-assessment`: the unit's own scores; shown, never counted. */
export const putSelfAssessment: RouteImpl<SheetBody> = async (request) => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError(text('评审专家不能代单位自评。', 'A reviewer does not self-assess a unit.'));
  checkIfMatch(request, submission.version);
  if (submission.state !== 'draft')
    throw new ConflictError(
      text(
        `自评是申报材料的一部分，只能在草稿阶段填写；该申报状态为 ${submission.state}。`,
        `The self-assessment is part of the application; this one is ${submission.state}.`,
      ),
      'illegal-transition',
    );
  const campaign = await readCampaign(submission.campaignId);
  const framework = await frameworkOf(campaign);
  const { previous } = await scoringBasis(framework, campaign, submission);
  const result = roundResult(checkSheet(framework, campaign, submission, 'self', request.body.values, previous));
  const next = { ...submission, selfAssessment: { values: request.body.values, score: round2(result.final), result, at: request.now } };
  const saved = await submissions.saveSubmission(mainStore(), submission, next, {
    ...stepBy(request),
    action: 'selfAssess',
    detail: { score: next.selfAssessment.score },
  });
  return { body: present(saved, relation), etag: saved.version };
};
