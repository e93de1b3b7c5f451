import { levelOf } from '../../shared/domain/campaigns.ts';
import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { filingEntryOf, inForceOn, termRanOutBy } from '../../shared/domain/instructors.ts';
import { isGrouping } from '../../shared/domain/regions.ts';
import { regionAppointments } from '../../shared/data/appointments.ts';
import { file, getFiling } from '../../shared/data/filings.ts';
import { createOnce } from '../../shared/data/store.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** The region a filing goes to: a county files with its city, a city with its province, a province with the nation. */
function filedWith(regionCode: string): string {
  const city = `${regionCode.slice(0, 4)}00`;
  if (regionCode !== city && !isGrouping(city)) return city;
  const province = `${regionCode.slice(0, 2)}0000`;
  return regionCode !== province ? province : '000000';
}

/**
 * `POST /v1/instructors/filings`: an authority files (备案) its region's active list as of a date with the level
 * above; the filing records what changed since the region's previous one (a term that ran out since, as ended).
 * A filing for another region → 403.
 */
export const createFiling: RouteImpl<{ asOf: string; regionCode?: string }> = async (request) => {
  const { caller, body } = request;
  const regionCode = body.regionCode ?? caller.region;
  if (caller.role !== 'admin' && regionCode !== caller.region)
    throw new ForbiddenError(
      text(
        `民族工作部门只能报备本地区（${caller.region}）的名单，不能报备 ${regionCode} 的名单。`,
        `An authority files its own region's list (${caller.region}), not ${regionCode}'s.`,
      ),
    );
  const level = levelOf(regionCode);
  if (level !== 'county' && level !== 'city' && level !== 'province')
    throw new ValidationError([
      { pointer: '/regionCode', detail: text('由县、市或省报备名单', 'a county, city or province files its list') },
    ]);
  if (body.asOf > request.today)
    throw new ValidationError([
      { pointer: '/asOf', detail: text('名单按已到来的某日的实际情况报备', 'a list is filed as it stood, on a day that has come') },
    ]);
  const store = mainStore();
  const appointments = await regionAppointments(store, regionCode);
  const entries = appointments.filter((a) => inForceOn(a, body.asOf)).map(filingEntryOf);
  const ranOut = appointments.filter((a) => termRanOutBy(a, body.asOf)).map(filingEntryOf);
  // A retry of the same idempotent request after a crash finds what the first attempt stored.
  const id = request.newId();
  const filing = await createOnce(
    () =>
      file(
        store,
        { regionCode, level, filedWith: filedWith(regionCode), asOf: body.asOf, entries, ranOut },
        actorOf(request),
        request.now,
        id,
      ),
    () => getFiling(store, id),
  );
  return { status: 201, body: filing, headers: { location: `/v1/instructors/filings?region=${regionCode}` } };
};
