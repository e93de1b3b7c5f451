import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { childRegions, findRegion } from '../../shared/domain/regions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `GET /v1/regions?parent=`: the directory is small and static, so one page holds every child. */
export const listRegions: RouteImpl<undefined, { parent?: string }> = async (request) => {
  const { parent } = request.query;
  if (parent !== undefined && !findRegion(parent))
    throw new NotFoundError(text(`全国行政区划中没有 ${parent}。`, `No region ${parent} in the national directory.`));
  return { body: { items: childRegions(parent) }, headers: { 'cache-control': 'public, max-age=86400' } };
};
