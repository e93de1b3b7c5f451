import * as plans from '../../shared/data/plans.ts';
import { evidenceOf, withDownload } from '../../shared/evidence/files.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readTask } from './read-plan.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/** `GET /v1/tasks/{id}`: a task with its progress reports and evidence. */
export const getTask: RouteImpl = async (request) => {
  const task = await readTask(request.caller, request.params.id!);
  const store = mainStore();
  const progress = await plans.listTaskProgress(store, task.id);
  const evidence = await Promise.all(
    (await plans.listTaskEvidence(store, task.id)).map((item) => withDownload(evidenceBucket(), evidenceOf(item))),
  );
  return { body: { ...task, progress, evidence }, etag: task.version };
};
