import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { contact, knownRegionCode, text } from './units.ts';

/** Body of `PUT /v1/authorities/{agencyId}`: an ethnic affairs department and whom to write to there. */
export const authorityPut = lazySchema(() => z.strictObject({
  name: text(100),
  regionCode: knownRegionCode.or(z.literal('000000')).describe('the region it is responsible for; 000000 for the national commission'),
  contacts: z.array(contact).min(1).max(5),
}));
/** An authority as submitted. */
export type AuthorityPut = z.infer<typeof authorityPut>;

/** An authority of the directory: its agency id (the `agencyId` of its tokens), name, region and contacts. */
export const authoritySchema = lazySchema(() => authorityPut.unwrap().extend({ agencyId: z.string(), version: z.number().int(), updatedAt: z.string() }));
/** An authority of the directory. */
export type Authority = z.infer<typeof authoritySchema>;

/** The line a notice gives for reaching an authority: its name and first contact. */
export function contactLine(authority: Authority | undefined, fallback: string): string {
  if (!authority) return fallback;
  const first = authority.contacts[0]!;
  return `${authority.name}（${first.name}，${[first.phone, first.email].filter(Boolean).join('，')}）`;
}
