import { reindex } from '../../shared/data/reindex.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** How long one call reindexes: the admin function's timeout (29 s, shared/topology.ts) leaves room for the last write and the answer. */
const budgetMs = 20_000;

/**
 * `POST /v1/admin/reindex`: gives items stored before an index was added the keys their repositories write today,
 * for about 20 s; the answer's cursor is where the next call goes on from, and none comes back once all are done.
 * Imported statically: in a one-file bundle a dynamic import keeps zod's whole namespace (measured +150 KiB and a
 * cold start of 1.52 of the baseline for admin).
 */
export const reindexTable: RouteImpl<{ cursor?: string }> = async (request) => ({
  body: await reindex(mainStore(), { cursor: request.body.cursor, budgetMs }),
});
