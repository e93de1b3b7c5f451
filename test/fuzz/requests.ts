import { callerFromClaims, type Caller } from '../../shared/http/caller.ts';
import type { HttpEvent } from '../../shared/http/handler.ts';
import { roles, routeKey, routes, type RouteDef, type RouteId } from '../../shared/topology.ts';
import { httpHandlers, type HttpFunctionName } from '../support/api.ts';
import { httpEvent, lambdaContext, type HttpRequest } from '../support/events.ts';
import { routeRequests } from '../support/route-requests.ts';
import type { TableSnapshot } from '../support/table-snapshot.ts';
import type { ProvinceWorld, World } from '../support/world.ts';
import { realize, text, type ClaimsPlan, type Mutation, type RequestPlan } from './arbitraries.ts';
import { queryFields } from '../../shared/contracts/index.ts';

/*
 * How a plan becomes the event a handler receives: the route's well-formed request (test/support/route-requests.ts)
 * aimed at one province of the world, then the plan's claims and mutations applied to its path ids, query, body,
 * content type and headers.
 */

/** The world the fuzz aims at: its ids, the start keys of its partitions, and which of them each list takes as a cursor. */
export interface FuzzWorld {
  world: World;
  /** Every id, code and name of the world a path parameter can carry. */
  realIds: string[];
  /** One start key per partition of the table and its indexes: the keys a list's cursor carries. */
  startKeys: Record<string, string>[];
  /** The start keys each list accepts as its cursor, by `route|target`. */
  cursorTemplates: Map<string, Record<string, string>[]>;
}

/** Reads what the fuzz needs of a seeded world, asking every list once with each start key of the table. */
export async function fuzzWorld(world: World, snapshot: TableSnapshot): Promise<FuzzWorld> {
  const { hubei, hunan } = world;
  const realIds = [
    ...hubei.secrets.ids,
    ...hunan.secrets.ids,
    hubei.campaignId,
    hunan.campaignId,
    hubei.frameworkId,
    hunan.frameworkId,
    hubei.certificateNo,
    hunan.certificateNo,
    ...Object.values(hubei.agencies),
    ...Object.values(hunan.agencies),
    hubei.spec.county,
    hunan.spec.province,
    'document',
    'on-site',
    'me',
    '2026',
    '2099',
  ];
  const startKeys = startKeysOf(snapshot);
  const cursorTemplates = new Map<string, Record<string, string>[]>();
  for (const route of (routes as readonly RouteDef[]).filter((r) => queryFields(r).includes('cursor')))
    await findCursorTemplates(world, startKeys, route, cursorTemplates);
  return { world, realIds, startKeys, cursorTemplates };
}

const encodeKey = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A start key per partition: of the region index, the owner index, and an item collection of the table itself. */
function startKeysOf(snapshot: TableSnapshot): Record<string, string>[] {
  const byPartition = new Map<string, Record<string, string>>();
  for (const json of snapshot.values()) {
    const item = JSON.parse(json) as Record<string, unknown>;
    const [pk, sk] = [String(item.pk), String(item.sk)];
    if (typeof item.regionPk === 'string')
      byPartition.set(`r:${item.regionPk}`, { pk, sk, regionPk: item.regionPk, regionSk: String(item.regionSk) });
    if (typeof item.ownerPk === 'string')
      byPartition.set(`o:${item.ownerPk}`, { pk, sk, ownerPk: item.ownerPk, ownerSk: String(item.ownerSk) });
    byPartition.set(`t:${pk}`, { pk, sk });
  }
  return [...byPartition.values()];
}

/** Asks a list once with each start key, and keeps those it takes (2xx): the cursors it would give out. */
async function findCursorTemplates(
  world: World,
  startKeys: readonly Record<string, string>[],
  route: RouteDef,
  found: Map<string, Record<string, string>[]>,
): Promise<void> {
  for (const target of ['hubei', 'hunan'] as const) {
    const admitted = route.auth === 'public' ? roles : route.auth;
    const caller = admitted.includes('admin') ? world.admin : Object.values(world[target].callers).find((c) => admitted.includes(c.role))!;
    const base = await routeRequests[route.id as RouteId]({ target: world[target], world, caller, unique: 'cursor-probe' });
    const accepted: Record<string, string>[] = [];
    for (const key of startKeys) {
      const event = httpEvent({ ...base, query: { ...base.query, cursor: encodeKey(key) }, routeKey: routeKey(route) });
      const answer = await httpHandlers[route.fn as HttpFunctionName](event, lambdaContext(route.fn));
      if ((answer.statusCode ?? 200) < 300) accepted.push(key);
    }
    found.set(`${route.id}|${target}`, accepted);
  }
}

/** Every caller of the world: both provinces' and the admin. */
const everyone = (world: World): Caller[] => [...Object.values(world.hubei.callers), ...Object.values(world.hunan.callers), world.admin];

/** The claims a plan describes: none, another role's, or a caller's with one claim dropped, changed or prefixed. */
function claimsOf(world: World, plan: ClaimsPlan, route: RouteDef): Record<string, unknown> | undefined {
  const all = everyone(world);
  const allowed = all.filter((c) => route.auth !== 'public' && route.auth.includes(c.role));
  const base = (n: number): Record<string, unknown> => ({ ...all[n % all.length]! });
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'wrong-role': {
      const wrong = all.filter((c) => route.auth !== 'public' && !route.auth.includes(c.role));
      return wrong.length > 0 ? { ...wrong[plan.index % wrong.length]! } : undefined;
    }
    case 'drop': {
      const claims = base(plan.base);
      delete claims[plan.field];
      return claims;
    }
    case 'set':
      return { ...base(plan.base), [plan.field]: realize(plan.value) };
    case 'prefixed': {
      const caller = allowed[plan.base % Math.max(allowed.length, 1)] ?? world.admin;
      return Object.fromEntries(Object.entries(caller).map(([k, v]) => [k === 'sub' ? k : `custom:${k}`, v]));
    }
    case 'garbage':
      return realize(plan.claims) as Record<string, unknown>;
  }
}

/** Percent-encodes a path segment; a lone surrogate goes as the bytes a sloppy client would send (WTF-8). */
function encodeSegment(value: string): string {
  return [...value]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
        return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
      return encodeURIComponent(ch);
    })
    .join('');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

type Json = unknown;
type Step = string | number;

/** The path a selector leads to in a body, and the containers passed on the way. */
function walk(body: Json, at: readonly number[]): { path: Step[]; containers: Step[][] } {
  const isContainer = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object';
  const path: Step[] = [];
  const containers: Step[][] = isContainer(body) ? [[]] : [];
  let node = body;
  for (const selector of at) {
    if (!isContainer(node)) break;
    const keys: Step[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[selector % keys.length]!;
    path.push(key);
    node = (node as Record<Step, Json>)[key];
    if (isContainer(node)) containers.push([...path]);
  }
  return { path, containers };
}

/** The paths of every string in a body. */
function stringLeaves(node: Json, path: Step[] = []): Step[][] {
  if (typeof node === 'string') return [path];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, child]) => stringLeaves(child, [...path, Array.isArray(node) ? Number(key) : key]));
}

function parentOf(body: Json, path: readonly Step[]): Record<Step, Json> {
  return path.slice(0, -1).reduce<Json>((node, key) => (node as Record<Step, Json>)[key], body) as Record<Step, Json>;
}

const define = (target: Record<Step, Json>, key: Step, value: Json) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** Applies one body mutation; returns the new body (`undefined` for none) and a raw body when it is no longer JSON. */
function mutateBody(body: Json, mutation: Mutation): { body: Json; raw?: string } {
  const copy = body === undefined || typeof body === 'string' ? body : (JSON.parse(JSON.stringify(body)) as Json);
  switch (mutation.kind) {
    case 'body-set': {
      const { path } = walk(copy, mutation.at);
      if (path.length === 0) return { body: realize(mutation.value) };
      define(parentOf(copy, path), path.at(-1)!, realize(mutation.value));
      return { body: copy };
    }
    case 'body-drop': {
      const { path } = walk(copy, mutation.at);
      if (path.length === 0) return { body: undefined };
      const parent = parentOf(copy, path);
      if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
      else delete parent[path.at(-1)!];
      return { body: copy };
    }
    case 'body-add': {
      const { containers } = walk(copy, mutation.at);
      const at = containers.at(-1);
      if (at === undefined) return { body: { [mutation.key]: realize(mutation.value) } };
      const container = at.reduce<Json>((node, key) => (node as Record<Step, Json>)[key], copy) as Record<Step, Json>;
      if (Array.isArray(container)) container.push(realize(mutation.value));
      else define(container, mutation.key, realize(mutation.value));
      return { body: copy };
    }
    case 'body-replace':
      return { body: realize(mutation.value) };
    case 'body-raw':
      return { body: undefined, raw: text(mutation.raw) };
    case 'body-nest':
      return {
        body: undefined,
        raw:
          mutation.depth % 2 === 0
            ? `${'['.repeat(mutation.depth)}${']'.repeat(mutation.depth)}`
            : `${'{"a":'.repeat(mutation.depth)}1${'}'.repeat(mutation.depth)}`,
      };
    case 'body-long': {
      // One string of the body, whichever it is, made long: every field's length limit, one at a time.
      const leaves = stringLeaves(copy);
      if (leaves.length === 0) return { body: copy };
      const path = leaves[mutation.leaf % leaves.length]!;
      if (path.length === 0) return { body: text(mutation.text) };
      define(parentOf(copy, path), path.at(-1)!, text(mutation.text));
      return { body: copy };
    }
    case 'body-huge': {
      const filler = 'x'.repeat(mutation.bytes);
      if (copy === null || typeof copy !== 'object')
        return { body: typeof copy === 'string' ? undefined : { filler }, ...(typeof copy === 'string' ? { raw: filler } : {}) };
      const { path } = walk(copy, [0]);
      define(path.length === 0 ? (copy as Record<Step, Json>) : parentOf(copy, path), path.at(-1) ?? 'filler', filler);
      return { body: copy };
    }
    default:
      return { body: copy };
  }
}

/** A fuzzed request as the handler receives it, whether it must be refused for its token, and a line that shows it. */
export interface FuzzRequest {
  event: HttpEvent;
  mustBeForbidden: boolean;
  summary: string;
}

/** Builds the request a plan describes: a well-formed request of the route, then each of the plan's mutations. */
export async function fuzzRequest(
  { world, realIds, startKeys, cursorTemplates }: FuzzWorld,
  route: RouteDef,
  plan: RequestPlan,
): Promise<FuzzRequest> {
  const target: ProvinceWorld = world[plan.target];
  const isPublic = route.auth === 'public';
  const allowed = everyone(world).filter((c) => !isPublic && (route.auth as readonly string[]).includes(c.role));
  const caller = allowed[plan.caller % Math.max(allowed.length, 1)] ?? world.admin;
  const base = await routeRequests[route.id as RouteId]({ target, world, caller, unique: plan.unique });
  const request: HttpRequest & { query: Record<string, string>; headers: Record<string, string> } = {
    ...base,
    query: { ...base.query },
    headers: { ...base.headers },
  };
  let claims: Record<string, unknown> | undefined = isPublic ? undefined : caller;
  if (plan.depth === 'auth') claims = claimsOf(world, plan.claims, route);
  let mustBeForbidden = false;
  if (!isPublic && plan.depth === 'auth') {
    let parsed: Caller | undefined;
    try {
      parsed = callerFromClaims(claims);
    } catch {
      parsed = undefined;
    }
    mustBeForbidden = !parsed || !(route.auth as readonly string[]).includes(parsed.role);
  }

  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
  const template = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  const values = (template.exec(base.path)?.slice(1) ?? []).map(safeDecode);
  let body: Json = base.body;
  let raw: string | undefined;
  let contentType: string | null | undefined;
  let base64: boolean | undefined;
  for (const m of plan.mutations) {
    switch (m.kind) {
      case 'path':
        if (names.length > 0)
          values[m.param % names.length] =
            typeof m.value === 'object' && 'real' in m.value ? realIds[m.value.real % realIds.length]! : text(m.value);
        break;
      case 'query-set': {
        const keys = [...new Set([...Object.keys(request.query), ...queryFields(route)])];
        const key = typeof m.key === 'number' ? (keys[m.key % Math.max(keys.length, 1)] ?? 'q') : m.key;
        Object.defineProperty(request.query, key, { value: text(m.value), enumerable: true, writable: true, configurable: true });
        break;
      }
      case 'query-drop': {
        const keys = Object.keys(request.query);
        if (keys.length > 0) delete request.query[keys[m.key % keys.length]!];
        break;
      }
      case 'query-replace':
        request.query = Object.fromEntries(m.entries.map(([k, v]) => [k, text(v)]));
        break;
      case 'content-type':
        contentType = m.value;
        break;
      case 'header':
        if (m.value === null) delete request.headers[m.name];
        else request.headers[m.name] = text(m.value);
        break;
      case 'base64':
        base64 = m.garbage;
        break;
      case 'cursor': {
        const templates = cursorTemplates.get(`${route.id}|${plan.target}`) ?? [];
        const template = templates.length > 0 ? templates[m.template % templates.length]! : startKeys[m.template % startKeys.length]!;
        const attributes = Object.keys(template);
        request.query.cursor = encodeKey({ ...template, [attributes[m.attribute % attributes.length]!]: m.value });
        break;
      }
      default: {
        const next = mutateBody(raw ?? body, m);
        body = next.body;
        raw = next.raw;
      }
    }
  }
  // An empty id leaves a path that matches no route: API Gateway (and the router) answer 404 before any token check.
  if (values.some((v) => v === '')) mustBeForbidden = false;
  const segments = values.map(encodeSegment);
  let i = 0;
  const path = route.path.replace(/\{\w+\}/g, () => segments[i++] ?? '');
  const event = httpEvent({
    ...request,
    path,
    claims: claims as Caller | undefined,
    body: raw ?? body,
    routeKey: routeKey(route),
    pathParameters: Object.fromEntries(names.map((name, n) => [name, plan.decodedParams ? values[n]! : segments[n]!])),
  });
  if (contentType === null) delete event.headers['content-type'];
  else if (contentType !== undefined) event.headers['content-type'] = contentType;
  if (base64 !== undefined) {
    event.isBase64Encoded = true;
    event.body = base64 ? '%%% not base64 ~~~' : Buffer.from(event.body ?? '').toString('base64');
  }
  const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);
  const summary =
    `${plan.depth} ${route.method} ${clip(path)}${event.rawQueryString ? `?${clip(event.rawQueryString)}` : ''} claims=${clip(JSON.stringify(claims) ?? 'none')}` +
    `${event.body !== undefined ? ` body=${clip(event.body)}` : ''}`;
  return { event, mustBeForbidden, summary };
}
