import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { mainStore } from '../../shared/clients.ts';
import { fileAppeal, lodgeObjection } from '../../shared/data/appeals.ts';
import { createNaming } from '../../shared/data/namings.ts';
import { getSubmission } from '../../shared/data/submissions.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { callApi } from '../support/api.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import { lambdaContext, type HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { communitySheet, expectProblem, newUnit, openCampaign } from '../support/workflow.ts';
import { plusYears } from '../support/dates.ts';

/*
 * The officials' workbench (`GET /v1/me/work`, issue #20) in 黄石市 (420200), 湖北: a province campaign with units of
 * 黄石港区 (420202), an instructor filing of the district, a plan of the province with a task of the city, a recheck
 * and a naming about to expire. Every count below is counted by hand from the steps of this file, which has a table
 * of its own (the sweep runs, and the counts would include other files' work otherwise).
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const province = authority('420000', `hubei-work-${tag}`);
const city = authority('420200', `huangshi-work-${tag}`);
const county = authority('420202', `huangshigang-work-${tag}`);
const reviewer: Caller = { sub: `work-reviewer-${tag}`, role: 'reviewer', agencyId: `expert-pool-${tag}`, region: '420000' };
const actor = { sub: 'test-seed', role: 'authority', agencyId: province.agencyId, requestId: 'seed' };

async function call(request: HttpRequest, status = 200) {
  const answer = await callApi(request);
  expect(answer.status, `${request.method} ${request.path}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer;
}

/** What `GET /v1/me/work` shows a caller: per kind its count, oldest date and the ids of its first page. */
async function workOf(caller: Caller): Promise<Record<string, { count: number; oldest?: string; ids: string[]; label: string }>> {
  const answer = await call({ method: 'GET', path: '/v1/me/work', claims: caller });
  return Object.fromEntries(
    (answer.body.kinds as any[]).map((k) => [
      k.kind,
      { count: k.count, oldest: k.oldest, ids: k.items.map((i: any) => i.id), label: k.label },
    ]),
  );
}

/** The counts alone, by kind. */
const countsOf = async (caller: Caller) => Object.fromEntries(Object.entries(await workOf(caller)).map(([k, v]) => [k, v.count]));

/** The current ETag of a record (steps take If-Match), read by the admin. */
const etagOf = async (path: string) => (await call({ method: 'GET', path, claims: admin })).headers.etag!;

const transition = async (caller: Caller, id: string, action: string) =>
  call({
    method: 'POST',
    path: `/v1/submissions/${id}/transitions`,
    claims: caller,
    headers: { 'if-match': await etagOf(`/v1/submissions/${id}`) },
    body: { action },
  });

let campaignId: string;
const submissions: string[] = [];
let filingId: string;
let taskId: string;
let namingId: string;
let recheckId: string;
let expiringId: string;

beforeAll(async () => {
  await useOwnMainTable('my-work');
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  process.env.QUEUE_NOTICES_URL = (await sqs.send(new CreateQueueCommand({ QueueName: `my-work-${tag}` }))).QueueUrl!;
  sqs.destroy();
  // The city keeps an entry in the authority directory: a plan's task goes to a department it lists.
  await call({
    method: 'PUT',
    path: `/v1/authorities/${city.agencyId}`,
    claims: city,
    body: { name: '黄石市民族宗教事务局', regionCode: '420200', contacts: [{ name: '联络员', email: `huangshi-${tag}@example.cn` }] },
  });

  // A province campaign; three communities of 黄石港区 apply (A, B, C): each is endorsed by the district, then the city.
  campaignId = await openCampaign(province, today, tag, { level: 'province' });
  for (const name of ['甲', '乙', '丙']) {
    const unit = await newUnit(county, `黄石港区${name}社区 ${tag}`, '420202');
    const created = await call(
      { method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: county, body: { unitId: unit.id } },
      201,
    );
    const id = created.body.id as string;
    await call({
      method: 'PUT',
      path: `/v1/submissions/${id}/self-assessment`,
      claims: county,
      headers: { 'if-match': created.headers.etag! },
      body: { values: communitySheet() },
    });
    await transition(unitUser(unit.id, '420202'), id, 'submit');
    submissions.push(id);
  }
}, 120_000);

describe('GET /v1/me/work', () => {
  it('shows the district the three submissions it endorses first, oldest first, and nobody else anything yet', async () => {
    const work = await workOf(county);
    expect(work).toEqual({ endorse: { count: 3, oldest: expect.any(String), ids: submissions, label: '待推荐的申报' } });
    expect(await countsOf(city)).toEqual({});
    expect(await countsOf(province)).toEqual({});
  });

  it('moves a submission up the chain as each authority endorses it: district, city, province', async () => {
    const [a, b] = submissions as [string, string];
    await transition(county, a, 'endorse');
    await transition(county, b, 'endorse');
    expect(await countsOf(county)).toEqual({ endorse: 1 });
    expect((await workOf(city)).endorse?.ids).toEqual([a, b]);
    await transition(city, a, 'endorse');
    expect(await countsOf(city)).toEqual({ endorse: 1 });
    // A province campaign: the province recommends last.
    expect((await workOf(province)).endorse?.ids).toEqual([a]);
    await transition(province, a, 'endorse');
    expect(await countsOf(province)).toEqual({});
  });

  it('gives a reviewer its assignment until its sheet is in, then the province the round to close, until it is closed', async () => {
    const a = submissions[0]!;
    await transition(province, a, 'start-review');
    await call({
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: province,
      body: { name: '王专家', agencyId: reviewer.agencyId, regionCode: '420100' },
    });
    await call(
      { method: 'POST', path: `/v1/submissions/${a}/rounds/document/assignments`, claims: province, body: { reviewerId: reviewer.sub } },
      201,
    );
    expect(await workOf(reviewer)).toEqual({
      assignment: { count: 1, oldest: expect.any(String), ids: [a], label: '待提交评分表的评审任务' },
    });
    expect(await countsOf(province)).toEqual({});
    await call(
      {
        method: 'PUT',
        path: `/v1/submissions/${a}/rounds/document/sheets/mine`,
        claims: reviewer,
        body: { values: communitySheet() },
      },
      201,
    );
    expect(await countsOf(reviewer)).toEqual({});
    expect((await workOf(province))['close-round']).toMatchObject({ count: 1, ids: [a] });
    await call({ method: 'POST', path: `/v1/submissions/${a}/rounds/document/close`, claims: province });
    expect(await countsOf(province)).toEqual({});
  });

  it('gives the campaign authority an appeal and an objection to decide, until it decides them', async () => {
    const store = mainStore();
    const [, b, c] = submissions as [string, string, string];
    const now = new Date().toISOString();
    const by = { actor, at: now };
    // Appeals and objections come later in a campaign (ranked, in public notice): lodged here straight in the table.
    const sb = (await getSubmission(store, b))!;
    const appeal = {
      id: randomUUID(),
      reason: '评分有误',
      round: 'document',
      evidenceIds: [],
      lodgedAt: now,
      lodgedBy: 'u',
      status: 'pending' as const,
    };
    await fileAppeal(store, sb, { ...sb, appeal: { id: appeal.id, status: 'pending', round: 'document' } }, appeal, by, province.agencyId);
    const sc = (await getSubmission(store, c))!;
    const objection = {
      id: randomUUID(),
      reason: '材料不实',
      lodgedAt: now,
      lodgedBy: 'x',
      lodgedByRole: 'unit',
      status: 'pending' as const,
    };
    await lodgeObjection(store, sc, { ...sc, openObjections: 1 }, objection, by, {
      authorityId: province.agencyId,
      due: addDays(today, 5),
    });

    const work = await workOf(province);
    expect(work).toEqual({
      appeal: { count: 1, oldest: now, ids: [b], label: '待处理的申诉' },
      objection: { count: 1, oldest: now, ids: [objection.id], label: '待处理的异议' },
    });
    const objections = await call({ method: 'GET', path: '/v1/me/work', claims: province, query: { kind: 'objection' } });
    expect(objections.body.kinds[0].items[0]).toEqual({
      kind: 'objection',
      id: objection.id,
      title: expect.stringContaining('黄石港区丙社区'),
      since: now,
      due: addDays(today, 5),
      link: `/v1/submissions/${c}/objections/${objection.id}/decision`,
    });

    const dismiss = { decision: 'dismiss', reason: '经核查理由不成立' };
    await call({ method: 'POST', path: `/v1/submissions/${b}/appeals/${appeal.id}/decision`, claims: province, body: dismiss });
    expect(await countsOf(province)).toEqual({ objection: 1 });
    await call({ method: 'POST', path: `/v1/submissions/${c}/objections/${objection.id}/decision`, claims: province, body: dismiss });
    expect(await countsOf(province)).toEqual({});
  });

  it('gives the city the district’s instructor filing to acknowledge, until it acknowledges it', async () => {
    const filed = await call(
      { method: 'POST', path: '/v1/instructors/filings', claims: county, body: { asOf: today, regionCode: '420202' } },
      201,
    );
    filingId = filed.body.id;
    expect((await workOf(city)).filing).toMatchObject({ count: 1, ids: [filingId] });
    await call({ method: 'POST', path: `/v1/instructors/filings/${filingId}/acknowledge`, claims: city });
    expect(await countsOf(city)).toEqual({ endorse: 1 });
  });

  it('gives the plan’s authority a task reported done to review, until it reviews it', async () => {
    const plan = await call(
      {
        method: 'POST',
        path: '/v1/plans',
        claims: province,
        headers: { 'idempotency-key': `plan-${tag}` },
        body: { title: `创建规划 ${tag}`, regionCode: '420000', phases: [{ name: '夯实基础', from: today, to: addDays(today, 90) }] },
      },
      201,
    );
    const task = await call(
      {
        method: 'POST',
        path: `/v1/plans/${plan.body.id}/tasks`,
        claims: province,
        body: {
          title: '建立工作台账',
          responsibleAgency: city.agencyId,
          phase: '夯实基础',
          dueOn: addDays(today, 20),
          measure: '台账齐全',
        },
      },
      201,
    );
    taskId = task.body.id;
    await call({ method: 'POST', path: `/v1/tasks/${taskId}/progress`, claims: city, body: { percent: 50, text: '完成一半' } }, 201);
    expect(await countsOf(province)).toEqual({});
    await call({ method: 'POST', path: `/v1/tasks/${taskId}/progress`, claims: city, body: { percent: 100, text: '已完成' } }, 201);
    const work = await workOf(province);
    expect(work['task-review']).toEqual({ count: 1, oldest: today, ids: [taskId], label: '待审核的创建任务' });
    await call({ method: 'POST', path: `/v1/tasks/${taskId}/review`, claims: province, body: { decision: 'accept' } });
    expect(await countsOf(province)).toEqual({});
  });

  it('gives the issuer a recheck until its outcome, and a naming expiring without a renewal until it is revoked', async () => {
    const store = mainStore();
    const unit = await newUnit(county, `黄石港区丁社区 ${tag}`, '420202');
    const now = new Date().toISOString();
    const named = await createNaming(store, unit, { level: 'province', namedOn: today, issuedBy: province.agencyId }, actor, today, now);
    namingId = named.id;
    const recheck = await call(
      {
        method: 'POST',
        path: `/v1/namings/${namingId}/rechecks`,
        claims: province,
        body: { kind: 'look-back', dueOn: addDays(today, 60), assignees: [province.agencyId] },
      },
      201,
    );
    recheckId = recheck.body.id;
    expect((await workOf(province)).recheck).toMatchObject({ count: 1, ids: [recheckId] });

    // A naming of another unit made 5 years less 60 days ago: it expires within the first reminder's 180 days.
    const other = await newUnit(county, `黄石港区戊社区 ${tag}`, '420202');
    const old = await createNaming(
      store,
      other,
      { level: 'province', namedOn: addDays(plusYears(today, -5), 60), issuedBy: province.agencyId },
      actor,
      today,
      now,
    );
    expiringId = old.id;
    await sweep({ schedule: 'agenda-sweep', date: today }, lambdaContext('agenda-sweep'));
    const work = await workOf(province);
    expect(work.expiring).toEqual({ count: 1, oldest: old.expiresOn, ids: [expiringId], label: '即将期满且未重新申报的命名' });
    // The next sweep finds it there already: still one.
    await sweep({ schedule: 'agenda-sweep', date: addDays(today, 1) }, lambdaContext('agenda-sweep'));
    expect((await countsOf(province)).expiring).toBe(1);

    await call({
      method: 'POST',
      path: `/v1/namings/${namingId}/rechecks/${recheckId}/outcome`,
      claims: province,
      body: { outcome: 'pass' },
    });
    await call({ method: 'POST', path: `/v1/namings/${expiringId}/revoke`, claims: province, body: { reason: '复查不合格' } });
    expect(await countsOf(province)).toEqual({});
  });

  it('shows each caller its own work only: the district, the city, the province, the reviewer and a unit', async () => {
    const c = submissions[2]!;
    expect(await countsOf(county)).toEqual({ endorse: 1 });
    expect(await countsOf(city)).toEqual({ endorse: 1 });
    expect(await countsOf(province)).toEqual({});
    expect(await countsOf(reviewer)).toEqual({});
    expect(await countsOf(unitUser('someone-else', '420202'))).toEqual({});
    // An authority of another district sees none of this district's endorsements.
    expect(await countsOf(authority('420203', `xisaishan-work-${tag}`))).toEqual({});
    await transition(county, c, 'endorse');
    expect(await countsOf(county)).toEqual({});
    expect((await workOf(city)).endorse?.ids).toEqual([submissions[1], c]);
  });

  it('gets back the work of records stored before the index from the reindex (POST /v1/admin/reindex)', async () => {
    // Prepare: the city's two endorsements as older code stored them: no work items, no counter
    const store = mainStore();
    const partition = { pk: 'WORK#R#420200' };
    const { Items = [] } = await store.doc.send(
      new QueryCommand({ TableName: store.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition.pk } }),
    );
    expect(Items).toHaveLength(3);
    for (const item of Items) await store.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: item.pk, sk: item.sk } }));
    expect(await countsOf(city)).toEqual({});

    // Act: every call until the reindex is done
    let cursor: string | undefined;
    do {
      const run = await call({ method: 'POST', path: '/v1/admin/reindex', claims: admin, body: cursor ? { cursor } : {} });
      cursor = run.body.cursor;
    } while (cursor);

    // Assess: both back, in order; a second run adds nothing
    expect((await workOf(city)).endorse).toMatchObject({ count: 2, ids: [submissions[1], submissions[2]] });
    await call({ method: 'POST', path: '/v1/admin/reindex', claims: admin, body: {} });
    expect(await countsOf(city)).toEqual({ endorse: 2 });
  });

  it('pages one kind with ?kind=, and refuses a cursor it never gave (400)', async () => {
    const page = await call({ method: 'GET', path: '/v1/me/work', claims: city, query: { kind: 'endorse' } });
    expect(page.body.kinds).toHaveLength(1);
    expect(page.body.kinds[0]).toMatchObject({ kind: 'endorse', count: 2, items: [{ id: submissions[1] }, { id: submissions[2] }] });
    expect((await call({ method: 'GET', path: '/v1/me/work', claims: city, query: { kind: 'filing' } })).body).toEqual({ kinds: [] });
    const bad = await callApi({ method: 'GET', path: '/v1/me/work', claims: city, query: { kind: 'endorse', cursor: 'bm90LWEtY3Vyc29y' } });
    expectProblem(bad, 400);
  });
});
