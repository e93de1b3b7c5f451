import { ForbiddenError, text } from '../../shared/domain/errors.ts';
import type { UnitCreate } from '../../shared/domain/units.ts';
import * as units from '../../shared/data/units.ts';
import { createOnce } from '../../shared/data/store.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/units`: an authority registers a unit in its region. */
export const createUnit: RouteImpl<UnitCreate> = async (request) => {
  if (!inScope(request.caller, request.body.regionCode)) {
    throw new ForbiddenError(
      text(
        `地区 ${request.body.regionCode} 不在您的管辖地区 ${request.caller.region} 内。`,
        `Region ${request.body.regionCode} lies outside your region ${request.caller.region}.`,
      ),
    );
  }
  // A retry of the same idempotent request after a crash finds the unit the first attempt stored.
  const id = request.newId();
  const unit = await createOnce(
    () => units.createUnit(mainStore(), request.body, actorOf(request), request.now, id),
    () => units.getUnit(mainStore(), id),
  );
  return { status: 201, body: unit, etag: unit.version, headers: { location: `/v1/units/${unit.id}` } };
};
