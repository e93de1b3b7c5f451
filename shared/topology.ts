import { regionSchema, regionListQuery } from './domain/regions.ts';
import { unitCreate, unitPatch, unitSchema, unitListQuery } from './domain/units.ts';
import { listOf } from './http/schemas.ts';
import { costQuery, costReport } from './domain/costs.ts';
import { forecastQuery } from './domain/forecast.ts';
import { frameworkCreate, frameworkSchema } from './domain/frameworks.ts';
import { scoreRequest } from './domain/scoring.ts';
import { cursor, limit } from './http/schemas.ts';
import { z } from 'zod';
import { importBody } from './domain/namings.ts';
import { mailEvent } from './notices/mail-events.ts';
import { recheckCreate, recheckOutcome } from './domain/rechecks.ts';
import { eligibleQuery, registryEntry, registryQuery, revokeBody } from './domain/registry.ts';

/** The roles a bearer token can carry (claim `role`). */
export const roles = ['unit', 'authority', 'reviewer', 'finance', 'admin'] as const;
/** A caller's role. */
export type Role = (typeof roles)[number];

/** Tables a function may touch, and how. */
export type TableAccess = 'read' | 'readwrite';

/** One Lambda function: where its code is and what it may touch (least privilege is derived from this). */
export interface FunctionDef {
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  tables: Partial<Record<'main' | 'usage', TableAccess>>;
  queues?: { send?: readonly QueueName[]; manage?: readonly QueueName[] };
  bucket?: 'read' | 'readwrite';
  sendsEmail?: boolean;
}

/** One HTTP route: method and path as API Gateway spells them, the function that serves it, who may call it. */
export interface RouteDef {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/${string}`;
  fn: FunctionName;
  /** Roles allowed; `public` routes skip the JWT authorizer. */
  auth: 'public' | readonly Role[];
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Status of a successful answer. */
  status?: 200 | 201 | 202 | 204;
  /** Content types of a successful answer other than JSON. */
  produces?: readonly string[];
  /** Creates accept `Idempotency-Key`. */
  idempotent?: boolean;
  /** Updates require `If-Match`. */
  conditional?: boolean;
}

/** A schedule: cron (EventBridge Scheduler syntax without seconds) in a time zone, invoking a function. */
export interface ScheduleDef {
  name: string;
  fn: FunctionName;
  cron: string;
  timeZone: 'Asia/Shanghai';
  description: string;
}

/** A queue with its dead-letter queue and the function that consumes it. */
export interface QueueDef {
  name: string;
  consumer: FunctionName;
  batchSize: number;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

const bothTables = { main: 'readwrite', usage: 'readwrite' } as const;

/** Every function, per bounded context. */
export const functions = {
  platform: {
    entry: 'functions/platform/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    description: 'Health, OpenAPI document, reference page, unknown routes',
    tables: { main: 'read', usage: 'readwrite' },
  },
  units: {
    entry: 'functions/units/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    description: 'Units and the region directory',
    tables: bothTables,
  },
  frameworks: {
    entry: 'functions/frameworks/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    description: 'Indicator frameworks and the score preview',
    tables: bothTables,
  },
  namings: {
    entry: 'functions/namings/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Namings: import, read, revoke, eligibility',
    tables: bothTables,
    queues: { send: ['notices'] },
  },
  registry: {
    entry: 'functions/registry/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    description: 'The public registry of namings (no sign-in)',
    tables: { main: 'read', usage: 'readwrite' },
  },
  finance: {
    entry: 'functions/finance/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 29,
    description: 'Cost reports per agency, operation, day and month; the yearly forecast',
    tables: { main: 'read', usage: 'readwrite' },
  },
  'agenda-sweep': {
    entry: 'functions/agenda-sweep/handler.ts',
    memoryMb: 512,
    timeoutSeconds: 300,
    description: 'Daily sweep of everything due: queues notices, makes time-driven moves',
    tables: bothTables,
    queues: { send: ['notices'] },
  },
  'mail-events': {
    entry: 'functions/mail-events/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'SES bounces and complaints: suppresses the addresses',
    tables: bothTables,
  },
  admin: {
    entry: 'functions/admin/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 29,
    description: 'Administration: mail events by hand, the notices dead-letter queue',
    tables: bothTables,
    queues: { send: ['notices'], manage: ['notices'] },
  },
  notifier: {
    entry: 'functions/notifier/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'Sends queued notices by email, each exactly once',
    tables: bothTables,
    sendsEmail: true,
  },
} as const satisfies Record<string, FunctionDef>;

/** A function's name. */
export type FunctionName = keyof typeof functions;

/** Every HTTP route. Neither the CDK app nor the local host declares routes anywhere else. */
export const routes = [
  { id: 'health', method: 'GET', path: '/health', fn: 'platform', auth: 'public', summary: 'Reports each dependency' },
  { id: 'openapi', method: 'GET', path: '/v1/openapi.json', fn: 'platform', auth: 'public', summary: 'This API as OpenAPI 3.1' },
  { id: 'docs', method: 'GET', path: '/docs', fn: 'platform', auth: 'public', summary: 'Reference page', produces: ['text/html'] },
  {
    id: 'createUnit', method: 'POST', path: '/v1/units', fn: 'units', auth: ['authority', 'admin'],
    summary: 'Registers a unit or zone', body: unitCreate, response: unitSchema, status: 201, idempotent: true,
  },
  {
    id: 'listUnits', method: 'GET', path: '/v1/units', fn: 'units', auth: ['authority', 'admin'],
    summary: 'Lists units in a region (by the region index), optionally of one type', query: unitListQuery,
    response: listOf(unitSchema),
  },
  {
    id: 'getUnit', method: 'GET', path: '/v1/units/{id}', fn: 'units', auth: ['unit', 'authority', 'admin'],
    summary: 'Reads a unit', response: unitSchema,
  },
  {
    id: 'updateUnit', method: 'PATCH', path: '/v1/units/{id}', fn: 'units', auth: ['unit', 'authority', 'admin'],
    summary: 'Changes a unit (merge patch; a unit user may change only its contacts)', body: unitPatch,
    response: unitSchema, conditional: true,
  },
  {
    id: 'listRegions', method: 'GET', path: '/v1/regions', fn: 'units', auth: ['unit', 'authority', 'reviewer', 'finance', 'admin'],
    summary: 'Lists the regions directly under a parent (GB/T 2260)', query: regionListQuery, response: listOf(regionSchema),
  },
  {
    id: 'getRegion', method: 'GET', path: '/v1/regions/{code}', fn: 'units', auth: ['unit', 'authority', 'reviewer', 'finance', 'admin'],
    summary: 'Reads one region of the national directory', response: regionSchema,
  },
  {
    id: 'createFramework', method: 'POST', path: '/v1/frameworks', fn: 'frameworks', auth: ['authority', 'admin'],
    summary: 'Creates a framework version (frameworks never change; a change is a new version)', body: frameworkCreate,
    response: frameworkSchema, status: 201, idempotent: true,
  },
  {
    id: 'listFrameworks', method: 'GET', path: '/v1/frameworks', fn: 'frameworks', auth: roles,
    summary: 'Lists frameworks, newest first', query: z.strictObject({ limit, cursor }), response: listOf(frameworkSchema),
  },
  {
    id: 'getFramework', method: 'GET', path: '/v1/frameworks/{id}', fn: 'frameworks', auth: roles,
    summary: 'Reads a framework', response: frameworkSchema,
  },
  {
    id: 'scoreFramework', method: 'POST', path: '/v1/frameworks/{id}/score', fn: 'frameworks', auth: roles,
    summary: 'Scores hypothetical sheets against a framework and returns the full breakdown; stores nothing', body: scoreRequest,
  },
  {
    id: 'importNamings', method: 'POST', path: '/v1/namings/import', fn: 'namings', auth: ['authority', 'admin'],
    summary: 'Imports namings that predate Shifan; each row is validated and stored on its own', body: importBody,
  },
  {
    id: 'listEligibleNamings', method: 'GET', path: '/v1/namings/eligible', fn: 'namings', auth: ['authority', 'admin'],
    summary: 'Active namings at or above a level in a region: who is eligible to become a model collective', query: eligibleQuery,
  },
  {
    id: 'getNaming', method: 'GET', path: '/v1/namings/{id}', fn: 'namings', auth: ['unit', 'authority', 'admin'],
    summary: 'Reads a naming, with the status it shows today',
  },
  {
    id: 'revokeNaming', method: 'POST', path: '/v1/namings/{id}/revoke', fn: 'namings', auth: ['authority', 'admin'],
    summary: 'Revokes an active naming with a reason; reminders stop and the unit is notified', body: revokeBody,
  },
  {
    id: 'listNamingNotices', method: 'GET', path: '/v1/namings/{id}/notices', fn: 'namings', auth: ['unit', 'authority', 'admin'],
    summary: 'The notices about a naming: id, kind, recipients, status (sent, suppressed, failed), time, provider message id',
  },
  {
    id: 'createRecheck', method: 'POST', path: '/v1/namings/{id}/rechecks', fn: 'namings', auth: ['authority', 'admin'],
    summary: 'Schedules a recheck (复检复验), a mutual inspection (互观互检, paired with another named unit) or a look-back (回头看)',
    body: recheckCreate, status: 201,
  },
  {
    id: 'listRechecks', method: 'GET', path: '/v1/namings/{id}/rechecks', fn: 'namings', auth: ['unit', 'authority', 'admin'],
    summary: "A naming's rechecks with their outcomes",
  },
  {
    id: 'recordRecheckOutcome', method: 'POST', path: '/v1/namings/{id}/rechecks/{recheckId}/outcome', fn: 'namings', auth: ['authority', 'admin'],
    summary: 'Records the outcome once: pass, rectify by a date (then tracked like the recheck), or revoke the naming', body: recheckOutcome,
  },
  {
    id: 'postMailEvent', method: 'POST', path: '/v1/admin/mail-events', fn: 'admin', auth: ['admin'],
    summary: 'Injects an SES bounce or complaint event (the shape the cloud receives through SNS); hard bounces and complaints suppress the address',
    body: mailEvent, status: 202,
  },
  {
    id: 'listDeadLetters', method: 'GET', path: '/v1/admin/notices/dead-letters', fn: 'admin', auth: ['admin'],
    summary: 'Notices that failed maxReceiveCount times (left in the DLQ)',
  },
  {
    id: 'redriveNotices', method: 'POST', path: '/v1/admin/notices/redrive', fn: 'admin', auth: ['admin'],
    summary: 'Moves every notice in the DLQ back to the notices queue', status: 202,
  },
  {
    id: 'listRegistry', method: 'GET', path: '/v1/registry', fn: 'registry', auth: 'public',
    summary: 'Who is named in a region and until when; revoked and expired entries stay visible', query: registryQuery, response: listOf(registryEntry),
  },
  {
    id: 'getRegistryEntry', method: 'GET', path: '/v1/registry/{certificateNo}', fn: 'registry', auth: 'public',
    summary: 'One naming by its certificate number', response: registryEntry,
    params: z.object({ certificateNo: z.string().min(1).max(300) }),
  },
  {
    id: 'getCosts', method: 'GET', path: '/v1/finance/costs', fn: 'finance', auth: ['finance', 'admin', 'authority'],
    summary: 'What requests and jobs cost, grouped by agency, operation, day or month (Accept: text/csv for CSV); an authority sees its own agency',
    query: costQuery, response: costReport, produces: ['application/json', 'text/csv'],
  },
  {
    id: 'getForecast', method: 'GET', path: '/v1/finance/forecast', fn: 'finance', auth: ['finance', 'admin'],
    summary: "A year's cost at a number of units and submissions, from the last 90 days' per-operation medians",
    query: forecastQuery,
  },
] as const satisfies readonly RouteDef[];

/** A route's id. */
export type RouteId = (typeof routes)[number]['id'];

/** Every schedule. */
export const schedules = [
  {
    name: 'agenda-sweep', fn: 'agenda-sweep', cron: '0 8 * * ? *', timeZone: 'Asia/Shanghai',
    description: 'Every day at 08:00 China time',
  },
] as const satisfies readonly ScheduleDef[];

/** Every queue; each has a dead-letter queue named `<name>-dlq`. */
export const queues = [
  { name: 'notices', consumer: 'notifier', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
  { name: 'mail-events', consumer: 'mail-events', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
] as const satisfies readonly QueueDef[];

/** A queue's name. */
export type QueueName = 'notices' | 'mail-events';

/** The environment variable that carries a queue's URL (its DLQ's with `dlq`), e.g. `QUEUE_NOTICES_URL`. */
export function queueUrlVariable(name: QueueName, dlq = false): string {
  return `QUEUE_${name.toUpperCase().replaceAll('-', '_')}${dlq ? '_DLQ' : ''}_URL`;
}

/** The routes one function serves. */
export function routesOf(fn: FunctionName): readonly RouteDef[] {
  return (routes as readonly RouteDef[]).filter((r) => r.fn === fn);
}

/** API Gateway's route key, e.g. `GET /v1/units/{id}`. */
export function routeKey(route: Pick<RouteDef, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
