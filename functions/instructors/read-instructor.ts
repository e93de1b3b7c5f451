import { ForbiddenError, NotFoundError, ValidationError, text } from '../../shared/domain/errors.ts';
import type { Instructor } from '../../shared/domain/instructors.ts';
import { getInstructor } from '../../shared/data/instructors.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** The instructor the caller may see (an authority: in its region), or 404. */
export async function readVisibleInstructor(caller: Caller, id: string): Promise<Instructor> {
  const instructor = await getInstructor(mainStore(), id, true);
  if (!instructor || !inScope(caller, instructor.regionCode))
    throw new NotFoundError(text(`您的管辖地区内没有指导员 ${id}。`, `No instructor ${id} in your region.`));
  return instructor;
}

/** The region a report covers: the one asked for (in the caller's scope, a province or narrower), else the caller's. */
export function reportRegion(caller: Caller, region: string | undefined): string {
  const chosen = region ?? caller.region;
  if (!inScope(caller, chosen))
    throw new ForbiddenError(
      text(`地区 ${chosen} 不在您的管辖地区 ${caller.region} 内。`, `Region ${chosen} lies outside your region ${caller.region}.`),
    );
  if (chosen === '000000')
    throw new ValidationError([{ pointer: 'region', detail: text('请指定省级或更小的地区', 'give a province or narrower') }]);
  return chosen;
}
