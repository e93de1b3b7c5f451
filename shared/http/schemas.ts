import * as z from 'zod';
import { lazySchema } from '../domain/schema.ts';

/** Page size of a list: 1–100, 20 when absent. */
export const limit = lazySchema(() => z.coerce.number().int().min(1).max(100).default(20));

/** Opaque cursor from the previous page. */
export const cursor = lazySchema(() => z.string().max(2048).optional());

/** A cursor-paginated list: `cursor` is absent on the last page. */
export function listOf<T extends z.ZodType>(item: T) {
  return lazySchema(() => z.object({ items: z.array(item), cursor: z.string().optional() }));
}

/** The query of a route that takes only a page: `limit` and `cursor`. */
export const pageQuery = lazySchema(() => z.strictObject({ limit, cursor }));
