import type { EvidenceCreate } from '../../shared/domain/submissions.ts';
import { attachTaskEvidence, getTaskEvidence } from '../../shared/data/plans.ts';
import { declareEvidence, evidenceOf, uploadFor } from '../../shared/evidence/files.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask, requireResponsible } from './read-plan.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/** `POST /v1/tasks/{id}/evidence`: a presigned upload for the responsible agency's evidence (as for submissions). */
export const createTaskEvidence: RouteImpl<EvidenceCreate> = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  requireResponsible(request.caller, task);
  const location = { location: `/v1/tasks/${task.id}` };
  // A retry of the same idempotent request finds the record the first attempt stored, with a fresh upload URL.
  const id = request.newId();
  const item = await getTaskEvidence(mainStore(), task.id, id);
  if (item) {
    const stored = evidenceOf(item);
    return {
      status: 201,
      body: { ...stored, upload: await uploadFor(evidenceBucket(), stored.key, stored, request.now) },
      headers: location,
    };
  }
  const { evidence, upload } = await declareEvidence(
    evidenceBucket(),
    `evidence/tasks/${task.id}`,
    request.body,
    request.caller.sub,
    request.now,
    id,
  );
  await attachTaskEvidence(mainStore(), task.id, evidence);
  return { status: 201, body: { ...evidence, upload }, headers: location };
};
