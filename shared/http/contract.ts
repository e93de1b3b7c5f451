import type * as z from 'zod';
import type { FunctionName, routes } from '../topology.ts';

/** What a route accepts and answers: the zod schemas that validate its requests and document it in OpenAPI. */
export interface RouteSchemas {
  /** Path parameters whose ids are not plain tokens; read at every request, so a plain object, not lazy. */
  params?: z.ZodObject;
  /** An object schema (usually lazy: `lazySchema`). */
  query?: z.ZodType<Record<string, unknown>>;
  body?: z.ZodType;
  response?: z.ZodType;
}

/** The ids of the routes a function serves. */
export type RouteIdOf<F extends FunctionName> = Extract<(typeof routes)[number], { fn: F }>['id'];

/** A function's contract: the schemas of each of its routes, by route id — every route of the function, no other. */
export type Contract<F extends FunctionName> = Record<RouteIdOf<F>, RouteSchemas>;
