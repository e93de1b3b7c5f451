import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../functions/units/handler.ts';
import { maxBodyBytes } from '../../shared/http/handler.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { answerOf, httpEvent, lambdaContext, type Answer, type HttpRequest } from '../support/events.ts';
import { admin, authority, reviewer, unitUser } from '../support/callers.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * The units function called as Lambda calls it, against DynamoDB Local. All tests share one table, so each test
 * works in its own county of Hubei and asserts only about that county (or about units it created).
 */

// A context per call: one made at import would give the whole file the function's 10 s before middy times it out.
const context = () => lambdaContext('units');
const hubei = authority('420000', 'hubei-ethnic-affairs');
const wuhan = authority('420100', 'wuhan-ethnic-affairs');

async function call(request: HttpRequest): Promise<Answer> {
  return answerOf(await handler(httpEvent(request), context()));
}

function unitBody(regionCode: string, overrides: Record<string, unknown> = {}) {
  return {
    name: '武汉市江岸区百步亭社区',
    type: 'community',
    regionCode,
    zone: false,
    contacts: [{ name: '李明', email: 'liming@example.cn', phone: '13800000000' }],
    authorityId: 'wuhan-ethnic-affairs',
    ...overrides,
  };
}

async function createUnit(caller: Caller, body: Record<string, unknown>): Promise<Unit> {
  const answer = await call({ method: 'POST', path: '/v1/units', claims: caller, body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as Unit;
}

/** Every unit a caller lists under a region prefix, following cursors. */
async function listAll(caller: Caller, region: string, query: Record<string, string> = {}): Promise<Unit[]> {
  const units: Unit[] = [];
  let cursor: string | undefined;
  do {
    const answer = await call({
      method: 'GET',
      path: '/v1/units',
      claims: caller,
      query: { region, limit: '100', ...query, ...(cursor ? { cursor } : {}) },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    units.push(...(answer.body.items as Unit[]));
    cursor = answer.body.cursor;
  } while (cursor);
  return units;
}

async function auditOf(id: string): Promise<Record<string, any>[]> {
  const store = mainStore();
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `UNIT#${id}`, ':audit': 'AUDIT#' },
    }),
  );
  return Items;
}

describe('Function: units', () => {
  describe('Route: POST /v1/units', () => {
    it('creates a unit: 201 with an id, version 1, ETag "1" and its location', async () => {
      // Act
      const answer = await call({ method: 'POST', path: '/v1/units', claims: wuhan, body: unitBody('420102') });

      // Assess
      expect(answer.status).toBe(201);
      expect(answer.headers.etag).toBe('"1"');
      expect(answer.body).toMatchObject({ ...unitBody('420102'), version: 1 });
      expect(answer.body.id).toMatch(/^[\w-]{8,}$/);
      expect(answer.headers.location).toBe(`/v1/units/${answer.body.id}`);
      expect(answer.body.createdAt).toBe(answer.body.updatedAt);
    });

    it('keeps Chinese text intact from request to stored unit', async () => {
      const created = await createUnit(wuhan, unitBody('420102', { name: '武汉市江岸区百步亭社区（民族团结进步示范单位）' }));

      const read = await call({ method: 'GET', path: `/v1/units/${created.id}`, claims: wuhan });

      expect(read.body.name).toBe('武汉市江岸区百步亭社区（民族团结进步示范单位）');
      expect(read.body.contacts[0].name).toBe('李明');
    });

    it('records who created the unit in its audit trail', async () => {
      // Act
      const created = await createUnit(wuhan, unitBody('420114'));

      // Assess
      const audit = await auditOf(created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'createUnit',
        actor: { sub: wuhan.sub, role: 'authority', agencyId: wuhan.agencyId },
        after: created,
      });
    });
  });

  describe('Route: GET /v1/units/{id}', () => {
    it('reads a unit with its version as ETag', async () => {
      // Prepare
      const created = await createUnit(wuhan, unitBody('420102'));

      // Act
      const answer = await call({ method: 'GET', path: `/v1/units/${created.id}`, claims: wuhan });

      // Assess
      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBe('"1"');
      expect(answer.body).toEqual(created);
    });

    it('answers 404 problem+json for an id that does not exist', async () => {
      const answer = await call({ method: 'GET', path: '/v1/units/no-such-unit', claims: wuhan });

      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ type: 'https://api.test/problems/not-found', status: 404, instance: '/v1/units/no-such-unit' });
    });
  });

  describe('Route: GET /v1/units', () => {
    it('pages through a county two at a time: a cursor on every page but the last, each unit once', async () => {
      // Prepare
      const ids = [];
      for (let i = 1; i <= 5; i += 1) ids.push((await createUnit(wuhan, unitBody('420104', { name: `硚口区单位${i}` }))).id);

      // Act
      const pages: Answer[] = [];
      let cursor: string | undefined;
      do {
        const page = await call({
          method: 'GET',
          path: '/v1/units',
          claims: wuhan,
          query: { region: '420104', limit: '2', ...(cursor ? { cursor } : {}) },
        });
        pages.push(page);
        cursor = page.body.cursor;
      } while (cursor && pages.length < 10);

      // Assess
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(pages.map((p) => p.body.items.length)).toEqual([2, 2, 1]);
      expect(pages.map((p) => typeof p.body.cursor)).toEqual(['string', 'string', 'undefined']);
      expect(pages.flatMap((p) => p.body.items.map((u: Unit) => u.id)).sort()).toEqual(ids.sort());
    });

    it('lists a city by its 4-digit prefix and a county by its code, nothing outside them', async () => {
      // Prepare
      const qingshan = await createUnit(wuhan, unitBody('420107'));
      const wuchang = await createUnit(wuhan, unitBody('420106', { type: 'village' }));
      const yangxin = await createUnit(hubei, unitBody('420222'));

      // Act
      const county = await listAll(wuhan, '420107');
      const city = await listAll(wuhan, '4201');

      // Assess
      expect(county.map((u) => u.id)).toEqual([qingshan.id]);
      expect(city.map((u) => u.id)).toEqual(expect.arrayContaining([qingshan.id, wuchang.id]));
      expect(city.map((u) => u.id)).not.toContain(yangxin.id);
      expect(city.every((u) => u.regionCode.startsWith('4201'))).toBe(true);
    });

    it('filters by type, still filling a page when the filter skips items', async () => {
      // Prepare
      const schools = [];
      for (const [i, type] of ['community', 'school', 'community', 'community', 'school'].entries()) {
        const unit = await createUnit(wuhan, unitBody('420117', { type, name: `新洲区单位${i}` }));
        if (type === 'school') schools.push(unit.id);
      }

      // Act
      const first = await call({
        method: 'GET',
        path: '/v1/units',
        claims: wuhan,
        query: { region: '420117', type: 'school', limit: '1' },
      });
      const all = await listAll(wuhan, '420117', { type: 'school' });

      // Assess
      expect(first.body.items).toHaveLength(1);
      expect(first.body.items[0].type).toBe('school');
      expect(all.map((u) => u.id).sort()).toEqual(schools.sort());
    });

    it('defaults the region to the caller’s own', async () => {
      const created = await createUnit(authority('420116'), unitBody('420116'));

      const answer = await call({ method: 'GET', path: '/v1/units', claims: authority('420116') });

      expect(answer.status).toBe(200);
      expect(answer.body.items.map((u: Unit) => u.id)).toContain(created.id);
      expect(answer.body.items.every((u: Unit) => u.regionCode === '420116')).toBe(true);
    });

    it('refuses a cursor given out for another region with 400', async () => {
      // Prepare
      await createUnit(wuhan, unitBody('420112'));
      await createUnit(wuhan, unitBody('420112'));
      const first = await call({ method: 'GET', path: '/v1/units', claims: wuhan, query: { region: '420112', limit: '1' } });
      expect(first.body.cursor).toEqual(expect.any(String));

      // Act
      const answer = await call({
        method: 'GET',
        path: '/v1/units',
        claims: wuhan,
        query: { region: '420115', cursor: first.body.cursor },
      });

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: expect.stringMatching(/\/problems\/malformed-request$/), errors: [{ pointer: 'cursor' }] });
    });

    it('refuses a bad query with 422 naming the parameter', async () => {
      const answer = await call({
        method: 'GET',
        path: '/v1/units',
        claims: wuhan,
        query: { region: '4201', limit: '1000', sort: 'name' },
      });

      expect(answer.status).toBe(422);
      expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['limit', 'sort']);
    });

    it('asks an admin, whose scope is the country, to name a province', async () => {
      const answer = await call({ method: 'GET', path: '/v1/units', claims: admin });

      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([expect.objectContaining({ pointer: 'region' })]);
    });
  });

  describe('Region scope', () => {
    it('refuses a city authority a unit in another city with 403, and stores nothing', async () => {
      // Act
      const answer = await call({
        method: 'POST',
        path: '/v1/units',
        claims: wuhan,
        body: unitBody('420203', { name: '西塞山区越权单位' }),
      });

      // Assess
      expect(answer.status).toBe(403);
      expect(answer.body.type).toMatch(/^https?:\/\/[^/]+\/problems\/forbidden$/);
      expect(await listAll(hubei, '420203')).toEqual([]);
    });

    it('hides a unit of another city from a city authority (404 on read, 403 on list) but shows it to the province', async () => {
      // Prepare
      const huangshi = await createUnit(hubei, unitBody('420202', { name: '黄石市黄石港区胜阳港社区' }));
      const jianghan = await createUnit(hubei, unitBody('420103', { name: '武汉市江汉区唐家墩街道' }));

      // Act
      const wuhanRead = await call({ method: 'GET', path: `/v1/units/${huangshi.id}`, claims: wuhan });
      const wuhanList = await call({ method: 'GET', path: '/v1/units', claims: wuhan, query: { region: '4202' } });
      const wuhanPatch = await call({
        method: 'PATCH',
        path: `/v1/units/${huangshi.id}`,
        claims: wuhan,
        headers: { 'if-match': '"1"' },
        body: { zone: true },
      });
      const province = await listAll(hubei, '42');

      // Assess
      expect(wuhanRead.status).toBe(404);
      expect(wuhanList.status).toBe(403);
      expect(wuhanPatch.status).toBe(404);
      expect((await call({ method: 'GET', path: `/v1/units/${jianghan.id}`, claims: wuhan })).status).toBe(200);
      expect(province.map((u) => u.id)).toEqual(expect.arrayContaining([huangshi.id, jianghan.id]));
      expect((await call({ method: 'GET', path: `/v1/units/${huangshi.id}`, claims: hubei })).status).toBe(200);
    });

    it('refuses to move a unit out of the caller’s region', async () => {
      const created = await createUnit(wuhan, unitBody('420102'));

      const answer = await call({
        method: 'PATCH',
        path: `/v1/units/${created.id}`,
        claims: wuhan,
        headers: { 'if-match': '"1"' },
        body: { regionCode: '420202' },
      });

      expect(answer.status).toBe(403);
      expect((await call({ method: 'GET', path: `/v1/units/${created.id}`, claims: wuhan })).body.regionCode).toBe('420102');
    });
  });

  describe('Roles', () => {
    it('shows a unit user its own unit and no other, even in the same county', async () => {
      // Prepare
      const own = await createUnit(wuhan, unitBody('420105', { name: '汉阳区本单位' }));
      const neighbour = await createUnit(wuhan, unitBody('420105', { name: '汉阳区邻单位' }));
      const user = unitUser(own.id, '420105');

      // Act
      const ownRead = await call({ method: 'GET', path: `/v1/units/${own.id}`, claims: user });
      const neighbourRead = await call({ method: 'GET', path: `/v1/units/${neighbour.id}`, claims: user });
      const list = await call({ method: 'GET', path: '/v1/units', claims: user, query: { region: '420105' } });

      // Assess
      expect(ownRead.status).toBe(200);
      expect(neighbourRead.status).toBe(404);
      expect(list.status).toBe(403);
    });

    it('lets a unit user change its contacts and nothing else (422 naming each other field)', async () => {
      // Prepare
      const own = await createUnit(wuhan, unitBody('420105'));
      const user = unitUser(own.id, '420105');
      const contacts = [{ name: '王芳', email: 'wangfang@example.cn' }];

      // Act
      const refused = await call({
        method: 'PATCH',
        path: `/v1/units/${own.id}`,
        claims: user,
        headers: { 'if-match': '"1"' },
        body: { name: '改名', zone: true, contacts },
      });
      const allowed = await call({
        method: 'PATCH',
        path: `/v1/units/${own.id}`,
        claims: user,
        headers: { 'if-match': '"1"' },
        body: { contacts },
      });

      // Assess
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/name', '/zone']);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({ name: own.name, zone: false, contacts, version: 2 });
    });

    it('refuses a role the route does not admit with 403', async () => {
      const created = await createUnit(wuhan, unitBody('420102'));

      expect((await call({ method: 'POST', path: '/v1/units', claims: reviewer(), body: unitBody('420102') })).status).toBe(403);
      expect((await call({ method: 'GET', path: `/v1/units/${created.id}`, claims: reviewer() })).status).toBe(403);
      expect((await call({ method: 'GET', path: '/v1/units', claims: reviewer(), query: { region: '42' } })).status).toBe(403);
    });

    it('refuses a token without the Shifan claims with 403', async () => {
      const answer = await answerOf(
        await handler(httpEvent({ method: 'GET', path: '/v1/units', claims: { sub: 'x' } as Caller }), context()),
      );

      expect(answer.status).toBe(403);
      expect(answer.body.detail).toMatch(/声明/);
    });
  });

  describe('Route: PATCH /v1/units/{id}', () => {
    it('requires If-Match (428), refuses a stale one (412) and applies a current one (200, ETag "2")', async () => {
      // Prepare
      const created = await createUnit(wuhan, unitBody('420107', { name: '青山区条件更新单位' }));
      const patch = (headers: Record<string, string>) =>
        call({ method: 'PATCH', path: `/v1/units/${created.id}`, claims: wuhan, headers, body: { zone: true } });

      // Act
      const missing = await patch({});
      const stale = await patch({ 'if-match': '"7"' });
      const good = await patch({ 'if-match': '"1"' });
      const again = await patch({ 'if-match': '"1"' });

      // Assess
      expect(missing.status).toBe(428);
      expect(stale.status).toBe(412);
      expect(good.status).toBe(200);
      expect(good.headers.etag).toBe('"2"');
      expect(good.body).toMatchObject({ zone: true, version: 2 });
      expect(again.status).toBe(412);
      expect(again.body.detail).toMatch(/第 2 版/);
    });

    it('refuses a weak ETag (412: If-Match compares strongly), accepts "*" with merge-patch content, and removes authorityId set to null', async () => {
      const created = await createUnit(wuhan, unitBody('420107'));
      const patch = (ifMatch: string) =>
        call({
          method: 'PATCH',
          path: `/v1/units/${created.id}`,
          claims: wuhan,
          headers: { 'if-match': ifMatch, 'content-type': 'application/merge-patch+json' },
          body: { authorityId: null },
        });

      const weak = await patch('W/"1"');
      const answer = await patch('*');

      expect(weak.status).toBe(412);
      expect(answer.status).toBe(200);
      expect(answer.body).not.toHaveProperty('authorityId');
      expect((await call({ method: 'GET', path: `/v1/units/${created.id}`, claims: wuhan })).body).not.toHaveProperty('authorityId');
    });

    it('refuses an If-Match that is not an ETag with 400', async () => {
      const created = await createUnit(wuhan, unitBody('420107'));

      const answer = await call({
        method: 'PATCH',
        path: `/v1/units/${created.id}`,
        claims: wuhan,
        headers: { 'if-match': 'yesterday' },
        body: { zone: true },
      });

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ pointer: 'If-Match' })]);
    });

    it('appends an audit entry with the unit before and after the change', async () => {
      // Prepare
      const created = await createUnit(wuhan, unitBody('420114'));

      // Act
      await call({
        method: 'PATCH',
        path: `/v1/units/${created.id}`,
        claims: wuhan,
        headers: { 'if-match': '"1"' },
        body: { name: '蔡甸区新名称' },
      });

      // Assess
      const audit = await auditOf(created.id);
      expect(audit.map((e) => e.action).sort()).toEqual(['createUnit', 'updateUnit']);
      const update = audit.find((e) => e.action === 'updateUnit')!;
      expect(update.before).toMatchObject({ name: created.name, version: 1 });
      expect(update.after).toMatchObject({ name: '蔡甸区新名称', version: 2 });
      expect(update.actor.sub).toBe(wuhan.sub);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeated create with the first response and stores one unit', async () => {
      // Prepare
      const request: HttpRequest = {
        method: 'POST',
        path: '/v1/units',
        claims: wuhan,
        headers: { 'idempotency-key': 'create-hongshan-1' },
        body: unitBody('420111'),
      };

      // Act
      const first = await call(request);
      const second = await call(request);

      // Assess
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.etag).toBe('"1"');
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect((await listAll(wuhan, '420111')).map((u) => u.id)).toEqual([first.body.id]);
    });

    it('refuses the same key with another body with 422 and stores nothing for it', async () => {
      // Prepare
      const headers = { 'idempotency-key': 'create-caidian-1' };
      const first = await call({ method: 'POST', path: '/v1/units', claims: wuhan, headers, body: unitBody('420114', { name: '第一个' }) });

      // Act
      const other = await call({ method: 'POST', path: '/v1/units', claims: wuhan, headers, body: unitBody('420114', { name: '另一个' }) });

      // Assess
      expect(first.status).toBe(201);
      expect(other.status).toBe(422);
      expect(other.body.type).toMatch(/\/problems\/idempotency-key-reused$/);
      expect((await listAll(wuhan, '420114')).map((u) => u.name)).not.toContain('另一个');
    });

    it('keeps keys of different callers apart', async () => {
      const headers = { 'idempotency-key': 'shared-key' };

      const a = await call({ method: 'POST', path: '/v1/units', claims: wuhan, headers, body: unitBody('420111') });
      const b = await call({ method: 'POST', path: '/v1/units', claims: hubei, headers, body: unitBody('420111') });

      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).not.toBe(a.body.id);
    });
  });

  describe('Bad input', () => {
    // A province no other test writes to, so that "nothing written" is a listing that must stay empty.
    const lhasa = authority('540000', 'tibet-ethnic-affairs');
    const valid = unitBody('540102', { name: '拉萨市城关区八廓街道' });
    const post = (body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
      method: 'POST',
      path: '/v1/units',
      claims: lhasa,
      body,
      headers,
    });
    const badInputs: [string, HttpRequest, number, string][] = [
      ['malformed JSON', post('{"name": "八廓'), 400, 'malformed-request'],
      ['a body over 1 MB', post(JSON.stringify({ ...valid, name: 'a'.repeat(maxBodyBytes) })), 413, 'payload-too-large'],
      ['a text/plain body', post(JSON.stringify(valid), { 'content-type': 'text/plain' }), 415, 'unsupported-media-type'],
      [
        'a JSON body in another charset',
        post(JSON.stringify(valid), { 'content-type': 'application/json; charset=gbk' }),
        415,
        'unsupported-media-type',
      ],
      ['unknown fields', post({ ...valid, status: 'named', id: 'mine' }), 422, 'validation'],
      ['a region code of four digits', post({ ...valid, regionCode: '5401' }), 422, 'validation'],
      ['a region code not in the directory', post({ ...valid, regionCode: '540199' }), 422, 'validation'],
      ['an unknown type', post({ ...valid, type: 'temple' }), 422, 'validation'],
      ['an invalid email', post({ ...valid, contacts: [{ name: '次仁', email: 'ciren@' }] }), 422, 'validation'],
      ['an empty name', post({ ...valid, name: '' }), 422, 'validation'],
      ['a 500-character name', post({ ...valid, name: '民'.repeat(500) }), 422, 'validation'],
      ['an array instead of an object', post([valid]), 422, 'validation'],
    ];

    it.each(badInputs)('refuses %s with problem+json and writes nothing', async (_, request, status, type) => {
      // Act
      const answer = await call({ ...request, headers: { 'idempotency-key': `bad-${status}-${type}`, ...request.headers } });

      // Assess
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(answer.body).toMatchObject({
        type: expect.stringMatching(new RegExp(`^https?://[^/]+/problems/${type}$`)),
        status,
        requestId: expect.any(String),
      });
      expect(await listAll(lhasa, '54')).toEqual([]);
    });

    it('stores the same body once it is valid, so the listing above would have shown a write', async () => {
      const answer = await call(post({ ...valid, regionCode: '540103' }));

      expect(answer.status).toBe(201);
      expect((await listAll(lhasa, '54')).map((u) => u.id)).toEqual([answer.body.id]);
    });

    it('points each invalid field out with a JSON pointer', async () => {
      const answer = await call(post({ ...valid, name: '', type: 'temple', contacts: [{ name: '次仁', email: 'ciren@' }], extra: true }));

      expect(answer.status).toBe(422);
      expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/contacts/0/email',
        '/extra',
        '/name',
        '/type',
      ]);
    });

    it('lets a corrected request reuse the Idempotency-Key of a refused one', async () => {
      const headers = { 'idempotency-key': 'corrected-later' };
      const refused = await call({
        method: 'POST',
        path: '/v1/units',
        claims: wuhan,
        headers,
        body: { ...unitBody('420115'), type: 'temple' },
      });

      const corrected = await call({ method: 'POST', path: '/v1/units', claims: wuhan, headers, body: unitBody('420115') });

      expect(refused.status).toBe(422);
      expect(corrected.status).toBe(201);
    });

    it('echoes a sane x-request-id and uses it in the problem', async () => {
      const answer = await call({ method: 'GET', path: '/v1/units/none', claims: wuhan, headers: { 'x-request-id': 'trace-123' } });

      expect(answer.headers['x-request-id']).toBe('trace-123');
      expect(answer.body.requestId).toBe('trace-123');
    });
  });
});
