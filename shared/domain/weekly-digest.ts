import { addDays, weekdayOf } from './time.ts';

/*
 * The weekly digest (issue #20): on Mondays each authority's contacts hear what its workbench (`GET /v1/me/work`)
 * shows. Each agency's digest rides on the agenda index, due on a Monday; a run sends it and moves it to the next
 * Monday, so it goes out once per agency and ISO week however often the job runs.
 */

/** The schedule (`shared/topology.ts`) that sends the digest; the daily sweep leaves it alone. */
export const weeklyDigestSchedule = 'weekly-digest';

/** How many items of each kind a digest lists; the count says how many more there are. */
export const digestItemsPerKind = 5;

/** Days after Monday (0 Monday … 6 Sunday). */
const sinceMonday = (date: string): number => (weekdayOf(date) + 6) % 7;

/** The ISO 8601 week of a civil date, `2026-W49`: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 3 - sinceMonday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first digest of an agency that joins the directory on `today`: the Monday on or after it. */
export function firstDigestOn(today: string): string {
  const days = sinceMonday(today);
  return days === 0 ? today : addDays(today, 7 - days);
}

/** The Monday after `today`: when the digest is due again once a run on `today` has handled it. */
export function nextDigestOn(today: string): string {
  return addDays(today, 7 - sinceMonday(today));
}

/** The addresses an authority's digest goes to: its contacts, except those who opted out (`digest: false`). */
export function digestRecipients(authority: { contacts: readonly { email: string; digest?: boolean }[] }): string[] {
  return [...new Set(authority.contacts.filter((c) => c.digest !== false).map((c) => c.email))];
}
