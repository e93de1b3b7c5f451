import * as z from 'zod';

/**
 * A schema built on its first use, once. Building zod schemas is most of a function's cold start, and a function
 * uses few of the schemas it imports: a request needs its own route's, answers' schemas only document the API,
 * and the daily sweep validates none. Composite schemas (objects, unions) are declared through this; scalars stay
 * plain. `.unwrap()` gives the built schema, e.g. to extend it.
 */
export function lazySchema<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  let built: T | undefined;
  return z.lazy(() => (built ??= build()));
}
