import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/domain/errors.ts';
import type { EvidenceCreate } from '../../shared/domain/submissions.ts';
import { confirmUpload, declareEvidence, evidenceOf, uploadFor, withDownload } from '../../shared/evidence/files.ts';
import { mainStore } from '../../shared/data/store.ts';
import { childKey, childOf, childrenOf } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleSubmission, retrying } from './access.ts';
import { saveStep } from './submissions.ts';

/** States in which evidence may be added: the application, and a result the unit may still appeal. */
const openFor = new Set(['draft', 'scored', 'vetoed']);

/** `POST /v1/submissions/{id}/evidence`: a presigned S3 PUT URL for one file (pdf, jpg, png, docx, xlsx; ≤ 50 MB), bound to its SHA-256. */
export const createEvidence: RouteImpl<EvidenceCreate> = (request) => retrying(request, async () => {
  const { caller, body } = request;
  const { submission, relation } = await readVisibleSubmission(caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError('Evidence comes from the unit (or an authority on its behalf).');
  if (!openFor.has(submission.state)) throw new ConflictError(`Evidence is added to a draft, or to a result under appeal; this submission is ${submission.state}.`, 'illegal-transition');
  // A retry of the same idempotent request finds the record the first attempt stored, with a fresh upload URL.
  const id = request.newId();
  const stored = await childOf(mainStore(), submission.id, `EVIDENCE#${id}`);
  if (stored) {
    const evidence = evidenceOf(stored);
    return { status: 201, body: { ...evidence, upload: await uploadFor(evidence.key, evidence, request.now) } };
  }
  const { evidence, upload } = await declareEvidence(`evidence/${submission.id}`, body, caller.sub, request.now, id);
  await saveStep(request, submission, submission, 'addEvidence', { evidenceId: evidence.id, fileName: body.fileName }, [
    { Put: { TableName: '', Item: { ...childKey(submission.id, `EVIDENCE#${evidence.id}`), kind: 'evidence', ...evidence }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  return { status: 201, body: { ...evidence, upload } };
});

/**
 * `POST /v1/submissions/{id}/evidence/{evidenceId}/confirm`: checks the uploaded file's size and SHA-256 against
 * what was declared; a mismatch → 422 and the upload is discarded (a new one needs a new evidence request).
 */
export const confirmEvidence: RouteImpl = (request) => retrying(request, async () => {
  const { submission, relation } = await readVisibleSubmission(request.caller, request.params.id!, true);
  if (relation === 'reviewer') throw new ForbiddenError('Evidence comes from the unit (or an authority on its behalf).');
  const item = await childOf(mainStore(), submission.id, `EVIDENCE#${request.params.evidenceId}`);
  if (!item) throw new NotFoundError(`No evidence ${request.params.evidenceId} on this submission.`);
  const evidence = evidenceOf(item);
  if (evidence.status === 'confirmed') return { body: evidence };
  const confirmed = await confirmUpload(evidence, request.now);
  await saveStep(request, submission, submission, 'confirmEvidence', { evidenceId: evidence.id }, [
    { Put: { TableName: '', Item: { ...item, ...confirmed }, ConditionExpression: '#status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':pending': 'pending' } } },
  ]);
  return { body: confirmed };
});

/** `GET /v1/submissions/{id}/evidence`: the files, with download URLs valid for 5 minutes, for whoever may see the submission. */
export const listEvidence: RouteImpl = async (request) => {
  const { submission } = await readVisibleSubmission(request.caller, request.params.id!);
  const items = await Promise.all((await childrenOf(mainStore(), submission.id, 'EVIDENCE#')).map(evidenceOf).map(withDownload));
  return { body: { items } };
};
