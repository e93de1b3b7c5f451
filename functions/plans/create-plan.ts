import { ForbiddenError, ValidationError, text } from '../../shared/domain/errors.ts';
import { planProblems, type PlanCreate } from '../../shared/domain/plans.ts';
import * as plans from '../../shared/data/plans.ts';
import { createOnce } from '../../shared/data/store.ts';
import { actorOf } from '../../shared/http/actor.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/plans`: an authority's creation plan for its region: phases with date ranges, targets. */
export const createPlan: RouteImpl<PlanCreate> = async (request) => {
  const { caller, body } = request;
  const regionCode = body.regionCode ?? caller.region;
  if (caller.role !== 'admin' && regionCode !== caller.region)
    throw new ForbiddenError(
      text(`民族工作部门只能为本地区（${caller.region}）制定规划。`, `An authority plans for its own region (${caller.region}).`),
    );
  const problems = planProblems(body);
  if (problems.length > 0)
    throw new ValidationError(problems, text('规划不符合以下规则，详见 errors。', 'The plan breaks these rules; see errors.'));
  const id = request.newId();
  const plan = await createOnce(
    () => plans.createPlan(mainStore(), { ...body, regionCode }, actorOf(request), request.now, id),
    () => plans.getPlan(mainStore(), id),
  );
  return { status: 201, body: plan, headers: { location: `/v1/plans/${plan.id}` } };
};
