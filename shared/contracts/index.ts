import * as z from 'zod';
import type { FunctionName, RouteDef } from '../topology.ts';
import type { RouteSchemas } from '../http/contract.ts';
import { adminContract } from './admin.ts';
import { campaignsContract } from './campaigns.ts';
import { clientsContract } from './clients.ts';
import { financeContract } from './finance.ts';
import { frameworksContract } from './frameworks.ts';
import { instructorsContract } from './instructors.ts';
import { namingsContract } from './namings.ts';
import { plansContract } from './plans.ts';
import { platformContract } from './platform.ts';
import { registryContract } from './registry.ts';
import { unitsContract } from './units.ts';
import { webhooksContract } from './webhooks.ts';

/**
 * Every function's contract (for the OpenAPI document and the tests). A function's own handler imports only its
 * own contract: importing this module builds the schemas of every route.
 */
const contracts: Partial<Record<FunctionName, Record<string, RouteSchemas>>> = {
  admin: adminContract,
  campaigns: campaignsContract,
  clients: clientsContract,
  finance: financeContract,
  frameworks: frameworksContract,
  instructors: instructorsContract,
  namings: namingsContract,
  plans: plansContract,
  platform: platformContract,
  registry: registryContract,
  units: unitsContract,
  webhooks: webhooksContract,
};

/** The schemas of a route. */
export function schemasOf(route: Pick<RouteDef, 'fn' | 'id'>): RouteSchemas {
  const schemas = contracts[route.fn]?.[route.id];
  if (!schemas) throw new Error(`No contract for route ${route.id} of function ${route.fn}`);
  return schemas;
}

/** The names a route's query takes (its query schema is an object, usually built on first use). */
export function queryFields(route: Pick<RouteDef, 'fn' | 'id'>): string[] {
  const query = schemasOf(route).query;
  const object = query instanceof z.ZodLazy ? query.unwrap() : query;
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}
