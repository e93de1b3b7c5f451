import * as z from 'zod';
import type { FunctionName, routes } from '../topology.ts';

/** What a route accepts and answers: the zod schemas that validate its requests and document it in OpenAPI. */
export interface RouteSchemas {
  /** Path parameters whose ids are not plain tokens; read at every request, so a plain object, not lazy. */
  params?: z.ZodObject;
  /** An object schema (usually lazy: `lazySchema`). */
  query?: z.ZodType<Record<string, unknown>>;
  body?: z.ZodType;
  response?: z.ZodType;
  /**
   * Whether the answer carries the resource's version as `ETag` (If-Match then guards its changes); `optional`: only
   * when the resource is stored (a calendar answers for years never loaded too, which have no version); `target`: a
   * route that creates (201) but answers the version of the resource it acts on, which If-Match guards (an
   * assignment's submission, a progress report's task) — a plain create's ETag is of what it made.
   */
  etag?: boolean | 'optional' | 'target';
}

/** The ids of the routes a function serves. */
export type RouteIdOf<F extends FunctionName> = Extract<(typeof routes)[number], { fn: F }>['id'];

/** A function's contract: the schemas of each of its routes, by route id — every route of the function, no other. */
export type Contract<F extends FunctionName> = Record<RouteIdOf<F>, RouteSchemas>;

/**
 * Names a schema in the OpenAPI document: it is written once under `components.schemas` and referred to wherever it
 * is used. The schema itself is registered, not a copy, so that every schema built on it refers to the same name.
 */
export function named<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/**
 * `true` when a schema's output and a model's type are assignable both ways: `true satisfies Describes<typeof s, M>`
 * makes the type checker keep an answer's schema in step with the interface the route returns.
 */
export type Describes<S extends z.ZodType, Model> = [z.output<S>] extends [Model] ? ([Model] extends [z.output<S>] ? true : false) : false;
