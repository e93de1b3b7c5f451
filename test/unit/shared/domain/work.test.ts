import { describe, expect, it } from 'vitest';
import { ownersOf, submissionWork, workPartition, workSk } from '../../../../shared/domain/work.ts';

describe('Module: work', () => {
  describe('Function: ownersOf', () => {
    it("gives an authority its agency's work and its region's (endorsements), a reviewer its own, a unit its agency's", () => {
      expect(ownersOf({ role: 'authority', agencyId: 'a', sub: 's', region: '420100' })).toEqual([
        { agencyId: 'a' },
        { regionCode: '420100' },
      ]);
      expect(ownersOf({ role: 'reviewer', agencyId: 'pool', sub: 'r1', region: '420000' })).toEqual([{ reviewerId: 'r1' }]);
      expect(ownersOf({ role: 'unit', agencyId: 'u1', sub: 's', region: '420102' })).toEqual([{ agencyId: 'u1' }]);
    });
  });

  describe('Function: workSk', () => {
    it('sorts by kind, then oldest first', () => {
      const keys = [
        workSk({ kind: 'recheck', since: '2026-01-01T00:00:00Z', id: 'x' }),
        workSk({ kind: 'endorse', since: '2026-03-01T00:00:00Z', id: 'b' }),
        workSk({ kind: 'endorse', since: '2026-02-01T00:00:00Z', id: 'a' }),
      ];
      expect([...keys].sort()).toEqual([keys[2], keys[1], keys[0]]);
      expect(workPartition({ regionCode: '420100' })).not.toBe(workPartition({ agencyId: '420100' }));
    });
  });

  describe('Function: submissionWork', () => {
    const base = {
      id: 's1',
      unitId: 'u1',
      unitName: '唐家墩街道',
      chain: ['420103', '420100', '420000'],
      submittedAt: '2026-05-01T08:00:00Z',
      updatedAt: '2026-05-03T08:00:00Z',
    };

    it('asks the region due next to endorse a submitted submission, since the last endorsement', () => {
      // Prepare: the district endorsed on May 2
      const s = {
        ...base,
        state: 'submitted' as const,
        endorsements: [{ regionCode: '420103', agencyId: 'd', by: 'x', at: '2026-05-02T08:00:00Z' }],
      };

      // Act
      const work = submissionWork(s);

      // Assess
      expect(work).toEqual([
        {
          owner: { regionCode: '420100' },
          item: { kind: 'endorse', id: 's1', title: '唐家墩街道的申报', since: '2026-05-02T08:00:00Z', link: '/v1/submissions/s1' },
        },
      ]);
      expect(submissionWork({ ...s, endorsements: [] })[0]!.item.since).toBe('2026-05-01T08:00:00Z');
    });

    it('asks the unit to rectify while an annual evaluation has it rectifying, due by its last day, and nobody once it passed', () => {
      // Prepare
      const evaluation = { outcome: 'rectify' as const, final: 72, concludedOn: '2026-06-01', rectifyBy: '2026-08-31' };

      // Act
      const rectifying = submissionWork({ ...base, state: 'rectifying', endorsements: [], evaluation });
      const passed = submissionWork({ ...base, state: 'passed', endorsements: [], evaluation });

      // Assess
      expect(rectifying).toEqual([
        {
          owner: { agencyId: 'u1' },
          item: {
            kind: 'rectification',
            id: 's1',
            title: '唐家墩街道的测评整改',
            since: '2026-06-01',
            due: '2026-08-31',
            link: '/v1/submissions/s1',
          },
        },
      ]);
      expect(passed).toEqual([]);
    });

    it('asks nobody once it is recommended, in draft or withdrawn', () => {
      for (const state of ['recommended', 'draft', 'withdrawn'] as const)
        expect(submissionWork({ ...base, state, endorsements: [] })).toEqual([]);
    });
  });
});
