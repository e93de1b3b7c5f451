import { ConflictError, ForbiddenError, text } from '../../shared/domain/errors.ts';
import type { EvidenceCreate } from '../../shared/domain/submissions.ts';
import { declareEvidence, uploadFor } from '../../shared/evidence/files.ts';
import * as evidenceRecords from '../../shared/data/evidence.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleSubmission, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/**
 * States in which evidence may be added: the application, a rectification between the rounds (the evidence is marked
 * `purpose: rectification`, for the on-site reviewers), and a result the unit may still appeal.
 */
const openFor = new Set(['draft', 'in-rectification', 'scored', 'vetoed']);

/** `POST /v1/submissions/{id}/evidence`: a presigned S3 PUT URL for one file (pdf, jpg, png, docx, xlsx; ≤ 50 MB), bound to its SHA-256. */
export const createEvidence: RouteImpl<EvidenceCreate> = (request) =>
  retrying(request, async () => {
    const { caller, body } = request;
    const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
    if (relation === 'reviewer')
      throw new ForbiddenError(
        text('证明材料由申报单位（或代其申报的民族工作部门）提交。', 'Evidence comes from the unit (or an authority on its behalf).'),
      );
    if (!openFor.has(submission.state))
      throw new ConflictError(
        text(
          `证明材料只能补充到草稿、整改期或申诉中的结果；该申报状态为 ${submission.state}。`,
          `Evidence is added to a draft, during a rectification, or to a result under appeal; this submission is ${submission.state}.`,
        ),
        'illegal-transition',
      );
    // A retry of the same idempotent request finds the record the first attempt stored, with a fresh upload URL.
    const id = request.newId();
    const stored = await evidenceRecords.getEvidence(mainStore(), submission.id, id);
    const location = { location: `/v1/submissions/${submission.id}/evidence` };
    if (stored)
      return {
        status: 201,
        body: { ...stored, upload: await uploadFor(evidenceBucket(), stored.key, stored, request.now) },
        headers: location,
      };
    const declared = await declareEvidence(evidenceBucket(), `evidence/${submission.id}`, body, caller.sub, request.now, id);
    const { upload } = declared;
    const evidence =
      submission.state === 'in-rectification' ? { ...declared.evidence, purpose: 'rectification' as const } : declared.evidence;
    await evidenceRecords.createEvidence(mainStore(), submission, evidence, stepBy(request));
    return { status: 201, body: { ...evidence, upload }, headers: location };
  });
