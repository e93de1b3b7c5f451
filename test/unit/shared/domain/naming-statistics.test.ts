import { describe, expect, it } from 'vitest';
import {
  namingGroups,
  namingReportQuery,
  sameTally,
  tallyChange,
  tallyOf,
  type Tally,
} from '../../../../shared/domain/naming-statistics.ts';

const active: Tally = { regionCode: '420102', level: 'county', type: 'community', kind: 'unit', year: '2024', status: 'active' };

describe('Function: tallyOf', () => {
  it('counts a naming by its region, level, unit type, kind, the year of namedOn and its stored status', () => {
    expect(
      tallyOf({ regionCode: '420102', level: 'county', unitType: 'community', kind: 'unit', namedOn: '2024-12-31', status: 'active' }),
    ).toEqual(active);
  });
});

describe('Function: tallyChange', () => {
  it('adds one to each dimension of a naming not counted yet', () => {
    expect(tallyChange([{ after: active }])).toEqual(
      new Map([['420102', { 'level#county': 1, 'type#community': 1, 'kind#unit': 1, 'year#2024': 1, 'status#active': 1 }]]),
    );
  });

  it('moves one count from a status to another and leaves the other dimensions alone', () => {
    expect(tallyChange([{ before: active, after: { ...active, status: 'revoked' } }])).toEqual(
      new Map([['420102', { 'status#active': -1, 'status#revoked': 1 }]]),
    );
  });

  it('merges the namings of one transaction per region code: a renewal supersedes and adds in the same county', () => {
    // Prepare: the unit's naming of 2019 is superseded by its naming of 2024
    const old = { ...active, year: '2019' };
    // Act
    const moved = tallyChange([{ after: active }, { before: old, after: { ...old, status: 'superseded' } }]);
    // Assess: one update for the county; the active count is unchanged (one in, one out)
    expect(moved).toEqual(
      new Map([['420102', { 'level#county': 1, 'type#community': 1, 'kind#unit': 1, 'year#2024': 1, 'status#superseded': 1 }]]),
    );
  });

  it('moves nothing for a tally that does not change', () => {
    expect(tallyChange([{ before: active, after: { ...active } }]).size).toBe(0);
    expect(sameTally(active, { ...active })).toBe(true);
    expect(sameTally(active, { ...active, status: 'expired' })).toBe(false);
  });
});

describe('Function: namingGroups', () => {
  const county = { 'level#county': 2, 'level#city': 1, 'status#active': 2, 'status#revoked': 1, 'year#2025': 1, 'year#2019': 2 };
  const city = { 'level#city': 1, 'level#county': 0, 'status#active': 0, 'status#superseded': 1, 'year#2019': 1 };

  it("sums the codes of a region, leaves out groups of no naming and lists them in the dimension's order, with Chinese labels", () => {
    expect(namingGroups([county, city], 'level')).toEqual({
      total: 4,
      groups: [
        { key: 'county', label: '县级', count: 2 },
        { key: 'city', label: '市级', count: 2 },
      ],
    });
    expect(namingGroups([county, city], 'status')).toEqual({
      total: 4,
      groups: [
        { key: 'active', label: '有效', count: 2 },
        { key: 'revoked', label: '已撤销', count: 1 },
        { key: 'superseded', label: '已被新命名替代', count: 1 },
      ],
    });
    expect(namingGroups([county, city], 'year').groups).toEqual([
      { key: '2019', label: '2019年', count: 3 },
      { key: '2025', label: '2025年', count: 1 },
    ]);
  });

  it('answers a region without namings with no groups', () => {
    expect(namingGroups([], 'kind')).toEqual({ total: 0, groups: [] });
  });
});

describe('Schema: namingReportQuery', () => {
  it('offers the five dimensions and no other', () => {
    for (const groupBy of ['level', 'type', 'kind', 'year', 'status'])
      expect(namingReportQuery.safeParse({ region: '420000', groupBy }).success).toBe(true);
    expect(namingReportQuery.safeParse({ region: '420000', groupBy: 'month' }).success).toBe(false);
    expect(namingReportQuery.safeParse({ region: '420000' }).success).toBe(false);
  });
});
