import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { listRechecks as readRechecks } from '../../shared/data/rechecks.ts';
import { getNaming } from '../../shared/data/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleNaming } from './read-naming.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * `GET /v1/namings/{id}/rechecks`. Besides those who may read the naming, the unit paired with it in a mutual
 * inspection reads that inspection (and only that: no other recheck, no contact emails), the findings it recorded
 * and the outcome; to a unit paired with none of them the naming stays unknown (404).
 */
export const listRechecks: RouteImpl = async (request) => {
  const { caller } = request;
  const store = mainStore();
  const naming = await readVisibleNaming(caller, request.params.id!).catch(async (error: unknown) => {
    if (caller.role !== 'unit') throw error;
    return undefined;
  });
  if (naming) return { body: { items: await readRechecks(store, naming.id) } };
  const other = await getNaming(store, request.params.id!);
  const paired = other
    ? (await readRechecks(store, other.id)).filter((r) => r.kind === 'inspection' && r.pairedUnitId === caller.agencyId)
    : [];
  if (paired.length === 0)
    throw new NotFoundError(text(`您的管辖范围内没有命名 ${request.params.id}。`, `No naming ${request.params.id} in your scope.`));
  return { body: { items: paired.map(({ recipients: _, ...shown }) => shown) } };
};
