import { NotFoundError, text } from '../../shared/domain/errors.ts';
import { getUnit } from '../../shared/data/units.ts';
import * as submissions from '../../shared/data/submissions.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { present } from './access.ts';
import { mainStore } from '../../shared/clients.ts';

/** `GET /v1/units/{id}/submissions`: a unit's own, or those of a unit in the authority's region. */
export const listUnitSubmissions: RouteImpl = async (request) => {
  const { caller } = request;
  const unitId = request.params.id!;
  const unit = await getUnit(mainStore(), unitId);
  const visible = unit && (caller.role === 'unit' ? caller.agencyId === unit.id : inScope(caller, unit.regionCode));
  if (!visible) throw new NotFoundError(text(`您的管辖范围内没有单位 ${unitId}。`, `No unit ${unitId} in your scope.`));
  const found = await submissions.listUnitSubmissions(mainStore(), unitId);
  return { body: { items: found.map((s) => present(s, caller.role === 'unit' ? 'own-unit' : 'authority')) } };
};
