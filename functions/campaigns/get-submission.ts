import type { RouteImpl } from '../../shared/http/handler.ts';
import { present, readSubmissionToRead } from './access.ts';

/** `GET /v1/submissions/{id}`: what the caller may see of it. */
export const getSubmission: RouteImpl = async (request) => {
  const { submission, relation } = await readSubmissionToRead(request.caller, request.params.id!);
  return { body: present(submission, relation), etag: submission.version };
};
