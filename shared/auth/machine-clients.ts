import { randomBytes } from 'node:crypto';
import { ApiGatewayV2Client, UpdateAuthorizerCommand } from '@aws-sdk/client-apigatewayv2';
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, text } from '../domain/errors.ts';

/** A new app client's credentials: the secret exists only in this answer. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Where machine clients are made and which of them the API's JWT authorizer accepts. */
export interface ClientDirectory {
  /** Makes an app client with a secret that may use the client-credentials grant for `scopes`. */
  create(name: string, scopes: readonly string[]): Promise<ClientCredentials>;
  /** Makes the authorizer accept exactly the people's app client and these machine clients (`client_id` of their tokens). */
  allow(clientIds: readonly string[]): Promise<void>;
}

/** The user pool, the HTTP API's JWT authorizer and the people's app client, as the stack made them. */
export interface CognitoDirectorySettings {
  region: string;
  userPoolId: string;
  apiId: string;
  authorizerId: string;
  issuer: string;
  peopleClientId: string;
}

/** Cognito's app client names take letters, digits, spaces and `+=,.@-` only, up to 128 characters. */
const clientName = (name: string) => name.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128);

/**
 * Machine clients as Cognito app clients, accepted by the API Gateway JWT authorizer through their `client_id`. Only
 * the `clients` function registers them, so no other function carries these two SDK clients.
 */
export function cognitoDirectory(settings: CognitoDirectorySettings): ClientDirectory {
  const { region } = settings;
  return {
    async create(name, scopes) {
      const { UserPoolClient } = await new CognitoIdentityProviderClient({ region }).send(
        new CreateUserPoolClientCommand({
          UserPoolId: settings.userPoolId,
          ClientName: clientName(name),
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: [...scopes],
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'ENABLED',
        }),
      );
      if (!UserPoolClient?.ClientId || !UserPoolClient.ClientSecret) throw new Error('Cognito made an app client without an id or secret.');
      return { clientId: UserPoolClient.ClientId, clientSecret: UserPoolClient.ClientSecret };
    },
    async allow(clientIds) {
      // Cognito access tokens have no `aud`: API Gateway then matches their `client_id` against this audience list.
      await new ApiGatewayV2Client({ region }).send(
        new UpdateAuthorizerCommand({
          ApiId: settings.apiId,
          AuthorizerId: settings.authorizerId,
          JwtConfiguration: { Issuer: settings.issuer, Audience: [...new Set([settings.peopleClientId, ...clientIds])] },
        }),
      );
    },
  };
}

/** The local host's directory: ids and secrets made here; its dev issuer signs any client's token (`npm run token -- --client`). */
export function localDirectory(): ClientDirectory {
  return {
    async create() {
      return { clientId: `local-${randomBytes(10).toString('hex')}`, clientSecret: randomBytes(32).toString('base64url') };
    },
    async allow() {},
  };
}

/** An external OIDC issuer's deployment (aws-cn): machine clients are registered with that issuer, not here (409). */
export function externalDirectory(issuer: string): ClientDirectory {
  const refuse = async (): Promise<never> => {
    throw new ConflictError(
      text(
        `机器客户端由外部身份提供方 ${issuer} 签发，请在该处登记。`,
        `Machine clients are registered with the external issuer ${issuer}: give them its client credentials (README, Machine clients).`,
      ),
    );
  };
  return { create: refuse, allow: refuse };
}
