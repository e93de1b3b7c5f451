import { describe, expect, it } from 'vitest';
import { authorityPut, unknownOptOuts } from '../../../../shared/domain/authorities.ts';

describe('Module: authorities', () => {
  describe('Function: unknownOptOuts', () => {
    const stored = [{ email: 'Wang@Example.cn' }, { email: 'li@example.cn' }];

    it('lets a contact of the directory opt out of the digest, its email matched whatever its case', () => {
      expect(unknownOptOuts(stored, [{ email: 'wang@example.cn', digest: false }, { email: 'li@example.cn' }])).toEqual([]);
    });

    it('points at the opt-out of a contact the directory does not have, and only at opt-outs', () => {
      // Prepare: a new contact opting in is fine; one opting out is not
      const submitted = [
        { email: 'li@example.cn' },
        { email: 'new@example.cn', digest: true },
        { email: 'zhao@example.cn', digest: false },
      ];

      // Act
      const problems = unknownOptOuts(stored, submitted);

      // Assess
      expect(problems.map((p) => p.pointer)).toEqual(['/contacts/2/digest']);
      expect(problems[0]!.detail.zh).toContain('zhao@example.cn 不是本部门名录中的联系人');
    });

    it('refuses any opt-out in the first entry of an agency, which has no contacts yet', () => {
      expect(unknownOptOuts(undefined, [{ email: 'a@example.cn', digest: false }]).map((p) => p.pointer)).toEqual(['/contacts/0/digest']);
    });
  });

  describe('Schema: authorityPut', () => {
    it('takes a boolean digest on a contact and nothing else', () => {
      const entry = {
        name: '宜昌市民族宗教事务委员会',
        regionCode: '420500',
        contacts: [{ name: '王芳', email: 'w@example.cn', digest: false }],
      };
      expect(authorityPut.safeParse(entry).success).toBe(true);
      expect(authorityPut.safeParse({ ...entry, contacts: [{ name: '王芳', email: 'w@example.cn', digest: 'no' }] }).success).toBe(false);
    });
  });
});
