import { NotFoundError, text } from '../../shared/domain/errors.ts';
import type { Unit } from '../../shared/domain/units.ts';
import * as units from '../../shared/data/units.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** Whether the caller may see this unit: its own unit for a unit user, else its region scope. */
export function canSee(caller: Caller, unit: Unit): boolean {
  return caller.role === 'unit' ? caller.agencyId === unit.id : inScope(caller, unit.regionCode);
}

/** The unit the caller may see, or 404 — a unit outside the caller's scope is not admitted to exist. */
export async function readVisibleUnit(caller: Caller, id: string): Promise<Unit> {
  const unit = await units.getUnit(mainStore(), id);
  if (!unit || !canSee(caller, unit)) throw new NotFoundError(text(`您的管辖范围内没有单位 ${id}。`, `No unit ${id} in your scope.`));
  return unit;
}
