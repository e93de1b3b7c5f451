import { spawn, type ChildProcess } from 'node:child_process';
import { createShifanClient, ShifanProblem } from '@shifan/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortFree } from '../../infra/local/ports.ts';
import { routes } from '../../shared/topology.ts';
import { distinctFreePorts } from '../support/ports.ts';

/*
 * `npm start` as a person runs it: the real CLI in a child process, on free ports with a fresh data folder, spoken
 * to over HTTP with the tokens it prints, and stopped with Ctrl-C (SIGINT).
 */

const root = resolve(import.meta.dirname, '../..');
const startupMs = 45_000;

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let host: Running;
let api: string;
let dataDir: string;
const ports = { api: 0, dynamodb: 0, sqs: 0, ses: 0 };
const tokens: Record<string, string> = {};

function start(): Running {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts', '--fresh', '--quiet'], {
    cwd: root,
    // Its own process group, so that a failed run can still take down everything the CLI started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
      SHIFAN_API_PORT: String(ports.api),
      SHIFAN_DYNAMODB_PORT: String(ports.dynamodb),
      SHIFAN_SQS_PORT: String(ports.sqs),
      SHIFAN_SES_PORT: String(ports.ses),
      SHIFAN_DATA_DIR: dataDir,
      SHIFAN_LOG_LEVEL: 'SILENT',
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(running: Running, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(text)) {
    if (running.child.exitCode !== null) throw new Error(`npm start exited (${running.child.exitCode}):\n${running.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print "${text}" within ${timeoutMs} ms:\n${running.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The token printed on the line after `  <label>:`. */
function printedToken(output: string, label: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => line.trim() === `${label}:`);
  const token = lines[at + 1]?.trim();
  if (at < 0 || !token) throw new Error(`no token printed for ${label}`);
  return token;
}

function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, headers, ...rest } = init;
  return fetch(`${api}${path}`, { ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
}

describe('CLI: npm start', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shifan-e2e-'));
    [ports.api, ports.dynamodb, ports.sqs, ports.ses] = (await distinctFreePorts(4)) as [number, number, number, number];
    api = `http://localhost:${ports.api}`;
    host = start();
    await waitForOutput(host, 'Shifan is running', startupMs);
    tokens.wuhan = printedToken(host.output(), 'authority (Wuhan city)');
    tokens.unit = printedToken(host.output(), 'unit (百步亭社区)');
    tokens.reviewer = printedToken(host.output(), 'reviewer');
    tokens.hubei = printedToken(host.output(), 'authority (Hubei province)');
  }, startupMs + 5_000);

  afterAll(async () => {
    // Whatever of the CLI's process group is still alive (java included, should stopping have failed) goes now.
    try {
      if (host?.child.pid) process.kill(-host.child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is gone, as it should be.
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where everything answers', () => {
    expect(host.output()).toContain(`API          ${api}`);
    expect(host.output()).toContain(`DynamoDB     http://127.0.0.1:${ports.dynamodb}`);
  });

  it('reports every dependency healthy on /health', async () => {
    const response = await call('/health');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      stage: 'local',
      dependencies: { dynamodb: { status: 'ok' }, sqs: { status: 'ok' }, s3: { status: 'ok' }, mail: { status: 'ok' } },
    });
  });

  it('creates, lists, updates and reads a unit with a printed token', async () => {
    // Prepare
    const body = {
      name: '武汉市青山区红卫路街道',
      type: 'subdistrict',
      regionCode: '420107',
      zone: false,
      contacts: [{ name: '刘洋', email: 'liuyang@example.cn', phone: '13800000005' }],
    };

    // Act
    const created = await call('/v1/units', {
      method: 'POST',
      token: tokens.wuhan,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const unit = (await created.json()) as { id: string };
    const listed = await call('/v1/units?region=4201&limit=100', { token: tokens.wuhan });
    const patched = await call(`/v1/units/${unit.id}`, {
      method: 'PATCH',
      token: tokens.wuhan,
      headers: { 'content-type': 'application/merge-patch+json', 'if-match': created.headers.get('etag')! },
      body: JSON.stringify({ zone: true }),
    });
    const read = await call(`/v1/units/${unit.id}`, { token: tokens.wuhan });

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: { id: string; regionCode: string }[] }).items;
    expect(items.map((u) => u.id)).toContain(unit.id);
    expect(items.map((u) => u.id)).toContain('demo-baibuting');
    expect(items.every((u) => u.regionCode.startsWith('4201'))).toBe(true);
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ ...body, id: unit.id, zone: true, version: 2 });
  });

  it('lets the demo unit user read its own seeded unit and nothing else', async () => {
    expect((await call('/v1/units/demo-baibuting', { token: tokens.unit })).status).toBe(200);
    expect((await call('/v1/units/demo-tangjiadun', { token: tokens.unit })).status).toBe(404);
  });

  it('seeds an open campaign with submissions in several states, and work for each demo account', async () => {
    const listed = await call('/v1/campaigns/demo-campaign-2026/submissions?limit=100', { token: tokens.wuhan });
    const states = ((await listed.json()) as { items: { unitId: string; state: string }[] }).items.map((s) => [s.unitId, s.state]);
    expect(Object.fromEntries(states)).toEqual({
      'demo-baibuting': 'draft',
      'demo-tangjiadun': 'submitted',
      'demo-shuangquan': 'recommended',
      'demo-jiangxia-park': 'in-review',
      'demo-mulanshan': 'withdrawn',
    });
    const open = (await (await call('/v1/campaigns', { token: tokens.unit })).json()) as { items: { id: string; status: string }[] };
    expect(open.items.map((c) => c.id)).toContain('demo-campaign-2026');
    const assignments = (await (await call('/v1/reviewers/me/assignments', { token: tokens.reviewer })).json()) as {
      items: { round: string; status: string }[];
    };
    expect(assignments.items).toEqual([expect.objectContaining({ round: 'document', status: 'assigned' })]);
  });

  it('seeds work of every kind for the demo authorities and the reviewer (GET /v1/me/work)', async () => {
    const counts = async (token: string | undefined) => {
      const answer = (await (await call('/v1/me/work', { token })).json()) as { kinds: { kind: string; count: number }[] };
      return Object.fromEntries(answer.kinds.map((k) => [k.kind, k.count]));
    };
    // Wuhan: 唐家墩's submission to endorse, 江岸区's filing, the plan's first task reported.
    expect(await counts(tokens.wuhan)).toEqual({ endorse: 1, filing: 1, 'task-review': 1 });
    // Hubei: 中南民族大学's round to close, 胜阳港's appeal and objection, a look-back, 洪山区's naming expiring.
    expect(await counts(tokens.hubei)).toEqual({ 'close-round': 1, appeal: 1, objection: 1, recheck: 1, expiring: 1 });
    expect(await counts(tokens.reviewer)).toEqual({ assignment: 1 });
    expect(await counts(tokens.unit)).toEqual({});
  });

  it("seeds instructors, two at the unit account's own unit, one near the end of its term", async () => {
    const listed = (await (await call('/v1/units/demo-baibuting/instructors', { token: tokens.unit })).json()) as {
      items: { instructorName: string; status: string; termEndsOn: string }[];
    };
    expect(listed.items.map((a) => a.instructorName).sort()).toEqual(['李强', '王芳']);
    const soon = listed.items.find((a) => a.instructorName === '王芳')!;
    expect(new Date(soon.termEndsOn).getTime() - Date.now()).toBeLessThan(30 * 86_400_000);
  });

  it('reports the seeded coverage as counted by hand, rolled up from counties to the province', async () => {
    // Seeded: 13 units (Wuhan 8, Huangshi 5) + the subdistrict in 420107 created above. Taking part: the 4 named units
    // (百步亭 420102, 中南民族大学 and 洪山区 420111, 胜阳港 420202) and the campaign's submitted ones (唐家墩 420103,
    // 江夏经济开发区 420115, 双泉村 420116); not the draft (百步亭's, named anyway) nor the withdrawn (木兰山). 洪山区 is
    // a zone (zone: true): it applies in zone campaigns, not in the demo campaign of units.
    const answer = (await (await call('/v1/reports/coverage?region=420000', { token: tokens.hubei })).json()) as {
      total: { all: { units: number; takingPart: number; named: number } };
      rows: { regionCode: string; all: { units: number; takingPart: number; named: number } }[];
    };
    const row = (code: string) => answer.rows.find((r) => r.regionCode === code)!.all;
    expect(row('420100')).toMatchObject({ units: 9, takingPart: 6, named: 3 });
    expect(row('420200')).toMatchObject({ units: 5, takingPart: 1, named: 1 });
    expect(row('420000')).toMatchObject({ units: 14, takingPart: 7, named: 4 });
    expect(answer.total.all).toMatchObject(row('420000'));
    expect(row('420111')).toMatchObject({ units: 2, takingPart: 2, named: 2 });
    // Each city is the sum of its counties (no unit sits at a city code here).
    for (const city of ['420100', '420200']) {
      const counties = answer.rows.filter((r) => r.regionCode.startsWith(city.slice(0, 4)) && r.regionCode !== city);
      expect(counties.reduce((s, r) => s + r.all.units, 0)).toBe(row(city).units);
      expect(counties.reduce((s, r) => s + r.all.takingPart, 0)).toBe(row(city).takingPart);
    }
  });

  // After the coverage count above, which counts the units of 4201xx.
  it('serves the typed client: a keyed create, a read, a patch on its ETag, pages of units and a typed problem', async () => {
    // Prepare
    const sent: Request[] = [];
    const client = createShifanClient({
      baseUrl: api,
      token: () => tokens.wuhan!,
      fetch: (request) => (sent.push(request), fetch(request)),
    });
    const body = {
      name: '武汉市武昌区中南路街道',
      type: 'subdistrict' as const,
      regionCode: '420106',
      zone: false,
      contacts: [{ name: '陈静', email: 'chenjing@example.cn', phone: '13800000006' }],
    };

    // Act
    const created = await client.POST('/v1/units', { body });
    const id = created.data!.id;
    const key = sent[0]!.headers.get('idempotency-key')!;
    const replayed = await client.POST('/v1/units', { body, headers: { 'Idempotency-Key': key } });
    const read = await client.GET('/v1/units/{id}', { params: { path: { id } } });
    const patched = await client.PATCH('/v1/units/{id}', { params: { path: { id } }, body: { zone: true } });
    const ids: string[] = [];
    for await (const unit of client.pages('/v1/units', { query: { region: '4201', limit: 2 } })) ids.push(unit.id);
    const refused = await client.POST('/v1/units', { body: { ...body, regionCode: '4201' } }).catch((error: unknown) => error);

    // Assess
    expect(created.response.status).toBe(201);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(replayed.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.data!.id).toBe(id);
    expect(read.response.headers.get('etag')).toBe('"1"');
    expect(sent.find((r) => r.method === 'PATCH')!.headers.get('if-match')).toBe('"1"');
    expect(patched.data).toMatchObject({ id, zone: true, version: 2 });
    expect(client.etags.get(`/v1/units/${id}`)).toBe('"2"');
    expect(ids).toContain(id);
    expect(ids).toContain('demo-baibuting');
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent.filter((r) => r.method === 'GET' && new URL(r.url).searchParams.has('cursor')).length).toBeGreaterThan(1);
    expect(refused).toBeInstanceOf(ShifanProblem);
    expect(refused).toMatchObject({ status: 422, errors: expect.arrayContaining([expect.objectContaining({ pointer: '/regionCode' })]) });
    expect((refused as ShifanProblem).title).toMatch(/\p{Script=Han}/u);
  });

  it('answers 401 without a token or with a forged one, before any handler runs', async () => {
    const without = await call('/v1/units?region=4201');
    const [header, payload] = tokens.wuhan!.split('.');
    const forged = await call('/v1/units?region=4201', { token: `${header}.${payload}.${'A'.repeat(86)}` });

    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(forged.status).toBe(401);
  });

  it('serves an OpenAPI 3.1 document with every route of the topology', async () => {
    const response = await call('/v1/openapi.json');
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };

    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.id);
  });

  it('serves the reference page as HTML that loads its script and the OpenAPI document from the same origin', async () => {
    const response = await call('/docs');
    const html = await response.text();
    const script = /<script src="(\/docs\/reference\.js\?v=[\w-]+)"><\/script>/.exec(html)?.[1];
    const scriptResponse = await call(script ?? '/docs/reference.js');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('data-url="/v1/openapi.json"');
    expect(script).toBeDefined();
    expect(scriptResponse.status).toBe(200);
    expect(scriptResponse.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(scriptResponse.headers.get('cache-control')).toContain('immutable');
  });

  it('stops everything on Ctrl-C (SIGINT) and frees the DynamoDB and API ports', async () => {
    // Act
    host.child.kill('SIGINT');
    const code = await Promise.race([host.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);

    // Assess (a port can take a moment to be released after its process exits on a loaded machine)
    const freed = async (port: number) => {
      for (let tries = 0; ; tries++) {
        try {
          return await ensurePortFree(port, `port ${port}`, 'none');
        } catch (error) {
          if (tries >= 25) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    expect(code, host.output()).toBe(0);
    expect(host.output()).toContain('Stopping…');
    await expect(freed(ports.dynamodb)).resolves.toBeUndefined();
    await expect(freed(ports.api)).resolves.toBeUndefined();
  }, 30_000);
});
