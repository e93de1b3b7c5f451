import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getClients } from '../../shared/clients.ts';
import { getConfig } from '../../shared/config.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { callApi } from '../support/api.ts';
import { authority, unitUser } from '../support/callers.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { deliverToNotifier, drainQueue } from '../support/notices-queue.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { communitySheet, expectProblem, ifMatch, openCampaign } from '../support/workflow.ts';

/*
 * A unit's dossier (`GET /v1/units/{id}/dossier`, issue #20) in 荆州市 (421000): a community of 沙市区 (421002), named by
 * the city, paired with a village for a mutual inspection (互观互检) whose notice was sent; two submissions — one scored
 * in a city campaign, with two evidence files of which one is confirmed, and one nominating an advanced individual —
 * and an instructor adjusted with a successor. Read by the unit, 沙市区, 荆州市, 荆州区 next door (421003, out of scope),
 * the village, a reviewer and finance; last, the unit moves to 江陵县 (421024). The table and the notices queue are
 * this file's own.
 */

const run = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const jingzhou = authority('421000', `jingzhou-${run}`);
const shashi = authority('421002', `shashi-${run}`);
const nextDoor = authority('421003', `jingzhouqu-${run}`);
const jiangling = authority('421024', `jiangling-${run}`);
const reviewer: Caller = { sub: `reviewer-${run}`, role: 'reviewer', agencyId: `jingzhou-experts-${run}`, region: '421000' };
const finance: Caller = { sub: `finance-${run}`, role: 'finance', agencyId: `jingzhou-finance-${run}`, region: '421000' };
const email = `dossier-${run}@example.cn`;
const nominee = {
  name: `被推荐人${run}`,
  gender: 'female',
  ethnicity: '土家族',
  workUnit: '沙市区民族团结社区',
  position: '社区党委书记',
  deeds: `事迹-${run}：带领各族群众共建共享`,
};

let sqs: SQSClient;
let queueUrl: string;
let unitId: string;
let unitName: string;
let unitCaller: Caller;
let partnerCaller: Caller;
let namingId: string;
let certificateNo: string;
let inspectionId: string;
let campaignId: string;
let scoredId: string;
let nominationId: string;
let leavingId: string;
let successorId: string;

/** Calls the API and expects `status`, quoting the answer otherwise. */
async function ok(status: number, request: HttpRequest): Promise<Answer> {
  const answer = await callApi(request);
  expect(answer.status, `${request.method} ${request.path}: ${answer.raw}`).toBe(status);
  return answer;
}

const get = (path: string, claims: Caller) => ok(200, { method: 'GET', path, claims });
const dossierOf = (claims: Caller) => callApi({ method: 'GET', path: `/v1/units/${unitId}/dossier`, claims });
const drain = () => drainQueue(sqs, queueUrl);

/** A community or village of 沙市区, registered by its county. */
async function newUnit(name: string, type: 'community' | 'village', contact: string): Promise<string> {
  const created = await ok(201, {
    method: 'POST',
    path: '/v1/units',
    claims: shashi,
    body: { name, type, regionCode: '421002', zone: false, contacts: [{ name: '李红', email: contact }] },
  });
  return created.body.id;
}

/** Declares an evidence file of the scored submission; `upload` puts its bytes where the presigned PUT says, `confirm` checks them. */
async function evidence(name: string, steps: { upload: boolean; confirm: boolean }): Promise<void> {
  const bytes = Buffer.from(`%PDF-1.4 ${name}`);
  const declared = await ok(201, {
    method: 'POST',
    path: `/v1/submissions/${scoredId}/evidence`,
    claims: unitCaller,
    body: {
      fileName: `${name}.pdf`,
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
  });
  if (steps.upload) {
    const put = await fetch(declared.body.upload.url, { method: 'PUT', headers: declared.body.upload.headers, body: bytes });
    expect(put.ok).toBe(true);
  }
  if (steps.confirm)
    await ok(200, { method: 'POST', path: `/v1/submissions/${scoredId}/evidence/${declared.body.id}/confirm`, claims: unitCaller });
}

/** The scored submission: applied, self-assessed, two evidence files (one confirmed), endorsed, both rounds scored and closed. */
async function scoredSubmission(): Promise<void> {
  campaignId = await openCampaign(jingzhou, today, `dossier-${run}`);
  const applied = await ok(201, { method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: unitCaller, body: {} });
  scoredId = applied.body.id;
  await ok(200, {
    method: 'PUT',
    path: `/v1/submissions/${scoredId}/self-assessment`,
    claims: unitCaller,
    headers: ifMatch(applied.body.version),
    body: { values: communitySheet() },
  });
  await evidence(`台账-${run}-1`, { upload: true, confirm: true });
  await evidence(`台账-${run}-2`, { upload: false, confirm: false });
  let current = await get(`/v1/submissions/${scoredId}`, unitCaller);
  for (const [claims, action] of [
    [unitCaller, 'submit'],
    [shashi, 'endorse'],
    [jingzhou, 'endorse'],
  ] as const) {
    current = await ok(200, {
      method: 'POST',
      path: `/v1/submissions/${scoredId}/transitions`,
      claims,
      headers: ifMatch(current.body.version),
      body: { action },
    });
  }
  await ok(200, {
    method: 'PUT',
    path: `/v1/reviewers/${reviewer.sub}`,
    claims: jingzhou,
    body: { name: '市级评审专家', agencyId: reviewer.agencyId, regionCode: '421022' },
  });
  for (const round of ['document', 'on-site']) {
    await ok(201, {
      method: 'POST',
      path: `/v1/submissions/${scoredId}/rounds/${round}/assignments`,
      claims: jingzhou,
      body: { reviewerId: reviewer.sub },
    });
    await ok(201, {
      method: 'PUT',
      path: `/v1/submissions/${scoredId}/rounds/${round}/sheets/mine`,
      claims: reviewer,
      body: { values: communitySheet() },
    });
    await ok(200, { method: 'POST', path: `/v1/submissions/${scoredId}/rounds/${round}/close`, claims: jingzhou });
  }
}

/** An instructor of 沙市区 in the database. */
async function newInstructor(name: string, n: number): Promise<string> {
  const created = await ok(201, {
    method: 'POST',
    path: '/v1/instructors',
    claims: shashi,
    body: {
      name,
      gender: 'male',
      ethnicity: '汉族',
      phone: `1397100${String(n).padStart(4, '0')}`,
      email: `instructor-${n}-${run}@example.cn`,
      employer: '沙市区民族宗教事务局',
      position: '科员',
      regionCode: '421002',
      source: 'unit-recommendation',
    },
  });
  return created.body.id;
}

beforeAll(async () => {
  await useOwnMainTable('unit-dossier');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `unit-dossier-${run}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;

  unitName = `沙市区民族团结社区 ${run}`;
  unitId = await newUnit(unitName, 'community', email);
  unitCaller = unitUser(unitId, '421002');
  const partnerId = await newUnit(`沙市区民族团结村 ${run}`, 'village', `partner-${run}@example.cn`);
  partnerCaller = unitUser(partnerId, '421002');

  // Both named by the city a year ago, then paired: each unit is told whom it inspects and is inspected by.
  const year = today.slice(0, 4);
  certificateNo = `荆民示〔${year}〕0001`;
  const imported = await ok(201, {
    method: 'POST',
    path: '/v1/namings/import',
    claims: jingzhou,
    body: {
      rows: [
        { unitId, level: 'city', certificateNo, namedOn: addYears(today, -1) },
        { unitId: partnerId, level: 'city', certificateNo: `荆民示〔${year}〕0002`, namedOn: addYears(today, -1) },
      ],
    },
  });
  const [named, partnerNamed] = imported.body.created as { id: string }[];
  namingId = named!.id;
  const inspection = await ok(201, {
    method: 'POST',
    path: `/v1/namings/${namingId}/rechecks`,
    claims: jingzhou,
    body: { kind: 'inspection', dueOn: addDays(today, 30), assignees: [jingzhou.agencyId], pairedNamingId: partnerNamed!.id },
  });
  inspectionId = inspection.body.id;
  expect(await deliverToNotifier(await drain())).toEqual([]);

  await scoredSubmission();
  const individuals = await openCampaign(jingzhou, today, `individual-${run}`, { honour: 'individual' });
  nominationId = (
    await ok(201, { method: 'POST', path: `/v1/campaigns/${individuals}/submissions`, claims: unitCaller, body: { nominee } })
  ).body.id;

  // One instructor appointed today, then replaced by another for a change of job: one ended, one in force.
  leavingId = await newInstructor('张强', 1);
  successorId = await newInstructor('王磊', 2);
  await ok(201, {
    method: 'POST',
    path: `/v1/units/${unitId}/instructors`,
    claims: shashi,
    body: { instructorId: leavingId, appointedOn: today },
  });
  await ok(200, {
    method: 'POST',
    path: `/v1/instructors/${leavingId}/adjustments`,
    claims: shashi,
    body: { reason: 'job-change', successorId },
  });
}, 180_000);

/** The dossier's entry of a submission. */
const entryOf = (dossier: Answer, id: string) =>
  (dossier.body.submissions as { submission: Record<string, any>; evidence?: unknown }[]).find((s) => s.submission.id === id)!;

describe('Route: GET /v1/units/{id}/dossier', () => {
  it("shows the unit's county the unit, its naming with the inspection and its notice, both submissions and both instructors", async () => {
    const dossier = await dossierOf(shashi);

    expect(dossier.status, dossier.raw).toBe(200);
    expect(dossier.body.unit).toMatchObject({ id: unitId, name: unitName, regionCode: '421002' });
    expect(dossier.body.namings).toHaveLength(1);
    const [naming] = dossier.body.namings;
    expect(naming.naming).toMatchObject({ id: namingId, certificateNo, level: 'city', status: 'active', shownStatus: 'active' });
    expect(naming.rechecks).toEqual([
      expect.objectContaining({ id: inspectionId, kind: 'inspection', status: 'open', pairedUnitId: partnerCaller.agencyId }),
    ]);
    expect(naming.notices).toEqual([
      expect.objectContaining({ id: `recheck#${inspectionId}#paired`, kind: 'inspection-paired', status: 'sent', to: [email] }),
    ]);
    expect(naming).not.toHaveProperty('moreNotices');

    // Newest first: the nomination, then the scored application with its result and its files counted.
    expect(dossier.body.submissions.map((s: { submission: { id: string } }) => s.submission.id)).toEqual([nominationId, scoredId]);
    const scored = entryOf(dossier, scoredId);
    expect(scored.submission).toMatchObject({ campaignId, state: 'scored', closedRounds: ['document', 'on-site'] });
    expect(scored.submission.result.final).toEqual(expect.any(Number));
    expect(scored.submission).not.toHaveProperty('exactFinal');
    expect(scored.evidence).toEqual({ total: 2, confirmed: 1 });
    const nomination = entryOf(dossier, nominationId);
    expect(nomination.submission).toMatchObject({ state: 'draft', honour: 'individual', nominee });
    expect(nomination.evidence).toEqual({ total: 0, confirmed: 0 });

    expect(dossier.body.instructors).toEqual([
      expect.objectContaining({ instructorId: successorId, status: 'active', appointedOn: today }),
      expect.objectContaining({ instructorId: leavingId, status: 'ended', endReason: 'job-change', successorId, endedOn: today }),
    ]);
  });

  it('shows the county and the unit each part exactly as its own route shows it to them', async () => {
    for (const claims of [shashi, unitCaller]) {
      const dossier = await dossierOf(claims);
      expect(dossier.status, dossier.raw).toBe(200);
      expect(dossier.body.unit).toEqual((await get(`/v1/units/${unitId}`, claims)).body);
      expect(dossier.body.namings).toEqual([
        {
          naming: (await get(`/v1/namings/${namingId}`, claims)).body,
          rechecks: (await get(`/v1/namings/${namingId}/rechecks`, claims)).body.items,
          notices: (await get(`/v1/namings/${namingId}/notices`, claims)).body.items,
        },
      ]);
      const listed = (await get(`/v1/units/${unitId}/submissions`, claims)).body.items;
      expect(dossier.body.submissions.map((s: { submission: unknown }) => s.submission)).toEqual(listed);
      for (const id of [scoredId, nominationId]) {
        const files: { status: string }[] = (await get(`/v1/submissions/${id}/evidence`, claims)).body.items;
        expect(entryOf(dossier, id).evidence).toEqual({
          total: files.length,
          confirmed: files.filter((f) => f.status === 'confirmed').length,
        });
      }
      expect(dossier.body.instructors).toEqual((await get(`/v1/units/${unitId}/instructors`, claims)).body.items);
    }
  });

  it('keeps the result from the unit until the campaign is ranked, and shows it the nominee it put forward', async () => {
    const before = entryOf(await dossierOf(unitCaller), scoredId).submission;
    expect(before.state).toBe('scored');
    expect(before).not.toHaveProperty('result');
    expect(before).not.toHaveProperty('ranking');
    expect(entryOf(await dossierOf(unitCaller), nominationId).submission.nominee).toEqual(nominee);

    await ok(200, { method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: jingzhou });
    await drain();

    const byUnit = entryOf(await dossierOf(unitCaller), scoredId).submission;
    const byCounty = entryOf(await dossierOf(shashi), scoredId).submission;
    expect(byUnit.ranking).toMatchObject({ rank: 1 });
    expect(byUnit.result).toEqual(byCounty.result);
  });

  it('answers 404 to an authority of another county and to another unit (even one paired with it), and shows them nothing', async () => {
    for (const claims of [nextDoor, partnerCaller]) {
      const answer = await dossierOf(claims);
      expectProblem(answer, 404, 'not-found');
      for (const secret of [unitName, certificateNo, email, nominee.deeds, namingId, scoredId, nominationId])
        expect(answer.raw).not.toContain(secret);
    }
  });

  it('refuses a reviewer (even the one assigned to its submission) and finance with 403: their routes are elsewhere', async () => {
    expectProblem(await dossierOf(reviewer), 403, 'forbidden');
    expectProblem(await dossierOf(finance), 403, 'forbidden');
  });

  it("reads by the unit's keys — one GetItem, Queries and one BatchGetItem, no Scan — and counts evidence without reading it", async () => {
    const { dynamo } = getClients();
    const main = getConfig().TABLE_MAIN;
    const seen: { command: string; input: Record<string, any> }[] = [];
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, any>;
        if (input.TableName === main || (input.RequestItems && main in input.RequestItems))
          seen.push({ command: String(context.commandName), input });
        return next(args);
      },
      { step: 'initialize', name: 'dossierReads' },
    );
    try {
      expect((await dossierOf(shashi)).status).toBe(200);
    } finally {
      dynamo.middlewareStack.remove('dossierReads');
    }

    // The unit (1 GetItem); its namings, submission guards and appointments (3 Queries) and the submissions
    // (1 BatchGetItem); per naming its rechecks and notices (2 Queries); per submission one count (2 Queries).
    const commands = seen.map((s) => s.command);
    expect(commands.filter((c) => c === 'GetItemCommand')).toHaveLength(1);
    expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(1);
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(3 + 2 + 2);
    expect(commands).toHaveLength(9);
    const counts = seen.filter((s) => s.input.Select === 'COUNT');
    expect(counts.map((s) => s.input.ExpressionAttributeValues[':pk']).sort()).toEqual([`SUB#${scoredId}`, `SUB#${nominationId}`].sort());
  });

  it("follows each part's own rule once the unit moves: its new county reads no naming nor evidence made in 沙市区", async () => {
    const unit = await get(`/v1/units/${unitId}`, jingzhou);
    await ok(200, {
      method: 'PATCH',
      path: `/v1/units/${unitId}`,
      claims: jingzhou,
      headers: { 'if-match': unit.headers.etag! },
      body: { regionCode: '421024' },
    });

    expectProblem(await dossierOf(shashi), 404, 'not-found');
    const moved = await dossierOf(jiangling);
    expect(moved.status, moved.raw).toBe(200);
    expect(moved.body.unit.regionCode).toBe('421024');
    // As their own routes answer 江陵县: the naming and the evidence lie in 沙市区; the unit's submissions and instructors follow the unit.
    expect(moved.body.namings).toEqual([]);
    expectProblem(await callApi({ method: 'GET', path: `/v1/namings/${namingId}`, claims: jiangling }), 404, 'not-found');
    for (const id of [scoredId, nominationId]) {
      expect(entryOf(moved, id)).not.toHaveProperty('evidence');
      expectProblem(await callApi({ method: 'GET', path: `/v1/submissions/${id}/evidence`, claims: jiangling }), 404, 'not-found');
    }
    expect(moved.body.submissions).toHaveLength(2);
    expect(moved.body.instructors).toHaveLength(2);

    // The unit itself and the city, whose region covers both counties, still read everything.
    for (const claims of [unitCaller, jingzhou]) {
      const whole = await dossierOf(claims);
      expect(whole.body.namings.map((n: { naming: { id: string } }) => n.naming.id)).toEqual([namingId]);
      expect(entryOf(whole, scoredId).evidence).toEqual({ total: 2, confirmed: 1 });
    }
  });
});
