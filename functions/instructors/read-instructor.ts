import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import type { Instructor } from '../../shared/domain/instructors.ts';
import { getInstructor } from '../../shared/data/instructors.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** The instructor the caller may see (an authority: in its region), or 404. */
export async function readVisibleInstructor(caller: Caller, id: string): Promise<Instructor> {
  const instructor = await getInstructor(mainStore(), id, true);
  if (!instructor || !inScope(caller, instructor.regionCode)) throw new NotFoundError(`No instructor ${id} in your region.`);
  return instructor;
}

/** The region a report covers: the one asked for (in the caller's scope, a province or narrower), else the caller's. */
export function reportRegion(caller: Caller, region: string | undefined): string {
  const chosen = region ?? caller.region;
  if (!inScope(caller, chosen)) throw new ForbiddenError(`Region ${chosen} lies outside your region ${caller.region}.`);
  if (chosen === '000000') throw new ValidationError([{ pointer: 'region', detail: 'give a province or narrower' }]);
  return chosen;
}
