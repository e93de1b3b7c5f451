import * as frameworks from '../../shared/data/frameworks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/frameworks`, newest first. */
export const listFrameworks: RouteImpl<undefined, { limit: number; cursor?: string }> = async (request) => ({
  body: await frameworks.listFrameworks(mainStore(), request.query.limit, request.query.cursor),
});
