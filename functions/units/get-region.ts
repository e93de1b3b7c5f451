import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { findRegion } from '../../shared/domain/regions.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** `GET /v1/regions/{code}`. */
export const getRegion: RouteImpl = async (request) => {
  const region = findRegion(request.params.code!);
  if (!region)
    throw new NotFoundError(
      text(`全国行政区划中没有 ${request.params.code}。`, `No region ${request.params.code} in the national directory.`),
    );
  return { body: region, headers: { 'cache-control': 'public, max-age=86400' } };
};
