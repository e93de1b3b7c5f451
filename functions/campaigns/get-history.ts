import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import * as submissions from '../../shared/data/submissions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readSubmissionToRead } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/submissions/{id}/history`: every step, oldest first. A unit does not see who reviewed it. */
export const getHistory: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => {
  const { submission, relation } = await readSubmissionToRead(request.caller, request.params.id!);
  if (relation === 'reviewer')
    throw new ForbiddenError(
      text('评审专家只能查看分配给本人的评审任务，不能查看申报历史。', 'A reviewer sees its assignments, not the history.'),
    );
  const page = await submissions.listHistory(mainStore(), submission.id, request.query.limit, request.query.cursor);
  // Who reviewed stays hidden from the unit, and so do scores before the campaign is ranked.
  const sealed = new Set(['assign', 'submitSheet', 'declineAssignment', ...(submission.ranking ? [] : ['closeRound'])]);
  const items =
    relation === 'own-unit'
      ? page.items.map((e) =>
          sealed.has(e.action)
            ? { at: e.at, action: e.action, before: e.before, after: { state: (e.after as { state?: string }).state } }
            : e,
        )
      : page.items;
  return { body: { ...page, items } };
};
