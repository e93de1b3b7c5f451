import { mainStore } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** How long one call reindexes: the admin function's timeout (29 s, shared/topology.ts) leaves room for the last write and the answer. */
const budgetMs = 20_000;

/**
 * `POST /v1/admin/reindex`: gives items stored before an index was added the keys their repositories write today,
 * for about 20 s; the answer's cursor is where the next call goes on from, and none comes back once all are done.
 */
export const reindexTable: RouteImpl<{ cursor?: string }> = async (request) => {
  // Loaded with the first call: the function's other routes need none of the repositories it rewrites through.
  const { reindex } = await import('../../shared/data/reindex.ts');
  return { body: await reindex(mainStore(), { cursor: request.body.cursor, budgetMs }) };
};
