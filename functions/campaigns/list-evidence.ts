import { withDownload } from '../../shared/evidence/files.ts';
import * as evidenceRecords from '../../shared/data/evidence.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readSubmissionToRead } from './access.ts';
import { evidenceBucket, mainStore } from '../../shared/clients.ts';

/** `GET /v1/submissions/{id}/evidence`: the files, with download URLs valid for 5 minutes, for whoever may see the submission. */
export const listEvidence: RouteImpl = async (request) => {
  const { submission } = await readSubmissionToRead(request.caller, request.params.id!);
  const items = await Promise.all(
    (await evidenceRecords.listEvidence(mainStore(), submission.id)).map((e) => withDownload(evidenceBucket(), e)),
  );
  return { body: { items } };
};
