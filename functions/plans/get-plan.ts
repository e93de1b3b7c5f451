import type { RouteImpl } from '../../shared/http/handler.ts';
import { readPlan } from './read-plan.ts';

/** `GET /v1/plans/{id}`. */
export const getPlan: RouteImpl = async (request) => ({ body: await readPlan(request.caller, request.params.id!) });
