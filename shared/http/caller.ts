import * as z from 'zod';
import { roles, type Role } from '../topology.ts';
import { covers } from '../domain/regions.ts';
import { ForbiddenError, text } from '../domain/errors.ts';

/** The claims a Shifan token carries; Cognito's `custom:` prefix is accepted for the same names. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  agencyId: z.string().min(1),
  region: z.string().regex(/^\d{6}$/),
});

/** Who is calling: from the JWT the authorizer verified. */
export type Caller = z.infer<typeof claimsSchema>;

/** Reads the caller from verified JWT claims; a token without usable claims is refused with 403. */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller {
  const pick = (name: string) => claims?.[name] ?? claims?.[`custom:${name}`];
  const parsed = claimsSchema.safeParse({ sub: pick('sub'), role: pick('role'), agencyId: pick('agencyId'), region: pick('region') });
  if (!parsed.success)
    throw new ForbiddenError(
      text('令牌缺少 sub、role、agencyId 和 region 声明。', 'The token lacks the claims sub, role, agencyId and region.'),
    );
  return parsed.data;
}

/** Whether the caller's region scope covers a region code; admins cover the country. */
export function inScope(caller: Caller, regionCode: string): boolean {
  return caller.role === 'admin' || covers(caller.region, regionCode);
}

/** Refuses a caller whose role is not among `allowed`. */
export function requireRole(caller: Caller, allowed: readonly Role[]): void {
  if (!allowed.includes(caller.role))
    throw new ForbiddenError(text(`此操作需要以下角色：${allowed.join(' 或 ')}。`, `This needs the role ${allowed.join(' or ')}.`));
}
