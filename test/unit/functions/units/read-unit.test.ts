import { describe, expect, it } from 'vitest';
import { canSeeRecord } from '../../../../functions/units/read-unit.ts';
import type { Caller } from '../../../../shared/http/caller.ts';

/** A record of the unit `u1`, made while it was in 沙市区 (421002). */
const record = { unitId: 'u1', regionCode: '421002' };

const caller = (role: Caller['role'], region: string, agencyId = 'agency'): Caller => ({ sub: 's', role, agencyId, region });

describe('Function: canSeeRecord', () => {
  it("shows a unit user its own unit's records, whatever the region, and no other unit's", () => {
    // Prepare
    const own = caller('unit', '421024', 'u1');
    const other = caller('unit', '421002', 'u2');

    // Act & Assess
    expect(canSeeRecord(own, record)).toBe(true);
    expect(canSeeRecord(other, record)).toBe(false);
  });

  it("shows an authority the records whose region its own covers: the county, its city and province, not the county next door nor the unit's new county", () => {
    for (const region of ['421002', '421000', '420000']) expect(canSeeRecord(caller('authority', region), record), region).toBe(true);
    for (const region of ['421003', '421024', '430000']) expect(canSeeRecord(caller('authority', region), record), region).toBe(false);
  });

  it('shows an admin every record', () => {
    expect(canSeeRecord(caller('admin', '000000'), record)).toBe(true);
  });
});
