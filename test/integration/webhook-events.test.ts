import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import { webhookEnvelope, webhookEventTypes, type WebhookEventType } from '../../shared/domain/webhooks.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { callApi } from '../support/api.ts';
import { authority, unitUser } from '../support/callers.ts';
import { lambdaContext } from '../support/events.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { communitySheet, ifMatch, openCampaign } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { ownWebhookQueues, startReceiver, verified, WebhookPipeline, type Received } from '../support/webhooks.ts';

/*
 * The events of a campaign's steps (issue #21 proof) in 武汉市 (420100): the city, 江岸区 (420102) and 湖南 (430000)
 * each subscribe to every event. Units of 江岸区 and 江汉区 (420103) go through the city's campaign to their namings;
 * then a naming is revoked, a filing is submitted and acknowledged, a task reported, and the sweep passes a naming's
 * and a recheck's reminders. The city's receiver gets every event, 江岸区's those of its own unit and region only,
 * 湖南's none. The table and queues are this file's own (the sweep runs on future dates); the receivers are on loopback.
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const wuhan = authority('420100', `wuhan-${tag}`);
const jiangan = authority('420102', `jiangan-${tag}`);
const jianghan = authority('420103', `jianghan-${tag}`);
const hunan = authority('430000', `hunan-${tag}`);
const reviewer: Caller = { sub: `events-reviewer-${tag}`, role: 'reviewer', agencyId: `wuhan-experts-${tag}`, region: '420100' };

/** Every contact detail of this file's people: no delivered body may hold any of them. */
const personal: string[] = [];
const contact = (who: string, name: string, n: number) => {
  const person = { name, email: `${who}-${tag}@secret.example.cn`, phone: `1397${String(n).padStart(7, '0')}` };
  personal.push(person.name, person.email, person.phone);
  return person;
};

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
interface Subscriber {
  receiver: Receiver;
  secret: string;
  /** What it has been checked against so far: each test reads only what arrived since. */
  seen: number;
}
let pipeline: WebhookPipeline;
const subscribers = {} as Record<'city' | 'county' | 'hunan', Subscriber>;

const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

async function ok(status: number, request: HttpRequest): Promise<Answer> {
  const answer = await callApi(request);
  expect(answer.status, `${request.method} ${request.path}: ${answer.raw}`).toBe(status);
  return answer;
}

interface Event {
  id: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  body: string;
}

/** What a subscriber got since the last call: each verified with `standardwebhooks`, each envelope valid for its type. */
function newEvents(who: keyof typeof subscribers): Event[] {
  const subscriber = subscribers[who];
  const fresh = subscriber.receiver.received.slice(subscriber.seen);
  subscriber.seen = subscriber.receiver.received.length;
  return fresh.map((request: Received) => {
    const envelope = verified(subscriber.secret, request);
    const type = envelope.type as WebhookEventType;
    expect(webhookEventTypes).toContain(type);
    expect(webhookEnvelope(type).safeParse(envelope).error).toBeUndefined();
    for (const secret of personal) expect(request.body).not.toContain(secret);
    return { id: String(request.headers['webhook-id']), type, data: envelope.data, body: request.body };
  });
}

/** An event as the tests count it: its type and what tells it apart. */
const describeEvent = (e: Event): string => {
  const d = e.data;
  if (e.type === 'submission.state-changed') return `${e.type} ${d.unitId} ${d.from}→${d.to}`;
  if (e.type.startsWith('campaign.')) return `${e.type} ${d.campaignId}`;
  if (e.type.startsWith('naming.')) return `${e.type} ${d.namingId}${d.daysLeft === undefined ? '' : ` ${d.daysLeft}`}`;
  if (e.type.startsWith('recheck.')) return `${e.type} ${d.recheckId}${d.daysLeft === undefined ? '' : ` ${d.daysLeft}`}`;
  if (e.type.startsWith('filing.')) return `${e.type} ${d.filingId}`;
  return `${e.type} ${d.taskId}`;
};
const sorted = (events: readonly string[]) => [...events].sort();
const counted = (events: readonly Event[]) => {
  // Each event once: a receiver de-duplicating on webhook-id would drop nothing.
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  return sorted(events.map(describeEvent));
};

async function newUnit(name: string, regionCode: string, who: string, n: number): Promise<Unit> {
  const created = await ok(201, {
    method: 'POST',
    path: '/v1/units',
    claims: wuhan,
    body: { name: `${name}${tag}`, type: 'community', regionCode, zone: false, contacts: [contact(who, `${who}主任`, n)] },
  });
  return created.body as Unit;
}

beforeAll(async () => {
  const table = await useOwnMainTable('webhook-events', { stream: true });
  pipeline = await WebhookPipeline.of(table, await ownWebhookQueues(tag));
  for (const [who, caller] of [
    ['city', wuhan],
    ['county', jiangan],
    ['hunan', hunan],
  ] as const) {
    const receiver = await startReceiver();
    const created = await ok(201, {
      method: 'POST',
      path: '/v1/webhooks',
      claims: caller,
      body: { url: receiver.url, events: [...webhookEventTypes], description: `全部事件 ${tag}` },
    });
    subscribers[who] = { receiver, secret: created.body.secret, seen: 0 };
  }
  // 江岸区's directory entry (a task's responsible agency is one the directory knows); its contact must not leak either.
  await ok(200, {
    method: 'PUT',
    path: `/v1/authorities/${jiangan.agencyId}`,
    claims: jiangan,
    body: { name: `江岸区民族宗教事务局${tag}`, regionCode: '420102', contacts: [contact('jiangan-contact', '区联络员', 9)] },
  });
  await ok(200, {
    method: 'PUT',
    path: `/v1/reviewers/${reviewer.sub}`,
    claims: wuhan,
    body: { name: '市级评审专家', agencyId: reviewer.agencyId, regionCode: '420111' },
  });
}, 60_000);

afterAll(async () => {
  for (const subscriber of Object.values(subscribers)) await subscriber.receiver.close();
  delete process.env.TABLE_MAIN;
});

/** The state of a submission as the API shows it. */
const stateOf = async (id: string) => (await ok(200, { method: 'GET', path: `/v1/submissions/${id}`, claims: wuhan })).body.state;

let jianganUnit: Unit;
let jianganNamingId: string;

describe('Webhook events of a campaign, in scope and none outside it', () => {
  it("delivers each submission's state changes, the campaign's steps and its namings to the city; the county its own unit's; 湖南 nothing", {
    timeout: 300_000,
  }, async () => {
    jianganUnit = await newUnit('江岸民族团结社区', '420102', 'jiangan-unit', 1);
    const jianghanUnit = await newUnit('江汉民族团结社区', '420103', 'jianghan-unit', 2);
    const campaignId = await openCampaign(wuhan, today, tag, {
      rounds: [{ name: 'document', weight: 1 }],
      quota: 5,
      grassrootsShare: 0,
      dates: { onSiteReview: undefined, appealWorkingDays: 1, publicNoticeWorkingDays: 1 },
    });

    // Each unit applies, self-assesses, submits; its county endorses, then the city; one reviewer scores the round.
    const submissions = new Map<string, string>();
    for (const [unit, county] of [
      [jianganUnit, jiangan],
      [jianghanUnit, jianghan],
    ] as const) {
      const me = unitUser(unit.id, unit.regionCode);
      const applied = await ok(201, { method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} });
      const id = applied.body.id as string;
      submissions.set(unit.id, id);
      expect(applied.body.state).toBe('draft');
      const assessed = await ok(200, {
        method: 'PUT',
        path: `/v1/submissions/${id}/self-assessment`,
        claims: me,
        headers: ifMatch(applied.body.version),
        body: { values: communitySheet() },
      });
      let moved = await ok(200, {
        method: 'POST',
        path: `/v1/submissions/${id}/transitions`,
        claims: me,
        headers: ifMatch(assessed.body.version),
        body: { action: 'submit' },
      });
      expect(moved.body.state).toBe('submitted');
      moved = await ok(200, {
        method: 'POST',
        path: `/v1/submissions/${id}/transitions`,
        claims: county,
        headers: ifMatch(moved.body.version),
        body: { action: 'endorse' },
      });
      // The county's endorsement passes it up the chain without changing its state.
      expect(moved.body.state).toBe('submitted');
      moved = await ok(200, {
        method: 'POST',
        path: `/v1/submissions/${id}/transitions`,
        claims: wuhan,
        headers: ifMatch(moved.body.version),
        body: { action: 'endorse' },
      });
      expect(moved.body.state).toBe('recommended');
      await ok(201, {
        method: 'POST',
        path: `/v1/submissions/${id}/rounds/document/assignments`,
        claims: wuhan,
        body: { reviewerId: reviewer.sub },
      });
      expect(await stateOf(id)).toBe('in-review');
      await ok(201, {
        method: 'PUT',
        path: `/v1/submissions/${id}/rounds/document/sheets/mine`,
        claims: reviewer,
        body: { values: communitySheet() },
      });
      expect(await stateOf(id)).toBe('in-review');
      await ok(200, { method: 'POST', path: `/v1/submissions/${id}/rounds/document/close`, claims: wuhan });
      expect(await stateOf(id)).toBe('scored');
    }
    const ranked = await ok(200, { method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: wuhan });
    expect(ranked.body.status).toBe('ranked');
    // The time-driven steps: results final the day after the appeal window, named the day after the public notice.
    await runSweep(addDays(ranked.body.appealEndsOn, 1));
    const noticed = await ok(200, { method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: wuhan });
    expect(noticed.body.status).toBe('public-notice');
    for (const id of submissions.values()) expect(await stateOf(id)).toBe('public-notice');
    await runSweep(addDays(noticed.body.noticeEndsOn, 1));
    const concluded = await ok(200, { method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: wuhan });
    expect(concluded.body.status).toBe('concluded');
    const namingOf = new Map<string, string>();
    for (const [unitId, id] of submissions) {
      const named = await ok(200, { method: 'GET', path: `/v1/submissions/${id}`, claims: wuhan });
      expect(named.body.state).toBe('named');
      namingOf.set(unitId, named.body.namingId);
    }
    jianganNamingId = namingOf.get(jianganUnit.id)!;

    await pipeline.settle();

    // Counted by hand: per submission, the seven writes that changed its state (apply, submit, the city's
    // endorsement, the assignment, the round's close, finalize+publish in one write, the naming); the campaign's
    // three steps; one naming per unit.
    const chain = ['none', 'draft', 'submitted', 'recommended', 'in-review', 'scored', 'public-notice', 'named'];
    const ofUnit = (unitId: string) => [
      ...chain.slice(1).map((to, i) => `submission.state-changed ${unitId} ${chain[i]}→${to}`),
      `naming.created ${namingOf.get(unitId)}`,
    ];
    const city = newEvents('city');
    expect(city).toHaveLength(2 * 8 + 3);
    expect(counted(city)).toEqual(
      sorted([
        ...ofUnit(jianganUnit.id),
        ...ofUnit(jianghanUnit.id),
        `campaign.ranked ${campaignId}`,
        `campaign.finalized ${campaignId}`,
        `campaign.concluded ${campaignId}`,
      ]),
    );
    const county = newEvents('county');
    expect(counted(county)).toEqual(sorted(ofUnit(jianganUnit.id)));
    expect(newEvents('hunan')).toEqual([]);

    // What the events carry: the submission's ids and region, the campaign's steps dated, the naming's terms.
    const submissionEvent = city.find(
      (e) => e.type === 'submission.state-changed' && e.data.to === 'named' && e.data.unitId === jianganUnit.id,
    )!;
    expect(submissionEvent.data).toEqual({
      submissionId: submissions.get(jianganUnit.id),
      campaignId,
      unitId: jianganUnit.id,
      regionCode: '420102',
      from: 'public-notice',
      to: 'named',
    });
    const steps = Object.fromEntries(city.filter((e) => e.type.startsWith('campaign.')).map((e) => [e.type, e.data]));
    expect(steps).toEqual({
      'campaign.ranked': { campaignId, level: 'city', regionCode: '420100', status: 'ranked', on: ranked.body.rankedOn },
      'campaign.finalized': { campaignId, level: 'city', regionCode: '420100', status: 'public-notice', on: noticed.body.finalOn },
      'campaign.concluded': { campaignId, level: 'city', regionCode: '420100', status: 'concluded' },
    });
    const naming = await ok(200, { method: 'GET', path: `/v1/namings/${jianganNamingId}`, claims: wuhan });
    expect(county.find((e) => e.type === 'naming.created')!.data).toEqual({
      namingId: jianganNamingId,
      unitId: jianganUnit.id,
      certificateNo: naming.body.certificateNo,
      kind: 'unit',
      level: 'city',
      regionCode: '420102',
      status: 'active',
      namedOn: naming.body.namedOn,
      expiresOn: naming.body.expiresOn,
    });
  });

  it('delivers a revoked naming to the city and the county of its unit, and not to 湖南', { timeout: 60_000 }, async () => {
    const revoked = await ok(200, {
      method: 'POST',
      path: `/v1/namings/${jianganNamingId}/revoke`,
      claims: wuhan,
      body: { reason: '复查不合格，撤销命名' },
    });
    expect(revoked.body.status).toBe('revoked');
    await pipeline.settle();

    for (const who of ['city', 'county'] as const) {
      const events = newEvents(who);
      expect(counted(events)).toEqual([`naming.revoked ${jianganNamingId}`]);
      expect(events[0]!.data).toMatchObject({ namingId: jianganNamingId, unitId: jianganUnit.id, status: 'revoked', revokedOn: today });
    }
    expect(newEvents('hunan')).toEqual([]);
  });

  it("delivers 江汉区's filing, submitted and acknowledged, to the city only; 江岸区's task reported to the city and 江岸区", {
    timeout: 60_000,
  }, async () => {
    const filed = await ok(201, { method: 'POST', path: '/v1/instructors/filings', claims: jianghan, body: { asOf: today } });
    expect(filed.body).toMatchObject({ regionCode: '420103', status: 'filed' });
    const acknowledged = await ok(200, { method: 'POST', path: `/v1/instructors/filings/${filed.body.id}/acknowledge`, claims: wuhan });
    expect(acknowledged.body.status).toBe('acknowledged');

    const plan = await ok(201, {
      method: 'POST',
      path: '/v1/plans',
      claims: jiangan,
      body: {
        title: `江岸区创建行动计划${tag}`,
        phases: [{ name: '夯实基础', from: addDays(today, -30), to: addDays(today, 300) }],
        targets: [],
      },
    });
    const task = await ok(201, {
      method: 'POST',
      path: `/v1/plans/${plan.body.id}/tasks`,
      claims: jiangan,
      body: {
        title: `重点任务${tag}`,
        responsibleAgency: jiangan.agencyId,
        phase: '夯实基础',
        dueOn: addDays(today, 100),
        measure: '印发任务分解表',
      },
    });
    // 40 % keeps it open (no event); 100 % reports it.
    for (const percent of [40, 100])
      await ok(201, {
        method: 'POST',
        path: `/v1/tasks/${task.body.id}/progress`,
        claims: jiangan,
        body: { percent, text: '已按计划推进' },
      });
    await pipeline.settle();

    const city = newEvents('city');
    expect(counted(city)).toEqual(
      sorted([`filing.submitted ${filed.body.id}`, `filing.acknowledged ${filed.body.id}`, `task.reported ${task.body.id}`]),
    );
    expect(city.find((e) => e.type === 'filing.acknowledged')!.data).toEqual({
      filingId: filed.body.id,
      regionCode: '420103',
      level: 'county',
      status: 'acknowledged',
      asOf: today,
    });
    const county = newEvents('county');
    expect(counted(county)).toEqual([`task.reported ${task.body.id}`]);
    expect(county[0]!.data).toEqual({
      taskId: task.body.id,
      planId: plan.body.id,
      regionCode: '420102',
      state: 'reported',
      percent: 100,
      dueOn: addDays(today, 100),
    });
    expect(newEvents('hunan')).toEqual([]);
  });

  it("delivers the sweep's reminders — a naming expiring, a recheck due then overdue — with the days left, in scope only", {
    timeout: 120_000,
  }, async () => {
    // A naming of a 江汉区 unit that expires in 200 days (its 180-day reminder falls on day 20), with a recheck due
    // on day 30 (its reminders on days 16 and 27, overdue on day 31).
    const unit = await newUnit('江汉民族团结示范社区', '420103', 'jianghan-second', 3);
    const expiresOn = addDays(today, 200);
    const imported = await ok(201, {
      method: 'POST',
      path: '/v1/namings/import',
      claims: wuhan,
      body: {
        rows: [
          {
            unitId: unit.id,
            level: 'city',
            certificateNo: `鄂民示〔${today.slice(0, 4)}〕${10_000 + Math.floor(Math.random() * 80_000)}`,
            namedOn: addYears(expiresOn, -5),
          },
        ],
      },
    });
    expect(imported.body.refused).toEqual([]);
    const namingId = imported.body.created[0].id as string;
    expect((await ok(200, { method: 'GET', path: `/v1/namings/${namingId}`, claims: wuhan })).body.expiresOn).toBe(expiresOn);
    const dueOn = addDays(today, 30);
    const recheck = await ok(201, {
      method: 'POST',
      path: `/v1/namings/${namingId}/rechecks`,
      claims: wuhan,
      body: { kind: 'recheck', dueOn, assignees: [wuhan.agencyId] },
    });
    const recheckId = recheck.body.id as string;
    await pipeline.settle();
    // An imported naming is a new naming too.
    expect(counted(newEvents('city'))).toEqual([`naming.created ${namingId}`]);

    for (const [day, expected] of [
      [16, [`recheck.due ${recheckId} 14`]],
      [20, [`naming.expiring ${namingId} 180`]],
      [27, [`recheck.due ${recheckId} 3`]],
      [31, [`recheck.overdue ${recheckId}`]],
    ] as const) {
      await runSweep(addDays(today, day));
      await pipeline.settle();
      const events = newEvents('city');
      expect(counted(events), `day ${day}`).toEqual(sorted(expected));
      if (day === 20)
        expect(events[0]!.data).toMatchObject({
          namingId,
          unitId: unit.id,
          regionCode: '420103',
          status: 'active',
          expiresOn,
          daysLeft: 180,
        });
      if (day === 31)
        expect(events[0]!.data).toEqual({ recheckId, namingId, kind: 'recheck', regionCode: '420103', status: 'overdue', dueOn });
    }
    expect(newEvents('county')).toEqual([]);
    expect(newEvents('hunan')).toEqual([]);
  });
});
