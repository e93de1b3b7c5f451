import type { EvidenceCreate } from '../../shared/domain/submissions.ts';
import { attachTaskEvidence } from '../../shared/data/plans.ts';
import { declareEvidence } from '../../shared/evidence/files.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask, requireResponsible } from './read-plan.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/** `POST /v1/tasks/{id}/evidence`: a presigned upload for the responsible agency's evidence (as for submissions). */
export const createTaskEvidence: RouteImpl<EvidenceCreate> = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  requireResponsible(request.caller, task);
  const { evidence, upload } = await declareEvidence(
    evidenceBucket(),
    `evidence/tasks/${task.id}`,
    request.body,
    request.caller.sub,
    request.now,
  );
  await attachTaskEvidence(mainStore(), task.id, evidence);
  return { status: 201, body: { ...evidence, upload } };
};
