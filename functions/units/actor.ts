import type { Actor } from '../../shared/data/audit.ts';
import type { RouteRequest } from '../../shared/http/handler.ts';

/** The audit actor of a request. */
export function actorOf(request: RouteRequest): Actor {
  const { sub, role, agencyId } = request.caller;
  return { sub, role, agencyId, requestId: request.requestId };
}
