import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { lambdaContext } from '../support/events.ts';
import { authority, unitUser } from '../support/callers.ts';
import { callCampaigns, callUnits, communitySheet, expectProblem, newUnit, openCampaign, pointersOf } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { waitForEmails, type StoredEmail } from '../support/ses.ts';
import { deliverToNotifier, drainQueue } from '../support/notices-queue.ts';
import { day } from '../support/dates.ts';
import type { Caller } from '../../shared/http/caller.ts';

/*
 * The weekly digest (issue #20) in 张家界市 (430800), 湖南: 永定区 (430802) and 武陵源区 (430811) each have a unit's
 * submission waiting for their endorsement, 慈利县 (430821) has nothing waiting, 桑植县 (430822) is where a bad opt-out
 * is refused. The table and the notices queue are this file's own: the digest runs on Mondays in the future.
 */

type SweepResult = Record<string, { due: number; queued: number; advanced: number; failed: number } | undefined>;
const runDigest = async (date: string) =>
  (await sweep({ schedule: 'weekly-digest', date }, lambdaContext('agenda-sweep'))) as unknown as SweepResult;
const runDaily = async (date: string) =>
  (await sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'))) as unknown as SweepResult;

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const city = authority('430800', `zhangjiajie-${tag}`);
const yongding = authority('430802', `yongding-${tag}`);
const wulingyuan = authority('430811', `wulingyuan-${tag}`);
const cili = authority('430821', `cili-${tag}`);
const sangzhi = authority('430822', `sangzhi-${tag}`);
const address = (who: string) => `digest-${who}-${tag}@example.cn`;
const digestSubject = '【每周待办】';

/** The first Monday on or after today (counted here, apart from the code under test). */
const firstMonday = [0, 1, 2, 3, 4, 5, 6].map((d) => day(today, d)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1)!;

let sqs: SQSClient;
let queueUrl: string;
const submissions: Record<string, { id: string; unitName: string; etag: string }> = {};

const drain = () => drainQueue(sqs, queueUrl);

/**
 * Delivers what the queue holds through the notifier; returns what it held. A copy of a notice in the same batch as
 * its twin finds it in flight and fails, and is delivered again as the queue would: then it is found sent.
 */
async function deliverQueued(): Promise<NoticeMessage[]> {
  const notices = await drain();
  const again = await deliverToNotifier(notices);
  expect(await deliverToNotifier(again)).toEqual([]);
  return notices;
}

const digestsTo = (emails: StoredEmail[], to: string) =>
  emails.filter((e) => e.destination.to.includes(to) && e.subject.startsWith(digestSubject));

/** Puts an authority's entry in the directory with these contacts. */
async function register(caller: Caller, name: string, contacts: Record<string, unknown>[]) {
  return callUnits({
    method: 'PUT',
    path: `/v1/authorities/${caller.agencyId}`,
    claims: caller,
    body: { name, regionCode: caller.region, contacts },
  });
}

/** A community of the county that has applied to the city's campaign and submitted: it waits for the county. */
async function submittedIn(county: Caller, campaignId: string, name: string) {
  const unit = await newUnit(county, `${name}${tag}`, county.region!);
  const me = unitUser(unit.id, county.region!);
  const applied = await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const assessed = await callCampaigns({
    method: 'PUT',
    path: `/v1/submissions/${applied.body.id}/self-assessment`,
    claims: me,
    headers: { 'if-match': applied.headers.etag! },
    body: { values: communitySheet() },
  });
  expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
  const submitted = await callCampaigns({
    method: 'POST',
    path: `/v1/submissions/${applied.body.id}/transitions`,
    claims: me,
    headers: { 'if-match': assessed.headers.etag! },
    body: { action: 'submit' },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { id: applied.body.id as string, unitName: unit.name, etag: submitted.headers.etag! };
}

beforeAll(async () => {
  await useOwnMainTable('weekly-digest');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `weekly-digest-${tag}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
}, 60_000);

describe('The weekly digest', () => {
  it('lands once per agency and week, however often it runs, to each contact but those who opted out, and only when work waits', {
    timeout: 120_000,
  }, async () => {
    // Prepare: three counties in the directory; 永定区's second contact opts out
    const [a1, a2, b1, c1] = [address('yongding-1'), address('yongding-2'), address('wulingyuan-1'), address('cili-1')];
    for (const [caller, name, contacts] of [
      [
        yongding,
        '永定区民族宗教事务局',
        [
          { name: '向红', email: a1 },
          { name: '田静', email: a2 },
        ],
      ],
      [wulingyuan, '武陵源区民族宗教事务局', [{ name: '覃明', email: b1 }]],
      [cili, '慈利县民族宗教事务局', [{ name: '卓华', email: c1 }]],
    ] as const) {
      const put = await register(caller, name, [...contacts]);
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
    const optOut = await register(yongding, '永定区民族宗教事务局', [
      { name: '向红', email: a1 },
      { name: '田静', email: a2, digest: false },
    ]);
    expect(optOut.status, JSON.stringify(optOut.body)).toBe(200);
    expect(optOut.body.contacts[1]).toMatchObject({ email: a2, digest: false });
    // …and a unit of each of 永定区 and 武陵源区 submits to the city's campaign
    const campaignId = await openCampaign(city, today, `digest-${tag}`);
    submissions.yongding = await submittedIn(yongding, campaignId, '永定区大庸桥社区');
    submissions.wulingyuan = await submittedIn(wulingyuan, campaignId, '武陵源区军地坪社区');
    await drain();

    // Act: the daily sweep on the Monday leaves the digest to its own schedule
    const daily = await runDaily(firstMonday);
    expect(daily['weekly-digest']).toBeUndefined();
    expect((await drain()).filter((n) => n.kind === 'weekly-digest')).toEqual([]);

    // Act: the digest's schedule on the Monday, twice at once and once more
    const [first, second] = await Promise.all([runDigest(firstMonday), runDigest(firstMonday)]);
    const third = await runDigest(firstMonday);
    const queued = await deliverQueued();

    // Assess: the three agencies were due and moved once; 永定区 and 武陵源区 have work, 慈利县 none
    expect(first!['weekly-digest']!.due + second!['weekly-digest']!.due).toBeGreaterThanOrEqual(3);
    expect(first!['weekly-digest']!.advanced + second!['weekly-digest']!.advanced).toBe(3);
    expect(first!['weekly-digest']!.failed + second!['weekly-digest']!.failed).toBe(0);
    expect(third['weekly-digest']).toEqual({ due: 0, queued: 0, advanced: 0, failed: 0 });
    // (both runs at once may queue the same notice: one id per agency and week, which the notifier sends once)
    expect([...new Set(queued.map((n) => n.id))].sort()).toEqual(
      [wulingyuan, yongding].map((a) => expect.stringMatching(new RegExp(`^authority#${a.agencyId}#digest#\\d{4}-W\\d{2}$`))),
    );
    const emails = await waitForEmails((all) => digestsTo(all, a1).length >= 1 && digestsTo(all, b1).length >= 1);
    expect(digestsTo(emails, a1)).toHaveLength(1);
    expect(digestsTo(emails, b1)).toHaveLength(1);
    expect(digestsTo(emails, a2)).toEqual([]);
    expect(digestsTo(emails, c1)).toEqual([]);
    const [digest] = digestsTo(emails, a1);
    expect(digest!.destination.to).toEqual([a1]);
    expect(digest!.subject).toMatch(/^【每周待办】永定区民族宗教事务局：1 项待办（\d{4}-W\d{2}）$/);
    expect(digest!.body.text).toContain('待推荐的申报：1 项');
    expect(digest!.body.text).toContain(
      `· ${submissions.yongding.unitName}的申报（${today} 起）：/v1/submissions/${submissions.yongding.id}`,
    );
    expect(digest!.body.text).toContain('Submissions awaiting endorsement: 1');
    expect(digest!.body.text!.indexOf('待推荐的申报')).toBeLessThan(digest!.body.text!.indexOf('Weekly digest of'));

    // Act: the Tuesday after, the digest finds nothing due
    expect((await runDigest(day(firstMonday, 1)))['weekly-digest']).toEqual({ due: 0, queued: 0, advanced: 0, failed: 0 });
    expect(await drain()).toEqual([]);

    // Act: 武陵源区 endorses its submission (its work is done), then the next Monday
    const endorsed = await callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submissions.wulingyuan.id}/transitions`,
      claims: wulingyuan,
      headers: { 'if-match': submissions.wulingyuan.etag },
      body: { action: 'endorse' },
    });
    expect(endorsed.status, JSON.stringify(endorsed.body)).toBe(200);
    const nextMonday = day(firstMonday, 7);
    const week2 = await runDigest(nextMonday);
    await runDigest(nextMonday);
    const queued2 = await deliverQueued();

    // Assess: one more digest, 永定区's; 武陵源区 has nothing waiting now
    expect(week2['weekly-digest']).toEqual({ due: 3, queued: 1, advanced: 3, failed: 0 });
    expect(queued2.map((n) => n.to)).toEqual([[a1]]);
    const later = await waitForEmails((all) => digestsTo(all, a1).length >= 2);
    expect(digestsTo(later, a1)).toHaveLength(2);
    expect(new Set(digestsTo(later, a1).map((e) => e.subject)).size).toBe(2);
    expect(digestsTo(later, b1)).toHaveLength(1);
    expect(digestsTo(later, a2)).toEqual([]);
    expect(digestsTo(later, c1)).toEqual([]);
  });

  it('refuses an opt-out that names no contact of the agency, and keeps the entry as it was', { timeout: 60_000 }, async () => {
    // Prepare
    const known = address('sangzhi-1');
    const first = await register(sangzhi, '桑植县民族宗教事务局', [{ name: '钟玲', email: known, digest: false }]);
    expectProblem(first, 422, 'validation');
    expect(pointersOf(first)).toEqual(['/contacts/0/digest']);
    const put = await register(sangzhi, '桑植县民族宗教事务局', [{ name: '钟玲', email: known }]);
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    // Act
    const refused = await register(sangzhi, '桑植县民族宗教事务局', [
      { name: '钟玲', email: known.toUpperCase(), digest: false },
      { name: '谷雨', email: address('sangzhi-stranger'), digest: false },
    ]);

    // Assess
    expectProblem(refused, 422, 'validation');
    expect(pointersOf(refused)).toEqual(['/contacts/1/digest']);
    expect(JSON.stringify(refused.body)).toContain(address('sangzhi-stranger'));
    const stored = await callUnits({ method: 'GET', path: `/v1/authorities/${sangzhi.agencyId}`, claims: sangzhi });
    expect(stored.body).toMatchObject({ version: put.body.version, contacts: [{ email: known }] });
    expect(stored.body.contacts[0].digest).toBeUndefined();
  });
});
