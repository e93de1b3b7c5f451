import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/logger.ts';
import { isClientCredentials, machineClaims, withTokenClaims, type TokenGenerationEvent } from '../../shared/domain/clients.ts';
import { getAuthority } from '../../shared/data/authorities.ts';
import { getClient } from '../../shared/data/clients.ts';
import { metering } from '../../shared/metering/middleware.ts';
import { mainStore } from '../../shared/clients.ts';

/**
 * Cognito's pre token generation trigger (event V3_0): a machine client's access token gets its agency's `role`,
 * `agencyId` and `region`; a client no registration knows gets no token (Cognito refuses the grant when this throws).
 * People's tokens pass unchanged.
 */
export async function tokenClaims(event: TokenGenerationEvent): Promise<TokenGenerationEvent> {
  if (!isClientCredentials(event)) return event;
  const client = await getClient(mainStore(), event.callerContext.clientId);
  const authority = client && (await getAuthority(mainStore(), client.agencyId));
  if (!client || !authority) throw new Error(`No agency is registered for app client ${event.callerContext.clientId}.`);
  logger.info('Machine token', { clientId: client.clientId, agencyId: client.agencyId });
  return withTokenClaims(event, machineClaims(client, authority.regionCode));
}

/** The trigger as Lambda runs it. */
export const handler = middy<TokenGenerationEvent, TokenGenerationEvent, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(
    metering<TokenGenerationEvent, TokenGenerationEvent>({
      http: false,
      operation: () => 'token-claims',
      agencyId: () => 'platform',
    }),
  )
  .handler(tokenClaims);
