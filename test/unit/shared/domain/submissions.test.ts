import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '../../../../shared/domain/errors.ts';
import {
  conflictOf,
  earlierEvaluations,
  evidenceCreate,
  maxEvidenceBytes,
  move,
  moves,
  rectificationDeclaration,
  rectificationOver,
  renewalUnderWay,
  submissionActions,
  submissionStates,
  terminalStates,
  transitionBody,
  type Mover,
  type SubmissionAction,
  type SubmissionState,
} from '../../../../shared/domain/submissions.ts';

const movers: readonly Mover[] = ['unit', 'authority', 'admin', 'system'];
const unitOrAuthority: readonly Mover[] = ['unit', 'authority', 'admin'];
const authorityOnly: readonly Mover[] = ['authority', 'admin'];
const timeDriven: readonly Mover[] = ['authority', 'admin', 'system'];

/**
 * The allowed moves as the campaigns issue lists them, written out one (state, action) pair per row, independently
 * of `moves`: the targets in the order `reopen` without `to` prefers them, and who may make the move.
 */
const expected: Record<string, { to: SubmissionState[]; by: readonly Mover[] }> = {
  'draft|submit': { to: ['submitted'], by: unitOrAuthority },
  'submitted|endorse': { to: ['recommended'], by: authorityOnly },
  'submitted|return': { to: ['draft'], by: authorityOnly },
  'draft|withdraw': { to: ['withdrawn'], by: unitOrAuthority },
  'submitted|withdraw': { to: ['withdrawn'], by: unitOrAuthority },
  'recommended|withdraw': { to: ['withdrawn'], by: unitOrAuthority },
  'submitted|reject': { to: ['rejected'], by: authorityOnly },
  'recommended|reject': { to: ['rejected'], by: authorityOnly },
  'in-review|reject': { to: ['rejected'], by: authorityOnly },
  'on-site|reject': { to: ['rejected'], by: authorityOnly },
  'scored|reject': { to: ['rejected'], by: authorityOnly },
  'recommended|start-review': { to: ['in-review'], by: authorityOnly },
  'in-review|next-round': { to: ['on-site'], by: authorityOnly },
  // A rectification window between the rounds (seed 004): the document round closes into it, the first on-site assignment ends it.
  'in-review|start-rectification': { to: ['in-rectification'], by: authorityOnly },
  'in-rectification|next-round': { to: ['on-site'], by: authorityOnly },
  'in-rectification|reject': { to: ['rejected'], by: authorityOnly },
  'in-review|score': { to: ['scored'], by: authorityOnly },
  'on-site|score': { to: ['scored'], by: authorityOnly },
  'in-review|veto': { to: ['vetoed'], by: authorityOnly },
  'on-site|veto': { to: ['vetoed'], by: authorityOnly },
  'scored|reopen': { to: ['in-review', 'on-site'], by: authorityOnly },
  'vetoed|reopen': { to: ['in-review', 'on-site'], by: authorityOnly },
  'scored|finalize': { to: ['final'], by: timeDriven },
  'final|publish': { to: ['public-notice'], by: timeDriven },
  'final|not-select': { to: ['not-selected'], by: timeDriven },
  'public-notice|not-select': { to: ['not-selected'], by: timeDriven },
  'public-notice|name': { to: ['named'], by: timeDriven },
  // 递补 (the integrity issue): a seat freed during the public notice is filled by the campaign's authority.
  'not-selected|refill': { to: ['public-notice'], by: authorityOnly },
  // An annual evaluation's outcomes (issue #19): each published, vetoed or objected-out submission gets one.
  'public-notice|pass': { to: ['passed'], by: timeDriven },
  'public-notice|rectify': { to: ['rectifying'], by: timeDriven },
  'public-notice|fail': { to: ['failed'], by: timeDriven },
  'vetoed|fail': { to: ['failed'], by: timeDriven },
  'not-selected|fail': { to: ['failed'], by: timeDriven },
  'rectifying|re-evaluate': { to: ['passed', 'failed'], by: authorityOnly },
};

/** The error `fn` throws; fails the test when it returns. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but it returned');
}

/** Matches a state as a whole word, so that `final` is not found inside `finalize`. */
function naming(state: string): RegExp {
  return new RegExp(`(^|[^a-z-])${state}([^a-z-]|$)`);
}

describe('Module: submissions', () => {
  describe('Function: move', () => {
    describe.each(submissionStates)('from %s', (from) => {
      it.each(submissionActions)('answers %s for each mover as the campaigns issue says', (action) => {
        // Prepare
        const allowed = expected[`${from}|${action}`];

        for (const by of movers) {
          if (!allowed) {
            // Act
            const error = thrownBy(() => move(from, action, by));

            // Assess
            expect(error, `${from} ${action} by ${by}`).toBeInstanceOf(ConflictError);
            expect((error as ConflictError).status).toBe(409);
            expect((error as ConflictError).type).toBe('illegal-transition');
            expect((error as ConflictError).message).toMatch(naming(from));
          } else if (!allowed.by.includes(by)) {
            const error = thrownBy(() => move(from, action, by));

            expect(error, `${from} ${action} by ${by}`).toBeInstanceOf(ForbiddenError);
            expect((error as ForbiddenError).status).toBe(403);
          } else {
            expect(move(from, action, by), `${from} ${action} by ${by}`).toBe(allowed.to[0]);
            for (const to of allowed.to) expect(move(from, action, by, to)).toBe(to);
          }
        }
      });
    });

    it("silences a renewal's naming reminders only while the renewal is under way", () => {
      const released = submissionStates.filter((s) => !renewalUnderWay.includes(s));
      // An annual evaluation's outcomes (passed, rectifying, failed) never belong to a renewal: only naming campaigns renew.
      expect(released.sort()).toEqual(['draft', 'failed', 'not-selected', 'passed', 'rectifying', 'rejected', 'vetoed', 'withdrawn']);
      // Every state a submitted renewal can reach by withdrawal, return, rejection, veto or non-selection releases it.
      for (const action of ['withdraw', 'return', 'reject', 'veto', 'not-select'] as const) {
        for (const m of moves.filter((x) => x.action === action)) expect(renewalUnderWay).not.toContain(m.to);
      }
    });

    it('lets no action by anyone leave a terminal state, and lists exactly the five terminal states', () => {
      expect([...terminalStates].sort()).toEqual(['failed', 'named', 'passed', 'rejected', 'withdrawn']);
      for (const from of terminalStates) {
        expect(moves.filter((m) => m.from.includes(from))).toEqual([]);
        for (const action of submissionActions) {
          for (const by of movers) expect(thrownBy(() => move(from, action, by))).toBeInstanceOf(ConflictError);
        }
      }
    });

    it('leaves every state that is not terminal by some move, so no submission gets stuck', () => {
      const stuck = submissionStates.filter((s) => !terminalStates.includes(s) && !moves.some((m) => m.from.includes(s)));

      expect(stuck).toEqual([]);
    });

    it('reopens to the round named by `to`, and to the document round (in-review) when `to` is left out', () => {
      expect(move('scored', 'reopen', 'authority', 'in-review')).toBe('in-review');
      expect(move('scored', 'reopen', 'authority', 'on-site')).toBe('on-site');
      expect(move('vetoed', 'reopen', 'admin', 'on-site')).toBe('on-site');
      expect(move('vetoed', 'reopen', 'admin')).toBe('in-review');
    });

    it('refuses with 409 a `to` that the action does not lead to, naming the target', () => {
      // Act
      const reopenToFinal = thrownBy(() => move('scored', 'reopen', 'authority', 'final'));
      const submitToWithdrawn = thrownBy(() => move('draft', 'submit', 'unit', 'withdrawn'));

      // Assess
      expect(reopenToFinal).toBeInstanceOf(ConflictError);
      expect((reopenToFinal as ConflictError).message).toMatch(/scored.*final/);
      expect(submitToWithdrawn).toBeInstanceOf(ConflictError);
    });

    it('judges the state before the mover: an illegal move is 409 even for a party that may never make it', () => {
      expect(thrownBy(() => move('draft', 'endorse', 'unit'))).toBeInstanceOf(ConflictError);
      expect(thrownBy(() => move('named', 'withdraw', 'system'))).toBeInstanceOf(ConflictError);
    });

    it('tells a wrong mover who may make the move', () => {
      const error = thrownBy(() => move('submitted', 'endorse', 'unit')) as ForbiddenError;

      expect(error.message).toMatch(/authority/);
      expect(error.message).toMatch(/admin/);
      expect(error.message).not.toMatch(/\bunit\b/);
    });
  });

  describe('Function: conflictOf', () => {
    const unit = { id: 'unit-1', authorityId: 'agency-420102', regionCode: '420102' };
    const outsider = { agencyId: 'agency-elsewhere', regionCode: '420200', conflicts: [] as string[] };

    it('finds no conflict for a reviewer from another agency, another county and no declaration', () => {
      expect(conflictOf(outsider, unit)).toBeUndefined();
    });

    it('finds a reviewer who works for the unit itself', () => {
      expect(conflictOf({ ...outsider, agencyId: 'unit-1' }, unit)).toBe('own-unit');
    });

    it("finds a reviewer who works for the unit's supervising authority, and none when the unit has no authority", () => {
      expect(conflictOf({ ...outsider, agencyId: 'agency-420102' }, unit)).toBe('supervising-authority');
      expect(conflictOf({ ...outsider, agencyId: 'agency-420102' }, { id: 'unit-1', regionCode: '420102' })).toBeUndefined();
    });

    it("finds a reviewer who sits in the unit's own county, but not one in the city above it", () => {
      expect(conflictOf({ ...outsider, regionCode: '420102' }, unit)).toBe('same-county');
      expect(conflictOf({ ...outsider, regionCode: '420100' }, unit)).toBeUndefined();
    });

    it('finds a conflict the reviewer declared with this unit, and not one declared with another', () => {
      expect(conflictOf({ ...outsider, conflicts: ['unit-9', 'unit-1'] }, unit)).toBe('declared');
      expect(conflictOf({ ...outsider, conflicts: ['unit-9'] }, unit)).toBeUndefined();
    });

    it('gives the strongest reason when several apply: own unit, then supervising authority, then county, then declared', () => {
      const everything = { agencyId: 'unit-1', regionCode: '420102', conflicts: ['unit-1'] };
      const authorityInCounty = { agencyId: 'agency-420102', regionCode: '420102', conflicts: ['unit-1'] };

      expect(conflictOf(everything, unit)).toBe('own-unit');
      expect(conflictOf(authorityInCounty, unit)).toBe('supervising-authority');
      expect(conflictOf({ ...authorityInCounty, agencyId: 'agency-elsewhere' }, unit)).toBe('same-county');
    });
  });

  describe('Schema: evidenceCreate', () => {
    const pdf = { fileName: '台账资料.pdf', contentType: 'application/pdf', size: maxEvidenceBytes, sha256: 'ab'.repeat(32) };

    /** The JSON paths of the issues the schema raises for this body. */
    function refused(body: object): string[] {
      const result = evidenceCreate.safeParse(body);
      return result.success ? [] : result.error.issues.map((i) => i.path.join('/'));
    }

    it('accepts a pdf of exactly 50 MB', () => {
      expect(maxEvidenceBytes).toBe(52_428_800);
      expect(evidenceCreate.parse(pdf)).toEqual(pdf);
    });

    it('accepts each office and image type that ledgers come in', () => {
      for (const contentType of [
        'image/jpeg',
        'image/png',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]) {
        expect(refused({ ...pdf, contentType })).toEqual([]);
      }
    });

    it('refuses an executable, whatever content type it claims', () => {
      expect(refused({ ...pdf, fileName: 'setup.exe', contentType: 'application/vnd.microsoft.portable-executable' })).toEqual([
        'contentType',
      ]);
      expect(refused({ ...pdf, fileName: 'setup.exe', contentType: 'application/x-msdownload' })).toEqual(['contentType']);
      expect(refused({ ...pdf, contentType: 'application/octet-stream' })).toEqual(['contentType']);
    });

    it('refuses a file one byte over 50 MB, an empty one and a fractional size', () => {
      expect(refused({ ...pdf, size: maxEvidenceBytes + 1 })).toEqual(['size']);
      expect(refused({ ...pdf, size: 0 })).toEqual(['size']);
      expect(refused({ ...pdf, size: 1.5 })).toEqual(['size']);
    });

    it('refuses a SHA-256 in upper case, one digit short or one digit long', () => {
      expect(refused({ ...pdf, sha256: 'AB'.repeat(32) })).toEqual(['sha256']);
      expect(refused({ ...pdf, sha256: 'ab'.repeat(32).slice(1) })).toEqual(['sha256']);
      expect(refused({ ...pdf, sha256: `${'ab'.repeat(32)}0` })).toEqual(['sha256']);
    });

    it('refuses an unknown field and a blank file name', () => {
      expect(refused({ ...pdf, url: 'https://example.com/x.pdf' })).toHaveLength(1);
      expect(refused({ ...pdf, fileName: '   ' })).toEqual(['fileName']);
    });
  });

  describe('Schema: transitionBody', () => {
    const byHand: readonly SubmissionAction[] = ['submit', 'endorse', 'return', 'withdraw', 'reject', 'start-review'];

    it.each(submissionActions)('takes %s by hand only if people make that move themselves', (action) => {
      expect(transitionBody.safeParse({ action }).success).toBe(byHand.includes(action));
    });

    it('keeps a reason, trimmed, and refuses one of a single character', () => {
      expect(transitionBody.parse({ action: 'return', reason: '  材料不全  ' })).toEqual({ action: 'return', reason: '材料不全' });
      expect(transitionBody.safeParse({ action: 'reject', reason: ' x ' }).success).toBe(false);
    });
  });
});

describe('Module: submissions — rectification between the rounds', () => {
  describe('Function: rectificationOver', () => {
    it('keeps the on-site round shut through the last day of the window while the unit has not declared', () => {
      expect(rectificationOver({ dueOn: '2026-06-30' }, '2026-06-01')).toBe(false);
      expect(rectificationOver({ dueOn: '2026-06-30' }, '2026-06-30')).toBe(false);
    });

    it('opens it the day after the last day of the window, declared or not', () => {
      expect(rectificationOver({ dueOn: '2026-06-30' }, '2026-07-01')).toBe(true);
    });

    it('opens it before the window ends once the unit declared its rectification done', () => {
      const declared = { dueOn: '2026-06-30', note: '已整改', declaredAt: '2026-06-10T02:00:00.000Z', declaredBy: 'unit-1' };
      expect(rectificationOver(declared, '2026-06-10')).toBe(true);
    });
  });

  describe('Schema: rectificationDeclaration', () => {
    it('keeps the note trimmed, and refuses a blank one and an unknown field', () => {
      expect(rectificationDeclaration.parse({ note: '  补齐了台账资料  ' })).toEqual({ note: '补齐了台账资料' });
      expect(rectificationDeclaration.safeParse({ note: ' ' }).success).toBe(false);
      expect(rectificationDeclaration.safeParse({ note: '已整改', done: true }).success).toBe(false);
    });
  });
});

describe('Function: earlierEvaluations', () => {
  const result = (final: number) => ({ final, vetoed: false, vetoes: [], rounds: [] });
  const now = { id: 'now', createdAt: '2027-03-01T00:00:00Z' };
  it("keeps the unit's earlier scored submissions in the order given, leaving out itself, later ones and unscored ones", () => {
    const found = earlierEvaluations(
      [
        { id: 'later', createdAt: '2027-04-01T00:00:00Z', result: result(90) },
        { id: 'now', createdAt: now.createdAt, result: result(88) },
        { id: '2026', createdAt: '2026-03-01T00:00:00Z', result: result(85) },
        { id: 'draft', createdAt: '2026-09-01T00:00:00Z' },
        { id: '2025', createdAt: '2025-03-01T00:00:00Z', result: result(80) },
      ],
      now,
    );
    expect(found.map((r) => r.final)).toEqual([85, 80]);
  });

  it("leaves out the unit's nominations of advanced individuals: a person's deeds are no earlier value of the unit", () => {
    const nominee = { name: '张三', gender: 'male', ethnicity: '汉族', workUnit: '某社区', position: '主任', deeds: '事迹' } as const;
    const found = earlierEvaluations(
      [
        { id: 'nomination', createdAt: '2026-10-01T00:00:00Z', result: result(99), nominee },
        { id: '2026', createdAt: '2026-03-01T00:00:00Z', result: result(85) },
      ],
      now,
    );
    expect(found.map((r) => r.final)).toEqual([85]);
  });
});
