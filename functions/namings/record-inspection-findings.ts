import { ForbiddenError, NotFoundError, text } from '../../shared/domain/errors.ts';
import { levelOf } from '../../shared/domain/campaigns.ts';
import { mayManage, type Naming } from '../../shared/domain/namings.ts';
import type { InspectionFindingsInput } from '../../shared/domain/rechecks.ts';
import { getNaming } from '../../shared/data/namings.ts';
import { getRecheck, recordFindings } from '../../shared/data/rechecks.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { inScope, type Caller } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';

/** Whether the caller speaks for the inspecting side of a naming's inspection: the paired naming's unit, an authority that manages the paired naming, or an admin. */
function inspects(caller: Caller, paired: Naming): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'unit') return caller.agencyId === paired.unitId;
  const level = levelOf(caller.region);
  return level !== undefined && mayManage({ agencyId: caller.agencyId, level, regionCode: caller.region }, paired.issuer);
}

/**
 * `POST /v1/namings/{id}/rechecks/{recheckId}/findings`: the paired side of a mutual inspection records, once, what
 * it found at this naming's unit. Anyone who may not see the inspection gets 404; one who may see it but does not
 * inspect (this naming's own unit, its authority when it does not manage the paired naming) gets 403.
 */
export const recordInspectionFindings: RouteImpl<InspectionFindingsInput> = async (request) => {
  const { caller, body } = request;
  const store = mainStore();
  const notFound = new NotFoundError(
    text(
      `没有可由您记录检查意见的互观互检 ${request.params.recheckId}。`,
      `No inspection ${request.params.recheckId} you may record findings on.`,
    ),
  );
  const naming = await getNaming(store, request.params.id!);
  const recheck = naming && (await getRecheck(store, naming.id, request.params.recheckId!));
  const paired = recheck?.kind === 'inspection' && recheck.pairedNamingId ? await getNaming(store, recheck.pairedNamingId) : undefined;
  if (!naming || !recheck || !paired) throw notFound;
  if (!inspects(caller, paired)) {
    const seesIt = caller.role === 'unit' ? caller.agencyId === naming.unitId : inScope(caller, naming.regionCode);
    if (!seesIt) throw notFound;
    throw new ForbiddenError(
      text(
        `检查意见由结对单位（${paired.unitName}）或管理其命名的机关记录。`,
        `The findings are recorded by the paired unit (${paired.unitName}) or an authority that manages its naming.`,
      ),
    );
  }
  const findings = { text: body.findings, rating: body.rating, by: caller.agencyId, role: caller.role, at: request.now };
  return { body: await recordFindings(store, recheck, findings, actorOf(request), request.now) };
};
