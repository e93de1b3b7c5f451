import { shownStatus } from '../../shared/domain/namings.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readVisibleNaming } from './read-naming.ts';

/** `GET /v1/namings/{id}`: the record, with the status as it shows today (`expiring` within the reminder window). */
export const getNaming: RouteImpl = async (request) => {
  const naming = await readVisibleNaming(request.caller, request.params.id!);
  return {
    body: { ...naming, shownStatus: shownStatus(naming.status, naming.expiresOn, request.today, request.config.NAMING_REMINDER_DAYS[0]) },
    etag: naming.version,
  };
};
