import { NotFoundError, text } from '../../shared/domain/errors.ts';
import * as plans from '../../shared/data/plans.ts';
import { confirmUpload, evidenceOf } from '../../shared/evidence/files.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask, requireResponsible } from './read-plan.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/** `POST /v1/tasks/{id}/evidence/{evidenceId}/confirm`: size and SHA-256 checked; a mismatch discards the upload (422). */
export const confirmTaskEvidence: RouteImpl = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  requireResponsible(request.caller, task);
  const store = mainStore();
  const item = await plans.getTaskEvidence(store, task.id, request.params.evidenceId!);
  if (!item)
    throw new NotFoundError(
      text(`该任务没有证明材料 ${request.params.evidenceId}。`, `No evidence ${request.params.evidenceId} on this task.`),
    );
  const evidence = evidenceOf(item);
  if (evidence.status === 'confirmed') return { body: evidence };
  const confirmed = await confirmUpload(evidenceBucket(), evidence, request.now);
  await plans.confirmTaskEvidence(store, item, confirmed);
  return { body: confirmed };
};
