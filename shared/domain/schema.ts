import * as z from 'zod';

/**
 * A schema built on its first use, once. Building zod schemas was most of a function's cold start, and a function
 * uses few of the schemas it imports: a request needs its own route's, answers' schemas only document the API,
 * and the daily sweep validates none. Every schema of the domain and the contracts is declared through this, even
 * a scalar (zod compiles each kind of check on its first use); only the edge's own, which every invocation uses
 * (config, claims, path parameters, a job's input), are built at import. `.unwrap()` gives the built schema, e.g.
 * to extend it.
 */
export function lazySchema<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  let built: T | undefined;
  return z.lazy(() => (built ??= build()));
}
