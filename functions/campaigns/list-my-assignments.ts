import { listReviewerAssignments } from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/reviewers/me/assignments`: what the calling reviewer is asked to score. */
export const listMyAssignments: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => {
  const page = await listReviewerAssignments(mainStore(), request.caller.sub, request.query.limit, request.query.cursor);
  return { body: page };
};
