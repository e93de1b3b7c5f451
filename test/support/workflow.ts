import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Context } from 'aws-lambda';
import { handler as campaigns } from '../../functions/campaigns/handler.ts';
import { handler as frameworks } from '../../functions/frameworks/handler.ts';
import { handler as units } from '../../functions/units/handler.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { fullSheet } from '../../infra/local/demo-campaign.ts';
import { addDays } from '../../shared/domain/time.ts';
import type { Unit, UnitCreate } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { FunctionName } from '../../shared/topology.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/handler.ts';
import { httpEvent, lambdaContext, type Answer, type HttpRequest } from './events.ts';
import { onTarget } from './target.ts';

/*
 * Building blocks of the proofs (test/proof): calling an HTTP function as Lambda does, reading its refusals, and the
 * least a submission needs — a framework, an open campaign and a unit — made through the API.
 */

type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Calls an HTTP function with a fresh context per call (the metering middleware keys an invocation by it). */
export const via =
  (fn: HttpHandler, name: FunctionName) =>
  (request: HttpRequest): Promise<Answer> =>
    onTarget(request, () => fn(httpEvent(request), lambdaContext(name)));

export const callUnits = via(units, 'units');
export const callCampaigns = via(campaigns, 'campaigns');
export const callFrameworks = via(frameworks, 'frameworks');

/** A refusal as RFC 9457 describes it, of this status and (when given) this problem type. */
export function expectProblem(answer: Answer, status: number, type?: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  if (type) expect(answer.body.type).toMatch(new RegExp(`^https?://[^/]+/problems/${type}$`));
}

/** The JSON pointers of a 422's field problems, sorted. */
export const pointersOf = (answer: Answer): string[] => (answer.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();

/** `If-Match` for a version. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

const benchmarks = { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 };

/** A complete self-assessment of the demo framework for a community. */
export const communitySheet = () => fullSheet(demoFramework, 'community', benchmarks);

/** A campaign body with a test's changes, dates merged one by one. */
function withOverrides(base: Record<string, unknown> & { dates: Record<string, unknown> }, overrides: CampaignOverrides) {
  return { ...base, ...overrides, dates: { ...base.dates, ...overrides.dates } };
}

/** What a test changes of the campaign `openCampaign` makes: any field, and any of its dates. */
export type CampaignOverrides = Record<string, unknown> & { dates?: Record<string, unknown> };

/**
 * A naming campaign of an authority (a city's by default), open for applications today, on a framework of its own;
 * `overrides` change any field (level and region for another authority, windows …).
 */
export async function openCampaign(city: Caller, today: string, tag: string, overrides: CampaignOverrides = {}): Promise<string> {
  const framework = await callFrameworks({
    method: 'POST',
    path: '/v1/frameworks',
    claims: city,
    body: { ...demoFramework, version: `proof-${tag}-${randomUUID().slice(0, 6)}` },
  });
  expect(framework.status, JSON.stringify(framework.body)).toBe(201);
  const campaign = await callCampaigns({
    method: 'POST',
    path: '/v1/campaigns',
    claims: city,
    body: withOverrides(
      {
        name: `示范单位命名（证明 ${tag}）`,
        kind: 'naming',
        level: 'city',
        frameworkId: framework.body.id,
        rounds: [
          { name: 'document', weight: 0.4 },
          { name: 'on-site', weight: 0.6 },
        ],
        passMark: 60,
        quota: 3,
        grassrootsShare: 0.5,
        benchmarks,
        dates: {
          applicationsOpen: addDays(today, -10),
          applicationsClose: addDays(today, 20),
          documentReview: { from: addDays(today, 21), to: addDays(today, 30) },
          onSiteReview: { from: addDays(today, 31), to: addDays(today, 40) },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 5,
        },
      },
      overrides,
    ),
  });
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  return campaign.body.id as string;
}

/** What `POST /v1/units` takes for a community of a county, with one contact. */
export function unitBody(name: string, regionCode: string, email: string): UnitCreate {
  return { name, type: 'community', regionCode, zone: false, contacts: [{ name: '李明', email }] };
}

/** Registers a community through the API. */
export async function newUnit(
  caller: Caller,
  name: string,
  regionCode: string,
  email = `proof-${randomUUID().slice(0, 8)}@example.cn`,
): Promise<Unit> {
  const created = await callUnits({ method: 'POST', path: '/v1/units', claims: caller, body: unitBody(name, regionCode, email) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Unit;
}
