import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { handler as namingsFn } from '../../functions/namings/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { createNaming, getNaming } from '../../shared/data/namings.ts';
import { getClients, mainStore } from '../../shared/clients.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { fullSheet } from '../../infra/local/demo-campaign.ts';
import { lambdaContext, type Answer } from '../support/events.ts';
import { admin, authority, unitUser } from '../support/callers.ts';
import { callCampaigns, callFrameworks, callUnits, via } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { drainQueue } from '../support/notices-queue.ts';

/*
 * Who hears about a naming, and when they stop hearing: 咸宁市 (421200). Notices go to the unit and its supervising
 * authority and name the issuer's contact from the authority directory; submitting a renewal stops the reminders.
 * The table and the notices queue are this file's own: the sweep runs on dates in the future.
 */

const callNamings = via(namingsFn, 'namings');
const xianning = authority('421200', 'xianning-ethnic-affairs');
const today = civilDateAt(new Date());
const actor = { sub: 't', role: 'authority', agencyId: 'xianning-ethnic-affairs', requestId: 't' };
let sqs: SQSClient;
let queueUrl: string;

const drain = () => drainQueue(sqs, queueUrl);

const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

async function newUnit(name: string): Promise<Unit> {
  const created = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: xianning,
    body: {
      name,
      type: 'community',
      regionCode: '421202',
      zone: false,
      authorityId: 'xianan-ethnic-affairs',
      contacts: [{ name: '周敏', email: `unit-${randomUUID().slice(0, 6)}@example.cn` }],
    },
  });
  expect(created.status).toBe(201);
  return created.body as Unit;
}

beforeAll(async () => {
  await useOwnMainTable('audience');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `audience-${randomUUID().slice(0, 8)}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
  // The directory: the issuer (咸宁市) and the supervising authority of the units (咸安区).
  const issuer = await callUnits({
    method: 'PUT',
    path: '/v1/authorities/xianning-ethnic-affairs',
    claims: xianning,
    body: {
      name: '咸宁市民族宗教事务局',
      regionCode: '421200',
      contacts: [{ name: '陈刚', email: 'chengang@xianning.example.cn', phone: '0715-8120000' }],
    },
  });
  expect(issuer.status).toBe(200);
  const supervisor = await callUnits({
    method: 'PUT',
    path: '/v1/authorities/xianan-ethnic-affairs',
    claims: admin,
    body: { name: '咸安区民族宗教事务局', regionCode: '421202', contacts: [{ name: '刘洁', email: 'liujie@xianan.example.cn' }] },
  });
  expect(supervisor.status).toBe(200);
});

describe('The authority directory', () => {
  it('lets an authority keep only its own entry, and conditionally with If-Match', async () => {
    const other = await callUnits({
      method: 'PUT',
      path: '/v1/authorities/xianan-ethnic-affairs',
      claims: xianning,
      body: { name: '冒名', regionCode: '421202', contacts: [{ name: '某', email: 'x@example.cn' }] },
    });
    expect(other.status).toBe(403);
    const stale = await callUnits({
      method: 'PUT',
      path: '/v1/authorities/xianning-ethnic-affairs',
      claims: xianning,
      headers: { 'if-match': '"99"' },
      body: { name: '咸宁市民族宗教事务局', regionCode: '421200', contacts: [{ name: '陈刚', email: 'chengang@xianning.example.cn' }] },
    });
    expect(stale.status).toBe(412);
    const read = await callUnits({ method: 'GET', path: '/v1/authorities/xianan-ethnic-affairs', claims: unitUser('someone', '421202') });
    expect(read.body).toMatchObject({ agencyId: 'xianan-ethnic-affairs', name: '咸安区民族宗教事务局', version: 1 });
    expect((await callUnits({ method: 'GET', path: '/v1/authorities/nobody', claims: xianning })).status).toBe(404);
  });
});

describe('Naming notices', () => {
  it('go to the unit and its supervising authority, naming whom to reach at the issuer; a renewal under way silences them, a withdrawn one lets them resume', async () => {
    await drain();
    const unit = await newUnit('咸安区温泉社区');
    // Named 5 years less 30 days ago: the 30-day reminder is due today.
    const naming = await createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn: addDays(addYears(today, -5), 30), issuedBy: 'xianning-ethnic-affairs' },
      actor,
      today,
      new Date().toISOString(),
    );
    await runSweep(today);
    const [reminder, ...more] = (await drain()).filter((n) => n.about === `naming#${naming.id}`);
    expect(more).toEqual([]);
    expect(reminder!.to.sort()).toEqual([unit.contacts[0]!.email, 'liujie@xianan.example.cn'].sort());
    expect(reminder!.text).toContain('咸宁市民族宗教事务局（陈刚，0715-8120000，chengang@xianning.example.cn）');
    expect(reminder!.text).toContain('重新申报提交后，本提醒即停止');

    // The unit applies again to a city naming campaign and submits.
    const framework = await callFrameworks({
      method: 'POST',
      path: '/v1/frameworks',
      claims: xianning,
      body: { ...demoFramework, version: `audience-${randomUUID().slice(0, 8)}` },
    });
    const benchmarks = { nationalGdpGrowth: 5, provincialIncomeGrowth: 5 };
    const campaign = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: xianning,
      body: {
        name: '咸宁市重新申报',
        kind: 'naming',
        level: 'city',
        frameworkId: framework.body.id,
        rounds: [{ name: 'document', weight: 1 }],
        passMark: 60,
        quota: 5,
        grassrootsShare: 0.5,
        benchmarks,
        dates: {
          applicationsOpen: addDays(today, -1),
          applicationsClose: addDays(today, 10),
          documentReview: { from: addDays(today, 11), to: addDays(today, 20) },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 7,
        },
      },
    });
    expect(campaign.status).toBe(201);
    const me = unitUser(unit.id, '421202');
    const submission = await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaign.body.id}/submissions`, claims: me, body: {} });
    const assessed = await callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${submission.body.id}/self-assessment`,
      claims: me,
      headers: { 'if-match': submission.headers.etag! },
      body: { values: fullSheet(demoFramework, 'community', benchmarks) },
    });
    expect(assessed.status).toBe(200);
    const submitted = await callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submission.body.id}/transitions`,
      claims: me,
      headers: { 'if-match': assessed.headers.etag! },
      body: { action: 'submit' },
    });
    expect(submitted.status).toBe(200);
    expect(await getNaming(mainStore(), naming.id)).toMatchObject({ renewalSubmissionId: submission.body.id, nextMilestone: 7 });

    // No 7-day reminder while the renewal is under way.
    await runSweep(addDays(naming.expiresOn, -7));
    expect((await drain()).filter((n) => n.about === `naming#${naming.id}`)).toEqual([]);

    // The unit withdraws it while the naming is in force: the next milestone due, the last day's, is sent once.
    const withdrawn = await callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submission.body.id}/transitions`,
      claims: me,
      headers: { 'if-match': submitted.headers.etag! },
      body: { action: 'withdraw' },
    });
    expect(withdrawn.status).toBe(200);
    await runSweep(naming.expiresOn);
    await runSweep(naming.expiresOn);
    const lastDay = (await drain()).filter((n) => n.about === `naming#${naming.id}`);
    expect(lastDay.map((n) => n.id)).toEqual([`naming#${naming.id}#expiry#0`]);
    expect(lastDay[0]!.subject).toContain('命名今日期满');
    expect((await getNaming(mainStore(), naming.id))?.status).toBe('active');

    // The day after its last day it is expired, without another notice.
    await runSweep(addDays(naming.expiresOn, 1));
    expect((await drain()).filter((n) => n.about === `naming#${naming.id}`)).toEqual([]);
    expect((await getNaming(mainStore(), naming.id))?.status).toBe('expired');
  });
});

describe('Revoking through a recheck', () => {
  it('decides the recheck and revokes the naming together, or neither', async () => {
    await drain();
    const unit = await newUnit('咸安区浮山社区');
    const naming = await createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn: addYears(today, -1), issuedBy: 'xianning-ethnic-affairs' },
      actor,
      today,
      new Date().toISOString(),
    );
    const recheck = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: xianning,
      body: { kind: 'recheck', dueOn: addDays(today, 20), assignees: ['咸宁市民宗局'] },
    });
    const other = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: xianning,
      body: { kind: 'look-back', dueOn: addDays(today, 20), assignees: ['咸宁市民宗局'] },
    });

    const revoked = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks/${recheck.body.id}/outcome`,
      claims: xianning,
      body: { outcome: 'revoke', reason: '复检发现创建工作严重滑坡' },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await getNaming(mainStore(), naming.id))?.status).toBe('revoked');
    const [notice] = (await drain()).filter((n) => n.about === `naming#${naming.id}`);
    expect(notice!.to).toContain('liujie@xianan.example.cn');

    // The naming is revoked already: revoking through the other recheck fails, and that recheck stays open.
    const again = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks/${other.body.id}/outcome`,
      claims: xianning,
      body: { outcome: 'revoke', reason: '再次撤销' },
    });
    expect(again.status).toBe(409);
    const rechecks = await callNamings({ method: 'GET', path: `/v1/namings/${naming.id}/rechecks`, claims: xianning });
    expect(rechecks.body.items.find((r: { id: string }) => r.id === other.body.id).status).toBe('open');
  });

  it('sends the revocation notice through the next sweep when the queue refused it at the time, and only once', async () => {
    await drain();
    const unit = await newUnit('咸安区向阳湖社区');
    const naming = await createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn: addYears(today, -2), issuedBy: 'xianning-ethnic-affairs' },
      actor,
      today,
      new Date().toISOString(),
    );
    // The queue fails while the revocation is made.
    const { sqs: queueClient } = getClients();
    queueClient.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });
      },
      { step: 'initialize', name: 'queueDown', priority: 'high' },
    );
    let revoked: Answer | undefined;
    try {
      revoked = await callNamings({
        method: 'POST',
        path: `/v1/namings/${naming.id}/revoke`,
        claims: xianning,
        body: { reason: '复核发现材料造假' },
      });
    } finally {
      queueClient.middlewareStack.remove('queueDown');
    }
    expect(revoked.status).toBe(200);
    expect((await drain()).filter((n) => n.about === `naming#${naming.id}`)).toEqual([]);

    await runSweep(today);
    await runSweep(today);
    const queued = (await drain()).filter((n) => n.about === `naming#${naming.id}`);
    expect(queued.map((n) => n.id)).toEqual([`naming#${naming.id}#revoked#${today}`]);
    expect(queued[0]!.to).toContain('liujie@xianan.example.cn');
  });
});
