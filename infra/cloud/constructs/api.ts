import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  FeaturePlan,
  LambdaVersion,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  UserPoolOperation,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  defaultRouteFn,
  functions as functionDefs,
  routes,
  type FunctionDef,
  type FunctionName,
  type RouteDef,
} from '../../../shared/topology.ts';
import { resourceServer } from '../../../shared/domain/clients.ts';

/** Where tokens come from: an external OIDC issuer, or (by default) a Cognito user pool made here. */
export interface ApiProps {
  functions: Record<FunctionName, LambdaFunction>;
  jwtIssuer?: string;
  jwtAudience?: string;
  corsOrigins: string[];
  /** The prefix of the user pool's domain, whose `/oauth2/token` machine clients get tokens from (unique in the region). */
  authDomainPrefix: string;
}

/** The user pool of the API, when the stack makes one (not with an external issuer). */
interface Pool {
  pool: UserPool;
  peopleClient: UserPoolClient;
}

/** The HTTP API: every route of the topology, a JWT authorizer on all but the public ones, and `$default` for the rest (404). */
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
    const issuer = props.jwtIssuer && props.jwtAudience ? props.jwtIssuer : undefined;
    const pool = issuer ? undefined : this.userPool(props);
    const authorizer = issuer
      ? new HttpJwtAuthorizer('jwt', issuer, { jwtAudience: [props.jwtAudience!] })
      : new HttpJwtAuthorizer('jwt', this.cognitoIssuer(pool!.pool), { jwtAudience: [pool!.peopleClient.userPoolClientId] });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationOf = (fn: FunctionName) => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn}-integration`, props.functions[fn]);
        integrations.set(fn, integration);
      }
      return integration;
    };
    for (const route of routes as readonly RouteDef[]) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationOf(route.fn),
        authorizer: route.auth === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
      if (route.auth === 'public') {
        Validations.of(added!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.id} is public by design (shared/topology.ts): ${route.summary}`,
        });
      }
    }
    // Any other method and path: a problem+json 404 from the platform function, not API Gateway's {"message":"Not Found"}.
    const fallback = new HttpRoute(this, 'default-route', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrationOf(defaultRouteFn),
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route answers unknown routes with a 404 problem and serves nothing else.',
    });
    new CfnOutput(this, 'url', { value: this.httpApi.apiEndpoint, description: 'Shifan API base URL' });
    this.machineClients(props, authorizer, pool);
  }

  /**
   * The functions that register machine clients (topology: `registersClients`) may create app clients in this pool
   * and rewrite this authorizer's audience, nothing else. Cognito access tokens carry no `aud`, so API Gateway matches
   * their `client_id` against the audience: each registration adds its client there (shared/auth/machine-clients.ts).
   */
  private machineClients(props: ApiProps, authorizer: HttpJwtAuthorizer, pool: Pool | undefined): void {
    const stack = Stack.of(this);
    for (const [name, def] of Object.entries(functionDefs) as [FunctionName, FunctionDef][]) {
      if (!def.registersClients) continue;
      const fn = props.functions[name];
      fn.addEnvironment('JWT_ISSUER', pool ? this.cognitoIssuer(pool.pool) : props.jwtIssuer!);
      if (!pool) continue;
      fn.addEnvironment('USER_POOL_ID', pool.pool.userPoolId);
      fn.addEnvironment('PEOPLE_CLIENT_ID', pool.peopleClient.userPoolClientId);
      fn.addEnvironment('API_ID', this.httpApi.apiId);
      fn.addEnvironment('AUTHORIZER_ID', authorizer.authorizerId);
      fn.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:CreateUserPoolClient'], resources: [pool.pool.userPoolArn] }));
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['apigateway:PATCH'],
          resources: [
            `arn:${stack.partition}:apigateway:${stack.region}::/apis/${this.httpApi.apiId}/authorizers/${authorizer.authorizerId}`,
          ],
        }),
      );
    }
  }

  private cognitoIssuer(pool: UserPool): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${pool.userPoolId}`;
  }

  /**
   * The Cognito user pool: people (custom attributes `role`, `agencyId`, `region`, MFA) and machine clients (the
   * resource server's scope, the token endpoint of its domain, and the V3_0 pre token generation trigger that gives
   * a client-credentials access token its agency's claims: V3_0 is the version Cognito calls for M2M grants, and it
   * needs the Essentials or Plus feature plan).
   */
  private userPool(props: ApiProps): Pool {
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
    const peopleClient = pool.addClient('api-client', { authFlows: { userSrp: true } });
    pool.addResourceServer('api-resource-server', {
      identifier: resourceServer.identifier,
      userPoolResourceServerName: 'Shifan API',
      scopes: [new ResourceServerScope({ scopeName: resourceServer.scope, scopeDescription: resourceServer.scopeDescription })],
    });
    const domain = pool.addDomain('token-domain', { cognitoDomain: { domainPrefix: props.authDomainPrefix } });
    pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, props.functions['token-claims'], LambdaVersion.V3_0);
    new CfnOutput(this, 'user-pool', { value: pool.userPoolId });
    new CfnOutput(this, 'token-endpoint', {
      value: `${domain.baseUrl()}/oauth2/token`,
      description: 'Machine clients: client credentials',
    });
    return { pool, peopleClient };
  }
}
