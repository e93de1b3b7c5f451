import { handler as admin } from '../../functions/admin/handler.ts';
import { handler as campaigns } from '../../functions/campaigns/handler.ts';
import { handler as clients } from '../../functions/clients/handler.ts';
import { handler as finance } from '../../functions/finance/handler.ts';
import { handler as frameworks } from '../../functions/frameworks/handler.ts';
import { handler as instructors } from '../../functions/instructors/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as plans } from '../../functions/plans/handler.ts';
import { handler as platform } from '../../functions/platform/handler.ts';
import { handler as registry } from '../../functions/registry/handler.ts';
import { handler as units } from '../../functions/units/handler.ts';
import { handler as webhooks } from '../../functions/webhooks/handler.ts';
import { routeKey, routes, type RouteDef } from '../../shared/topology.ts';
import { httpEvent, lambdaContext, type Answer, type HttpRequest } from './events.ts';
import { onTarget } from './target.ts';

/** The handler of every function that serves routes, by function name. */
export const httpHandlers = {
  admin,
  campaigns,
  clients,
  finance,
  frameworks,
  instructors,
  namings,
  plans,
  platform,
  registry,
  units,
  webhooks,
} as const;

/** A function that serves routes. */
export type HttpFunctionName = keyof typeof httpHandlers;

/** The topology route an event was matched to, if any. */
export function routeOfRequest(request: HttpRequest): RouteDef | undefined {
  const key = httpEvent(request).routeKey;
  return (routes as readonly RouteDef[]).find((route) => routeKey(route) === key);
}

/**
 * Calls the function that serves the request's route, as API Gateway would (a fresh context per call: the metering
 * middleware keys an invocation by its context). A request that matches no route goes to `platform`, which answers
 * unknown routes.
 */
export async function callApi(request: HttpRequest): Promise<Answer> {
  const fn = (routeOfRequest(request)?.fn ?? 'platform') as HttpFunctionName;
  return onTarget(request, () => httpHandlers[fn](httpEvent(request), lambdaContext(fn)));
}
