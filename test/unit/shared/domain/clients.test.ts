import { describe, expect, it } from 'vitest';
import { isClientCredentials, machineClaims, withTokenClaims } from '../../../../shared/domain/clients.ts';
import { callerFromClaims } from '../../../../shared/http/caller.ts';

/** A V3_0 pre token generation event of a client-credentials grant, in the shape the Cognito developer guide shows. */
const clientCredentialsEvent = {
  version: '3',
  triggerSource: 'TokenGeneration_ClientCredentials',
  region: 'us-east-1',
  userPoolId: 'us-east-1_EXAMPLE',
  userName: null,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
  request: { userAttributes: {}, groupConfiguration: null, scopes: ['shifan/api'] },
  response: { claimsAndScopeOverrideDetails: null },
};

/** The same trigger for a person signing in. */
const signInEvent = {
  ...clientCredentialsEvent,
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  userName: 'officer@example.cn',
  request: {
    userAttributes: { 'custom:role': 'authority', 'custom:agencyId': 'hubei-ethnic-affairs', 'custom:region': '420000' },
    scopes: ['openid'],
  },
};

describe('Domain: machine client claims', () => {
  describe('Function: withTokenClaims', () => {
    it("adds the agency's role, agencyId and region to a client-credentials access token only", () => {
      // Prepare
      const claims = machineClaims({ agencyId: 'wuhan-ethnic-affairs' }, '420100');

      // Act
      const answered = withTokenClaims(clientCredentialsEvent, claims);

      // Assess
      expect(isClientCredentials(clientCredentialsEvent)).toBe(true);
      expect(answered.response).toEqual({
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: { role: 'authority', agencyId: 'wuhan-ethnic-affairs', region: '420100' } },
        },
      });
      expect(answered.callerContext).toEqual(clientCredentialsEvent.callerContext);
    });

    it("leaves a person's tokens as Cognito makes them", () => {
      expect(isClientCredentials(signInEvent)).toBe(false);
      expect(withTokenClaims(signInEvent, undefined)).toBe(signInEvent);
    });

    it('gives a machine token the same caller a person of the agency has, with the client id as sub', () => {
      // Cognito's client-credentials access token: sub and client_id are the app client's id, no aud.
      const { claimsToAddOrOverride } = (
        withTokenClaims(clientCredentialsEvent, machineClaims({ agencyId: 'wuhan-ethnic-affairs' }, '420100')).response as any
      ).claimsAndScopeOverrideDetails.accessTokenGeneration;
      const token = {
        sub: '1example23456789',
        client_id: '1example23456789',
        scope: 'shifan/api',
        token_use: 'access',
        ...claimsToAddOrOverride,
      };

      expect(callerFromClaims(token)).toEqual({
        sub: '1example23456789',
        role: 'authority',
        agencyId: 'wuhan-ethnic-affairs',
        region: '420100',
      });
    });
  });
});
