import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { confirmUpload } from '../../shared/evidence/files.ts';
import * as evidenceRecords from '../../shared/data/evidence.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleSubmission, retrying } from './access.ts';
import { stepBy } from './steps.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/**
 * `POST /v1/submissions/{id}/evidence/{evidenceId}/confirm`: checks the uploaded file's size and SHA-256 against
 * what was declared; a mismatch → 422 and the upload is discarded (a new one needs a new evidence request).
 */
export const confirmEvidence: RouteImpl = (request) =>
  retrying(request, async () => {
    const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
    if (relation === 'reviewer')
      throw new ForbiddenError(
        text('证明材料由申报单位（或代其申报的民族工作部门）提交。', 'Evidence comes from the unit (or an authority on its behalf).'),
      );
    const evidence = await evidenceRecords.getEvidence(mainStore(), submission.id, request.params.evidenceId!);
    if (!evidence)
      throw new NotFoundError(
        text(`该申报没有证明材料 ${request.params.evidenceId}。`, `No evidence ${request.params.evidenceId} on this submission.`),
      );
    if (evidence.status === 'confirmed') return { body: evidence };
    const confirmed = await confirmUpload(evidenceBucket(), evidence, request.now);
    await evidenceRecords.confirmEvidence(mainStore(), submission, confirmed, stepBy(request));
    return { body: confirmed };
  });
