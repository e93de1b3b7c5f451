import { NotFoundError } from '../../shared/domain/errors.ts';
import * as namings from '../../shared/data/namings.ts';
import { mainStore } from '../../shared/data/store.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';

/** The naming the caller may see (its own unit's, or one in its region), or 404. */
export async function readVisibleNaming(caller: Caller, id: string): Promise<namings.Naming> {
  const naming = await namings.getNaming(mainStore(), id);
  const visible = naming && (caller.role === 'unit' ? caller.agencyId === naming.unitId : inScope(caller, naming.regionCode));
  if (!naming || !visible) throw new NotFoundError(`No naming ${id} in your scope.`);
  return naming;
}
