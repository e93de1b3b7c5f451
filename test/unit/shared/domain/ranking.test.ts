import { describe, expect, it } from 'vitest';
import { rank, type RankInput } from '../../../../shared/domain/ranking.ts';

const entry = (id: string, final: number, extra: Partial<RankInput> = {}): RankInput => ({
  id,
  final,
  vetoed: false,
  lastRoundTotal: final,
  submittedAt: '2026-03-01T00:00:00Z',
  grassroots: false,
  ...extra,
});

describe('Function: rank', () => {
  it('orders by final, then last round total, then submission time, then id', () => {
    const result = rank(
      [
        entry('d', 80, { submittedAt: '2026-03-02T00:00:00Z' }),
        entry('c', 80),
        entry('b', 80, { lastRoundTotal: 82 }),
        entry('a', 90),
        entry('e', 80),
      ],
      0,
      5,
      0,
    );
    expect(result.map((r) => r.id)).toEqual(['a', 'b', 'c', 'e', 'd']);
    expect(result.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('says why each unselected submission was not chosen', () => {
    const result = rank([entry('a', 95), entry('b', 90, { vetoed: true }), entry('c', 70), entry('d', 85), entry('e', 84)], 80, 2, 0);
    expect(Object.fromEntries(result.map((r) => [r.id, r.selected ? 'selected' : r.reason]))).toEqual({
      a: 'selected',
      b: 'vetoed',
      d: 'selected',
      e: 'quota-filled',
      c: 'below-pass-mark',
    });
  });

  it('fills ⌈share × quota⌉ seats with the best grassroots submissions first, which changes who is selected', () => {
    const inputs = [
      entry('city1', 95),
      entry('city2', 93),
      entry('city3', 91),
      entry('county1', 88, { grassroots: true }),
      entry('county2', 86, { grassroots: true }),
    ];
    // quota 3, share 0.5 → 2 grassroots seats, then 1 open seat for the best remaining
    const withShare = rank(inputs, 80, 3, 0.5)
      .filter((r) => r.selected)
      .map((r) => [r.id, r.seat]);
    expect(withShare).toEqual([
      ['city1', 'open'],
      ['county1', 'grassroots'],
      ['county2', 'grassroots'],
    ]);
    expect(
      rank(inputs, 80, 3, 0)
        .filter((r) => r.selected)
        .map((r) => r.id),
    ).toEqual(['city1', 'city2', 'city3']);
  });

  it('gives unused grassroots seats to the best remaining eligible submissions', () => {
    const inputs = [entry('city1', 95), entry('city2', 93), entry('county1', 88, { grassroots: true })];
    expect(
      rank(inputs, 80, 3, 1)
        .filter((r) => r.selected)
        .map((r) => r.id),
    ).toEqual(['city1', 'city2', 'county1']);
    expect(
      rank(inputs, 80, 2, 1)
        .filter((r) => r.selected)
        .map((r) => r.id),
    ).toEqual(['city1', 'county1']);
  });
});
