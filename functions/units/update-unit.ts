import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { checkIfMatch } from '../../shared/domain/preconditions.ts';
import { applyUnitPatch, selfEditableUnitFields, type UnitPatch } from '../../shared/domain/units.ts';
import * as units from '../../shared/data/units.ts';
import { namingRecipientUpdates } from '../../shared/data/namings.ts';
import { inScope } from '../../shared/http/caller.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { readVisibleUnit } from './read-unit.ts';
import { mainStore } from '../../shared/clients.ts';

/** `PATCH /v1/units/{id}`: a merge patch at the version named by If-Match. */
export const updateUnit: RouteImpl<UnitPatch> = async (request) => {
  const { caller, body: patch } = request;
  const before = await readVisibleUnit(caller, request.params.id!);
  if (caller.role === 'unit') {
    const refused = Object.keys(patch).filter((field) => !selfEditableUnitFields.includes(field));
    if (refused.length > 0)
      throw new ValidationError(
        refused.map((field) => ({
          pointer: `/${field}`,
          detail: text('只有民族工作部门可以修改此项', 'only an authority may change this'),
        })),
      );
  }
  if (patch.regionCode !== undefined && !inScope(caller, patch.regionCode)) {
    throw new ForbiddenError(
      text(
        `地区 ${patch.regionCode} 不在您的管辖地区 ${caller.region} 内。`,
        `Region ${patch.regionCode} lies outside your region ${caller.region}.`,
      ),
    );
  }
  checkIfMatch(request.ifMatch, before.version);
  const next = applyUnitPatch(before, patch, request.now);
  // Namings carry their unit's contact emails so that the sweep reads nothing else: they change in the same transaction.
  const namingUpdates =
    patch.contacts || patch.authorityId !== undefined
      ? await namingRecipientUpdates(
          mainStore(),
          before.id,
          next.contacts.map((c) => c.email),
          next.authorityId,
          request.now,
        )
      : [];
  const unit = await units.updateUnit(mainStore(), before, next, actorOf(request), request.now, namingUpdates);
  return { body: unit, etag: unit.version };
};
