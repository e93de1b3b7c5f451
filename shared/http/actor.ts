import type { Actor } from '../data/audit.ts';
import type { RouteRequest } from './handler.ts';

/** The audit actor of a request. */
export function actorOf(request: RouteRequest): Actor {
  const { sub, role, agencyId } = request.caller;
  return { sub, role, agencyId, requestId: request.requestId };
}
