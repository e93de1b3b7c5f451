import { describe, expect, it, beforeAll } from 'vitest';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { handler as units } from '../../functions/units/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as registry } from '../../functions/registry/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import { createNaming, getNaming } from '../../shared/data/namings.ts';
import { shownStatus } from '../../shared/domain/namings.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { lambdaContext, sqsEvent } from '../support/events.ts';
import { admin, authority } from '../support/callers.ts';
import { sentEmails } from '../support/ses.ts';
import { via } from '../support/workflow.ts';
import { mainStore } from '../../shared/clients.ts';

/* Namings in 新洲区 (420117), a county no other test uses. */

const call = (fn: typeof units) => via(fn, 'namings');
const callUnits = call(units);
const callNamings = call(namings);
const callRegistry = call(registry);
const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const today = civilDateAt(new Date());
const actor = { sub: 't', role: 'authority', agencyId: 'hubei-ethnic-affairs', requestId: 't' };

async function newUnit(name: string): Promise<Unit> {
  const answer = await callUnits({
    method: 'POST',
    path: '/v1/units',
    claims: wuhan,
    body: {
      name,
      type: 'community',
      regionCode: '420117',
      zone: false,
      contacts: [{ name: '李明', email: 'xinzhou@example.cn', phone: '13800000000' }],
    },
  });
  expect(answer.status).toBe(201);
  return answer.body as Unit;
}

let serial = 0;
const certificate = () => `鄂民示〔2019〕${10_000 + (Date.now() % 80_000) + (serial += 1)}`;

describe('Function: namings', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = await newUnit('武汉市新洲区命名测试社区');
  });

  describe('Route: POST /v1/namings/import', () => {
    it('stores each valid row and refuses each bad one with its reasons', async () => {
      const good = certificate();
      const answer = await callNamings({
        method: 'POST',
        path: '/v1/namings/import',
        claims: wuhan,
        body: {
          rows: [
            { unitId: unit.id, level: 'city', certificateNo: good, namedOn: '2022-03-01' },
            { unitId: 'no-such-unit', level: 'city', certificateNo: certificate(), namedOn: '2022-03-01' },
            { unitId: unit.id, level: 'city', certificateNo: good, namedOn: '2022-03-01' },
            { unitId: unit.id, level: 'city', certificateNo: certificate(), namedOn: '2022-03-01', expiresOn: '2027-03-02' },
            { unitId: unit.id, level: 'city', certificateNo: "鄂民示〔2022〕0007'--", namedOn: '2022-03-01' },
          ],
        },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.created.map((c: { row: number }) => c.row)).toEqual([0]);
      expect(
        answer.body.refused.map((r: { row: number; errors: { pointer: string }[] }) => [r.row, r.errors.map((e) => e.pointer)]),
      ).toEqual([
        [1, ['/unitId']],
        [2, ['/certificateNo']],
        [3, ['/expiresOn']],
        [4, ['/certificateNo']],
      ]);
      const entry = await callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(good)}` });
      expect(entry.status).toBe(200);
      expect(entry.body).toEqual({
        certificateNo: good,
        unitName: unit.name,
        unitType: 'community',
        kind: 'unit',
        label: '民族团结进步示范单位',
        regionCode: '420117',
        level: 'city',
        namedOn: '2022-03-01',
        expiresOn: '2027-03-01',
        status: shownStatus('active', '2027-03-01', today),
      });
    });
  });

  describe('Route: POST /v1/namings/import — on behalf of an issuer', () => {
    it('lets an admin name the issuing authority, which then owns the naming; an authority names no other issuer', async () => {
      const no = certificate();
      const imported = await callNamings({
        method: 'POST',
        path: '/v1/namings/import',
        claims: admin,
        body: { rows: [{ unitId: unit.id, level: 'city', certificateNo: no, namedOn: '2022-05-01', issuedBy: wuhan.agencyId }] },
      });
      expect(imported.status).toBe(201);
      const id = imported.body.created[0].id as string;
      const read = await callNamings({ method: 'GET', path: `/v1/namings/${id}`, claims: wuhan });
      expect(read.body).toMatchObject({
        issuedBy: wuhan.agencyId,
        issuer: { agencyId: wuhan.agencyId, level: 'city', regionCode: '420100' },
      });
      const posing = await callNamings({
        method: 'POST',
        path: '/v1/namings/import',
        claims: wuhan,
        body: {
          rows: [{ unitId: unit.id, level: 'city', certificateNo: certificate(), namedOn: '2022-05-01', issuedBy: 'hubei-ethnic-affairs' }],
        },
      });
      expect(posing.status).toBe(422);
      expect(posing.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/rows/0/issuedBy']);
      expect(
        (await callNamings({ method: 'POST', path: `/v1/namings/${id}/revoke`, claims: wuhan, body: { reason: '复查不合格' } })).status,
      ).toBe(200);
    });
  });

  describe('Route: GET /v1/registry', () => {
    it('lists a region publicly, without contacts, and refuses odd certificate numbers', async () => {
      const list = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '420117', limit: '100' } });
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(list.body)).not.toMatch(/example\.cn|1380000/);
      const odd = await callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent('<script>')}` });
      expect(odd.status).toBe(400);
    });
  });

  describe('Route: POST /v1/namings/{id}/revoke', () => {
    it('needs a reason, revokes once, and keeps the entry visible as revoked', async () => {
      const no = certificate();
      const imported = await callNamings({
        method: 'POST',
        path: '/v1/namings/import',
        claims: wuhan,
        body: { rows: [{ unitId: unit.id, level: 'county', certificateNo: no, namedOn: '2023-05-01' }] },
      });
      const id = imported.body.created[0].id as string;
      expect((await callNamings({ method: 'POST', path: `/v1/namings/${id}/revoke`, claims: wuhan, body: { reason: '' } })).status).toBe(
        422,
      );
      const revoked = await callNamings({
        method: 'POST',
        path: `/v1/namings/${id}/revoke`,
        claims: wuhan,
        body: { reason: '发生较大涉民族因素事件' },
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', revokedOn: today });
      expect(revoked.body.nextMilestone).toBeUndefined();
      expect(
        (await callNamings({ method: 'POST', path: `/v1/namings/${id}/revoke`, claims: wuhan, body: { reason: '再次撤销' } })).status,
      ).toBe(409);
      const entry = await callRegistry({ method: 'GET', path: `/v1/registry/${encodeURIComponent(no)}` });
      expect(entry.body).toMatchObject({ status: 'revoked', revokedOn: today });
    });
  });

  describe('Repository: createNaming', () => {
    it('numbers 20 concurrent namings of one issuer and year 1…20, without gaps or duplicates', async () => {
      const units = await Promise.all(Array.from({ length: 20 }, (_, i) => newUnit(`武汉市新洲区并发命名测试单位${i}`)));
      const year = 2000 + (Date.now() % 90);
      const created = await Promise.all(
        units.map((u) =>
          createNaming(
            mainStore(),
            u,
            { level: 'national', namedOn: `${year}-06-01`, issuedBy: 'neac' },
            actor,
            today,
            new Date().toISOString(),
          ),
        ),
      );
      const numbers = created.map((n) => n.certificateNo).sort();
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `国民示〔${year}〕${String(i + 1).padStart(4, '0')}`));
    });

    it('supersedes the active naming of the same unit and level on renewal, and stops its reminders', async () => {
      const renewing = await newUnit('武汉市新洲区续命名测试社区');
      const first = await createNaming(
        mainStore(),
        renewing,
        { level: 'city', namedOn: addYears(today, -5), issuedBy: 'wuhan-ethnic-affairs' },
        actor,
        today,
        new Date().toISOString(),
      );
      const second = await createNaming(
        mainStore(),
        renewing,
        { level: 'city', namedOn: today, issuedBy: 'wuhan-ethnic-affairs' },
        actor,
        today,
        new Date().toISOString(),
      );
      const old = await getNaming(mainStore(), first.id);
      expect(old).toMatchObject({ status: 'superseded', supersededBy: second.id });
      expect(old!.nextMilestone).toBeUndefined();
    });
  });

  describe('Route: GET /v1/namings/eligible', () => {
    it('lists active namings in force at or above the level, and no lower, expired or revoked ones', async () => {
      const holder = await newUnit('武汉市新洲区资格测试社区');
      const lapsed = await newUnit('武汉市新洲区资格期满测试社区');
      const mk = (unit: Unit, level: 'county' | 'province' | 'national', namedOn: string) =>
        createNaming(mainStore(), unit, { level, namedOn, issuedBy: 'hubei-ethnic-affairs' }, actor, today, new Date().toISOString());
      const national = await mk(holder, 'national', today);
      const province = await mk(holder, 'province', addYears(today, -1));
      const county = await mk(holder, 'county', today);
      // Stored as active (no sweep has run) but past its five years: not in force.
      const expired = await mk(lapsed, 'province', addDays(addYears(today, -5), -1));
      const answer = await callNamings({
        method: 'GET',
        path: '/v1/namings/eligible',
        claims: wuhan,
        query: { level: 'province', region: '420117', limit: '100' },
      });
      expect(answer.status).toBe(200);
      const ids = answer.body.items.map((n: { id: string }) => n.id);
      expect(ids).toEqual(expect.arrayContaining([national.id, province.id]));
      expect(ids).not.toContain(county.id);
      expect(ids).not.toContain(expired.id);
    });
  });

  describe('Unit contacts', () => {
    it("reach the unit's namings when they change, so that the sweep needs no other read", async () => {
      const holder = await newUnit('武汉市新洲区联系人测试社区');
      const created = await createNaming(
        mainStore(),
        holder,
        { level: 'county', namedOn: today, issuedBy: 'wuhan-ethnic-affairs' },
        actor,
        today,
        new Date().toISOString(),
      );
      expect(created.recipients).toEqual(['xinzhou@example.cn']);
      const patched = await callUnits({
        method: 'PATCH',
        path: `/v1/units/${holder.id}`,
        claims: wuhan,
        headers: { 'if-match': '"1"' },
        body: { contacts: [{ name: '张伟', email: 'new-contact@example.cn' }] },
      });
      expect(patched.status).toBe(200);
      expect((await getNaming(mainStore(), created.id))!.recipients).toEqual(['new-contact@example.cn']);
    });
  });

  describe('Job: agenda-sweep', () => {
    const sqs = new SQSClient({ endpoint: process.env.SQS_ENDPOINT, region: 'us-east-1' });

    /** Drains the notices queue, keeps this test's notices, and delivers them to the notifier twice. */
    async function deliver(namingId: string): Promise<string[]> {
      const mine: { body: string }[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: process.env.QUEUE_NOTICES_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) break;
        const ours = Messages.filter((m) => m.Body!.includes(namingId));
        mine.push(...ours.map((m) => ({ body: m.Body! })));
        if (ours.length > 0)
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: process.env.QUEUE_NOTICES_URL,
              Entries: ours.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
      }
      const bodies = mine.map((m) => m.body);
      for (let i = 0; i < 2; i++) if (bodies.length > 0) await notifier(sqsEvent(bodies), lambdaContext('notifier'));
      return bodies.map((b) => JSON.parse(b).id as string);
    }

    it('sends the latest passed milestone once, then each later one on its day, once, and marks the naming expired the day after its last day', async () => {
      // Prepare: a naming that expires in 8 days, imported today: 180, 90 and 30 days have passed
      const reminded = await newUnit('武汉市新洲区期满提醒测试社区');
      const expiresOn = addDays(today, 8);
      const created = await createNaming(
        mainStore(),
        reminded,
        { level: 'province', namedOn: addYears(expiresOn, -5), issuedBy: 'hubei-ethnic-affairs' },
        actor,
        today,
        new Date().toISOString(),
      );
      const runSweep = async (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

      // Act and assess, day by day (each day swept twice)
      await runSweep(today);
      await runSweep(today);
      expect(await deliver(created.id)).toEqual([`naming#${created.id}#expiry#30`]);
      await runSweep(addDays(today, 1));
      await runSweep(addDays(today, 1));
      expect(await deliver(created.id)).toEqual([`naming#${created.id}#expiry#7`]);
      await runSweep(addDays(today, 5));
      expect(await deliver(created.id)).toEqual([]);
      await runSweep(expiresOn);
      await runSweep(expiresOn);
      expect(await deliver(created.id)).toEqual([`naming#${created.id}#expiry#0`]);
      // In force through its expiry date (the last day of the term), expired from the next.
      expect(await getNaming(mainStore(), created.id)).toMatchObject({ status: 'active' });
      await runSweep(addDays(expiresOn, 1));
      await runSweep(addDays(expiresOn, 1));
      expect(await deliver(created.id)).toEqual([]);
      expect(await getNaming(mainStore(), created.id)).toMatchObject({ status: 'expired' });

      const emails = (await sentEmails()).filter((e) => e.subject.includes(reminded.name));
      expect(emails.map((e) => e.subject)).toEqual([
        `【期满提醒】${reminded.name} 命名将于 ${expiresOn} 期满`,
        `【期满提醒】${reminded.name} 命名将于 ${expiresOn} 期满`,
        `【命名今日期满】${reminded.name} 请重新申报`,
      ]);
      expect(emails[0]!.body.text).toContain(created.certificateNo);
    });
  });
});
