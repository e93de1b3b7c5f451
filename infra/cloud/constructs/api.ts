import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FeaturePlan, Mfa, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { routes, type FunctionName, type RouteDef } from '../../../shared/topology.ts';

/** Where tokens come from: an external OIDC issuer, or (by default) a Cognito user pool made here. */
export interface ApiProps {
  functions: Record<FunctionName, IFunction>;
  jwtIssuer?: string;
  jwtAudience?: string;
  corsOrigins: string[];
}

/** The HTTP API: every route of the topology, a JWT authorizer on all but the public ones. */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'http', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id'],
        exposeHeaders: ['etag', 'location', 'x-request-id'],
      },
    });
    // JSON access logs with request id, route, status, latency and the caller's agency.
    const accessLogs = new LogGroup(this, 'access-logs', { retention: RetentionDays.ONE_YEAR });
    this.httpApi.addStage('default', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            agency: '$context.authorizer.claims.agencyId',
            ip: '$context.identity.sourceIp',
          }),
        ),
      },
    });
    const authorizer = this.authorizer(props);
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes as readonly RouteDef[]) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}-integration`, props.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
      if (route.auth === 'public') {
        Validations.of(added!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.id} is public by design (shared/topology.ts): ${route.summary}`,
        });
      }
    }
    new CfnOutput(this, 'url', { value: this.httpApi.apiEndpoint, description: 'Shifan API base URL' });
  }

  private authorizer(props: ApiProps): IHttpRouteAuthorizer {
    if (props.jwtIssuer && props.jwtAudience) {
      return new HttpJwtAuthorizer('jwt', props.jwtIssuer, { jwtAudience: [props.jwtAudience] });
    }
    const pool = new UserPool(this, 'users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      customAttributes: {
        role: new StringAttribute({ mutable: true }),
        agencyId: new StringAttribute({ mutable: true }),
        region: new StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
      },
    });
    Validations.of(pool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'The Plus plan (threat protection) costs per active user; agencies that want it set it per deployment.',
    });
    const client: UserPoolClient = pool.addClient('api-client', { authFlows: { userSrp: true } });
    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${pool.userPoolId}`;
    new CfnOutput(this, 'user-pool', { value: pool.userPoolId });
    return new HttpJwtAuthorizer('jwt', issuer, { jwtAudience: [client.userPoolClientId] });
  }
}
