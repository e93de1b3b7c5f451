import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { sheetOf } from '../../shared/data/reviews.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { myAssignment } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/submissions/{id}/rounds/{round}/sheets/mine`: a reviewer's own sheet. */
export const getMySheet: RouteImpl = async (request) => {
  const { submission, round } = await myAssignment(request);
  const sheet = await sheetOf(mainStore(), submission.id, round, request.caller.sub);
  if (!sheet) throw new NotFoundError(text('您尚未提交本轮评分表。', 'You have not given a sheet for this round.'));
  return { body: sheet };
};
