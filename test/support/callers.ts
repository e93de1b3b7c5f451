import type { Caller } from '../../shared/http/caller.ts';

/** An authority scoped to a region (province `420000`, city `420100`, county `420102`). */
export function authority(region: string, agencyId = `authority-${region}`): Caller {
  return { sub: `test-authority-${region}`, role: 'authority', agencyId, region };
}

/** The user of one unit: its agency is the unit. */
export function unitUser(unitId: string, region: string): Caller {
  return { sub: `test-unit-${unitId}`, role: 'unit', agencyId: unitId, region };
}

/** A caller of a role no unit route admits. */
export function reviewer(region = '420000'): Caller {
  return { sub: 'test-reviewer', role: 'reviewer', agencyId: 'expert-pool', region };
}

/** An administrator, scoped to the whole country. */
export const admin: Caller = { sub: 'test-admin', role: 'admin', agencyId: 'operations', region: '000000' };
