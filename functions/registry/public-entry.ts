import { registryLabels, shownStatus, type NamingSummary } from '../../shared/domain/namings.ts';

/**
 * What the public may see of a naming; it shows as expiring within `expiringDays` (the first reminder's) of its end.
 * Of an advanced individual, the name and the work unit only: gender, ethnicity, position and deeds never leave the
 * nomination.
 */
export function publicEntry(n: NamingSummary, today: string, expiringDays: number) {
  return {
    certificateNo: n.certificateNo,
    unitName: n.unitName,
    unitType: n.unitType,
    kind: n.kind,
    label: registryLabels[n.kind],
    ...(n.person ? { person: { name: n.person.name, workUnit: n.person.workUnit } } : {}),
    regionCode: n.regionCode,
    level: n.level,
    namedOn: n.namedOn,
    expiresOn: n.expiresOn,
    status: shownStatus(n.status, n.expiresOn, today, expiringDays),
    ...(n.revokedOn ? { revokedOn: n.revokedOn } : {}),
    // A commendation shows its title, date and decision number; which campaign conferred it stays inside.
    ...(n.commendations?.length
      ? { commendations: n.commendations.map((c) => ({ title: c.title, on: c.on, ...(c.decisionNo ? { decisionNo: c.decisionNo } : {}) })) }
      : {}),
  };
}
