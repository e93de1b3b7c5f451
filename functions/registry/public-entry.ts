import { shownStatus, type NamingSummary } from '../../shared/domain/namings.ts';

/** What the public may see of a naming; it shows as expiring within `expiringDays` (the first reminder's) of its end. */
export function publicEntry(n: NamingSummary, today: string, expiringDays: number) {
  return {
    certificateNo: n.certificateNo,
    unitName: n.unitName,
    unitType: n.unitType,
    kind: n.kind,
    regionCode: n.regionCode,
    level: n.level,
    namedOn: n.namedOn,
    expiresOn: n.expiresOn,
    status: shownStatus(n.status, n.expiresOn, today, expiringDays),
    ...(n.revokedOn ? { revokedOn: n.revokedOn } : {}),
  };
}
