import { listRechecks as readRechecks } from '../../shared/data/rechecks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/namings/{id}/rechecks`. */
export const listRechecks: RouteImpl = async (request) => {
  const naming = await readVisibleNaming(request.caller, request.params.id!);
  return { body: { items: await readRechecks(mainStore(), naming.id) } };
};
