import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleUnit } from './read-unit.ts';

/** `GET /v1/units/{id}`. */
export const getUnit: RouteImpl = async (request) => {
  const unit = await readVisibleUnit(request.caller, request.params.id!);
  return { body: unit, etag: unit.version };
};
