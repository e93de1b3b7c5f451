import { describe, expect, it } from 'vitest';
import { pairingProblem, type Recheck } from '../../../../shared/domain/rechecks.ts';

const a = { id: 'n-a', unitId: 'u-a', status: 'active' };
const b = { id: 'n-b', unitId: 'u-b', status: 'active' };

/** A mutual inspection of `namingId` paired with `pairedNamingId`, in a status. */
const inspection = (namingId: string, pairedNamingId: string, status: Recheck['status']) =>
  ({ id: `r-${namingId}`, namingId, pairedNamingId, kind: 'inspection', status }) as Recheck;

describe('Function: pairingProblem', () => {
  it('pairs two active namings of different units', () => {
    expect(pairingProblem(a, b, [])).toBeUndefined();
  });

  it("refuses the same naming, the same unit's other naming and a naming not active", () => {
    expect(pairingProblem(a, a, [])?.en).toBe("must be another unit's naming");
    expect(pairingProblem(a, { ...b, unitId: 'u-a' }, [])?.en).toBe("must be another unit's naming");
    expect(pairingProblem(a, { ...b, status: 'revoked' }, [])?.zh).toBe('结对的命名须处于有效状态');
  });

  it('refuses a second pairing while either side of the first awaits its outcome, and allows it once both are decided', () => {
    // Prepare: A's side passed, B's side still overdue
    const first = [inspection('n-a', 'n-b', 'passed'), inspection('n-b', 'n-a', 'overdue')];

    // Act and assess
    expect(pairingProblem(a, b, first)?.en).toMatch(/already paired in an undecided inspection \(r-n-b\)/);
    expect(pairingProblem(b, a, first)).toBeDefined();
    expect(pairingProblem(a, b, [inspection('n-a', 'n-b', 'passed'), inspection('n-b', 'n-a', 'rectifying')])).toBeUndefined();
    // An open inspection with a third naming, or an open recheck of another kind, does not stand in the way.
    expect(
      pairingProblem(a, b, [inspection('n-a', 'n-c', 'open'), { ...inspection('n-a', 'n-b', 'open'), kind: 'recheck' }]),
    ).toBeUndefined();
  });
});
