import { listAgendaFailures as listFailures } from '../../shared/data/agenda-failures.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/admin/agenda/failures`: agenda items whose step has failed on 3 days or more, the longest failing first. */
export const listAgendaFailures: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => ({
  body: await listFailures(mainStore(), request.query.limit, request.query.cursor),
});
