import { contactLine, type Authority } from '../domain/authorities.ts';

/** The addresses of an agency's contacts in the directory; none when it has not registered. */
export function agencyAddresses(directory: ReadonlyMap<string, Authority>, agencyId: string | undefined): string[] {
  return (agencyId === undefined ? undefined : directory.get(agencyId))?.contacts.map((c) => c.email) ?? [];
}

/** Who hears about a naming (or its recheck): the unit's contacts and its supervising authority's. */
export function audience(
  subject: { recipients?: readonly string[]; issuedBy: string; supervisorId?: string },
  directory: ReadonlyMap<string, Authority>,
): { to: string[]; contact: string } {
  const to = [...new Set([...(subject.recipients ?? []), ...agencyAddresses(directory, subject.supervisorId)])];
  return { to, contact: contactLine(directory.get(subject.issuedBy), subject.issuedBy) };
}

/** The agency ids a notice about these subjects needs from the directory. */
export function agenciesOf(subjects: readonly { issuedBy?: unknown; supervisorId?: unknown; responsibleAgency?: unknown }[]): string[] {
  // Items of every agenda kind name the agency that owns them as `issuedBy` (namings, rechecks, appointments,
  // counties) or, for plan tasks, the agency responsible.
  return subjects.flatMap((s) => [s.issuedBy, s.supervisorId, s.responsibleAgency].filter((id): id is string => typeof id === 'string'));
}
