import { NotFoundError, text } from '../../shared/domain/errors.ts';
import type { Unit } from '../../shared/domain/units.ts';
import * as units from '../../shared/data/units.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** Whether the caller may see this unit: its own unit for a unit user, else its region scope. */
export function canSee(caller: Caller, unit: Unit): boolean {
  return canSeeRecord(caller, { unitId: unit.id, regionCode: unit.regionCode });
}

/**
 * Whether the caller may see a record of a unit (a naming, a submission's evidence) by the rule of the record's own
 * routes: a unit user its own unit's, anyone else those whose region — the record's, which a unit that moved may not
 * share — lies in its scope.
 */
export function canSeeRecord(caller: Caller, record: { unitId: string; regionCode: string }): boolean {
  return caller.role === 'unit' ? caller.agencyId === record.unitId : inScope(caller, record.regionCode);
}

/** The unit the caller may see, or 404 — a unit outside the caller's scope is not admitted to exist. */
export async function readVisibleUnit(caller: Caller, id: string): Promise<Unit> {
  const unit = await units.getUnit(mainStore(), id);
  if (!unit || !canSee(caller, unit)) throw new NotFoundError(text(`您的管辖范围内没有单位 ${id}。`, `No unit ${id} in your scope.`));
  return unit;
}
