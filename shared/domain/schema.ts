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

/** Page size of a list: 1–100, 20 when absent. */
export const limit = lazySchema(() => z.coerce.number().int().min(1).max(100).default(20));

/** Opaque cursor from the previous page. */
export const cursor = lazySchema(() => z.string().max(2048).optional());

/** A cursor-paginated list: `cursor` is absent on the last page. */
export function listOf<T extends z.ZodType>(item: T) {
  return lazySchema(() => z.object({ items: z.array(item), cursor: z.string().optional() }));
}

/** A list of every item, without pages: `{ items }`. */
export function allOf<T extends z.ZodType>(item: T) {
  return lazySchema(() => z.object({ items: z.array(item) }));
}

/** The query of a route that takes only a page: `limit` and `cursor`. */
export const pageQuery = lazySchema(() => z.strictObject({ limit, cursor }));
