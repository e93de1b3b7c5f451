import { describe, expect, it } from 'vitest';
import { applyUnitPatch, unitCreate, unitListQuery, unitPatch, type Unit } from '../../../../shared/domain/units.ts';

/** The body of the contract example for `POST /v1/units`. */
const contractBody = {
  name: '武汉市江岸区百步亭社区',
  type: 'community',
  regionCode: '420102',
  zone: false,
  contacts: [{ name: '李明', email: 'liming@example.cn', phone: '13800000000' }],
  authorityId: 'wuhan-ethnic-affairs',
};

function issuesOf(input: unknown): { path: string; code: string }[] {
  const result = unitCreate.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
}

describe('Schema: unitCreate', () => {
  it('accepts the contract body unchanged', () => {
    // Act
    const result = unitCreate.safeParse(contractBody);

    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(contractBody);
  });

  it('accepts a body without the optional authorityId and phone', () => {
    const { authorityId: _, ...body } = contractBody;
    expect(unitCreate.safeParse({ ...body, contacts: [{ name: '李明', email: 'liming@example.cn' }] }).success).toBe(true);
  });

  it('trims the name, counting a Chinese character as one', () => {
    const result = unitCreate.parse({ ...contractBody, name: `  ${'民'.repeat(200)}  ` });
    expect(result.name).toBe('民'.repeat(200));
  });

  it('refuses unknown fields at the top level and inside a contact', () => {
    expect(issuesOf({ ...contractBody, status: 'named' })).toEqual([{ path: '', code: 'unrecognized_keys' }]);
    expect(issuesOf({ ...contractBody, contacts: [{ ...contractBody.contacts[0], wechat: 'liming' }] })).toEqual([
      { path: 'contacts.0', code: 'unrecognized_keys' },
    ]);
  });

  it.each([
    ['a 500-character name', { name: '民'.repeat(500) }, 'name'],
    ['a 201-character name', { name: 'a'.repeat(201) }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a name of spaces only', { name: '   ' }, 'name'],
    ['an unknown type', { type: 'temple' }, 'type'],
    ['a five-digit region code', { regionCode: '42010' }, 'regionCode'],
    ['a region code with letters', { regionCode: '4201ab' }, 'regionCode'],
    ['a region code that is not in the directory', { regionCode: '420199' }, 'regionCode'],
    ['a zone flag that is not a boolean', { zone: 'no' }, 'zone'],
    ['no contacts', { contacts: [] }, 'contacts'],
    ['an invalid email', { contacts: [{ name: '李明', email: 'liming-at-example.cn' }] }, 'contacts.0.email'],
    [
      'a phone number that is not Chinese',
      { contacts: [{ name: '李明', email: 'liming@example.cn', phone: '+1 555 0100' }] },
      'contacts.0.phone',
    ],
  ])('refuses %s, naming the field', (_, change, path) => {
    const issues = issuesOf({ ...contractBody, ...change });
    expect([...new Set(issues.map((i) => i.path))]).toEqual([path]);
  });

  it('refuses a body without required fields, naming each', () => {
    expect(
      issuesOf({})
        .map((i) => i.path)
        .sort(),
    ).toEqual(['contacts', 'name', 'regionCode', 'type', 'zone']);
  });
});

describe('Schema: unitPatch', () => {
  it('accepts a single field and null for authorityId', () => {
    expect(unitPatch.safeParse({ zone: true }).success).toBe(true);
    expect(unitPatch.parse({ authorityId: null })).toEqual({ authorityId: null });
  });

  it('refuses an empty patch, null for a required field and unknown fields', () => {
    expect(unitPatch.safeParse({}).success).toBe(false);
    expect(unitPatch.safeParse({ name: null }).success).toBe(false);
    expect(unitPatch.safeParse({ version: 2 }).success).toBe(false);
  });
});

describe('Schema: unitListQuery', () => {
  it('takes a 2-, 4- or 6-digit region prefix and defaults the page size to 20', () => {
    expect(unitListQuery.parse({ region: '42' })).toEqual({ region: '42', limit: 20 });
    expect(unitListQuery.parse({ region: '4201', limit: '2' })).toEqual({ region: '4201', limit: 2 });
    expect(unitListQuery.safeParse({ region: '420' }).success).toBe(false);
    expect(unitListQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(unitListQuery.safeParse({ sort: 'name' }).success).toBe(false);
  });
});

describe('Function: applyUnitPatch', () => {
  const unit: Unit = {
    ...(contractBody as Omit<Unit, 'id' | 'version' | 'createdAt' | 'updatedAt'>),
    id: 'u-1',
    version: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
  };

  it('removes authorityId when the patch sets it to null', () => {
    // Act
    const next = applyUnitPatch(unit, { authorityId: null }, '2026-03-01T00:00:00.000Z');

    // Assess
    expect(next).not.toHaveProperty('authorityId');
    expect(next.name).toBe(unit.name);
  });

  it('increments the version, stamps updatedAt and keeps createdAt', () => {
    const next = applyUnitPatch(unit, { zone: true }, '2026-03-01T00:00:00.000Z');

    expect(next).toEqual({ ...unit, zone: true, version: 4, updatedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('replaces the contacts list as a whole and leaves the unit it was given unchanged', () => {
    // Prepare
    const before = structuredClone(unit);
    const contacts = [{ name: '王芳', email: 'wangfang@example.cn' }];

    // Act
    const next = applyUnitPatch(unit, { contacts }, '2026-03-01T00:00:00.000Z');

    // Assess
    expect(next.contacts).toEqual(contacts);
    expect(unit).toEqual(before);
  });
});
