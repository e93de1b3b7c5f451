import type { WorkKind } from '../../shared/domain/work.ts';
import { pendingWork, workPage } from '../../shared/data/work.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/me/work`: what waits for the caller (its role, agency and region from the token), by kind, each with a
 * count, the oldest date and the first page; `?kind=<kind>&cursor=` one kind's next page. Read from the open-work
 * index, never from the collections the work comes from.
 */
export const getMyWork: RouteImpl<undefined, { kind?: WorkKind; cursor?: string }> = async (request) => {
  const { caller, query } = request;
  const store = mainStore();
  return { body: query.kind ? await workPage(store, caller, query.kind, query.cursor) : await pendingWork(store, caller) };
};
