import { listNotices } from '../../shared/data/notices.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/namings/{id}/notices`: the notice history of a naming. */
export const listNamingNotices: RouteImpl = async (request) => {
  const naming = await readVisibleNaming(request.caller, request.params.id!);
  return { body: await listNotices(mainStore(), `naming#${naming.id}`, 100) };
};
