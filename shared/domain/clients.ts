import * as z from 'zod';
import { lazySchema } from './schema.ts';

/** The Cognito resource server of the API (its identifier prefixes every scope) and the scope a machine client gets. */
export const resourceServer = { identifier: 'shifan', scope: 'api', scopeDescription: 'Call the Shifan API as an agency' } as const;

/** The scopes a machine client is given and asks for at the token endpoint, e.g. `shifan/api`. */
export const machineScopes: readonly string[] = [`${resourceServer.identifier}/${resourceServer.scope}`];

/** Body of `POST /v1/admin/clients`: the agency whose system the client is, and what it is for. */
export const clientCreate = lazySchema(() =>
  z.strictObject({
    agencyId: z.string().min(1).max(100).describe('An agency of the authority directory'),
    description: z.string().trim().min(1).max(200).describe("What the client is, e.g. the agency's case system"),
  }),
);
/** A client registration as requested. */
export type ClientCreate = z.infer<typeof clientCreate>;

/** A registered machine client: which agency it acts for (the secret is never stored here). */
export interface MachineClient {
  clientId: string;
  agencyId: string;
  description: string;
  scopes: string[];
  createdAt: string;
}

/** A registered machine client as the API answers it: never its secret. */
export const machineClient = lazySchema(() =>
  z.object({ clientId: z.string(), agencyId: z.string(), description: z.string(), scopes: z.array(z.string()), createdAt: z.string() }),
);

/** The answer to a registration: the client and its secret, shown this once. */
export const clientCreated = lazySchema(() =>
  machineClient.unwrap().extend({ clientSecret: z.string().describe('Shown once: it is never answered again') }),
);

/** The claims a machine client's access token carries: it acts as its agency's authority, in the agency's region. */
export interface MachineClaims {
  role: 'authority';
  agencyId: string;
  region: string;
}

/** The claims of a client acting for an agency of a region. */
export function machineClaims(client: Pick<MachineClient, 'agencyId'>, regionCode: string): MachineClaims {
  return { role: 'authority', agencyId: client.agencyId, region: regionCode };
}

/** The part of a Cognito pre token generation event (V2_0/V3_0) the trigger reads. */
export interface TokenGenerationEvent {
  version: string;
  triggerSource: string;
  callerContext: { clientId: string };
  request: { scopes?: string[] };
  response: Record<string, unknown>;
}

/** A client-credentials grant: no user, a machine client asks for an access token with its secret. */
export function isClientCredentials(event: Pick<TokenGenerationEvent, 'triggerSource'>): boolean {
  return event.triggerSource === 'TokenGeneration_ClientCredentials';
}

/**
 * The trigger's answer: a machine client's access token gets its agency's claims; people's tokens are left as Cognito
 * makes them (their ID token carries `custom:role`, `custom:agencyId`, `custom:region`, read as before).
 */
export function withTokenClaims<E extends TokenGenerationEvent>(event: E, claims: MachineClaims | undefined): E {
  if (!claims) return event;
  return {
    ...event,
    response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { ...claims } } } },
  };
}
