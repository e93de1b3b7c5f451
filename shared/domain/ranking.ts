/** One submission's result as ranking sees it. */
export interface RankInput {
  id: string;
  final: number;
  vetoed: boolean;
  /** Total of the last round, the first tie-break. */
  lastRoundTotal: number;
  /** When it was submitted (ISO 8601), the second tie-break. */
  submittedAt: string;
  /** At county level or below (DOMAIN.md rule 4). */
  grassroots: boolean;
}

/** Why a submission was not selected. */
export type NotSelectedReason = 'vetoed' | 'below-pass-mark' | 'quota-filled';

/** A ranked entry. */
export interface RankEntry {
  id: string;
  rank: number;
  selected: boolean;
  /** The seat it took: a grassroots seat or an open one. */
  seat?: 'grassroots' | 'open';
  reason?: NotSelectedReason;
}

const byMerit = (a: RankInput, b: RankInput) =>
  b.final - a.final || b.lastRoundTotal - a.lastRoundTotal || a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id);

/**
 * Ranks results and fills a quota: eligible = not vetoed and final ≥ pass mark; ⌈share × quota⌉ seats go first to
 * the best eligible grassroots submissions, the rest to the best of all remaining eligible ones.
 */
export function rank(inputs: readonly RankInput[], passMark: number, quota: number, grassrootsShare: number): RankEntry[] {
  const ordered = [...inputs].sort(byMerit);
  const eligible = ordered.filter((s) => !s.vetoed && s.final >= passMark);
  const seats = new Map<string, 'grassroots' | 'open'>();
  const reserved = Math.min(quota, Math.ceil(grassrootsShare * quota - 1e-9));
  for (const s of eligible.filter((e) => e.grassroots).slice(0, reserved)) seats.set(s.id, 'grassroots');
  for (const s of eligible) {
    if (seats.size >= quota) break;
    if (!seats.has(s.id)) seats.set(s.id, 'open');
  }
  return ordered.map((s, i) => {
    const seat = seats.get(s.id);
    if (seat) return { id: s.id, rank: i + 1, selected: true, seat };
    const reason: NotSelectedReason = s.vetoed ? 'vetoed' : s.final < passMark ? 'below-pass-mark' : 'quota-filled';
    return { id: s.id, rank: i + 1, selected: false, reason };
  });
}
