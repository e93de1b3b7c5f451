import * as z from 'zod';
import { lazySchema } from '../domain/schema.ts';

/**
 * A notice on the `notices` queue: already rendered, with a deterministic id (`<subject>#<kind>#<milestone>`), so
 * that duplicates, retries and re-runs of the sweep send it once.
 */
export const noticeMessage = lazySchema(() =>
  z.object({
    id: z.string().min(3).max(512),
    to: z.array(z.email()).min(1).max(50),
    subject: z.string().min(1).max(998),
    text: z.string().min(1),
    html: z.string().optional(),
    agencyId: z.string().optional(),
    /** What the notice is about (`naming#<id>`), for its history. */
    about: z.string().max(200).optional(),
    /** What kind of notice (`expiry-30`, `revoked` …), for its history. */
    kind: z.string().max(50).optional(),
  }),
);

/** A rendered notice ready to send. */
export type NoticeMessage = z.infer<typeof noticeMessage>;
