import { shownStatus, type NamingSummary } from '../../shared/domain/namings.ts';
import { namingMilestones } from '../../shared/data/namings.ts';

/** What the public may see of a naming. */
export function publicEntry(n: NamingSummary, today: string) {
  return {
    certificateNo: n.certificateNo,
    unitName: n.unitName,
    unitType: n.unitType,
    kind: n.kind,
    regionCode: n.regionCode,
    level: n.level,
    namedOn: n.namedOn,
    expiresOn: n.expiresOn,
    status: shownStatus(n.status, n.expiresOn, today, namingMilestones()[0]),
    ...(n.revokedOn ? { revokedOn: n.revokedOn } : {}),
  };
}
