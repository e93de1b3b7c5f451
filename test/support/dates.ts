/** Plain day arithmetic for tests, independent of the code under test. */
export const day = (date: string, delta: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);

/** The same month and day `years` later (Feb 29 → Feb 28), independent of the code under test. */
export const plusYears = (date: string, years: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));
  return target.getUTCMonth() === d.getUTCMonth() ? target.toISOString().slice(0, 10) : day(target.toISOString().slice(0, 10), -1);
};
