import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { handler as plansFn } from '../../functions/plans/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import { createNaming, revokeNaming } from '../../shared/data/namings.ts';
import { findRegion } from '../../shared/domain/regions.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit, UnitType } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import type { NoticeMessage } from '../../shared/notices/notice.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { fullSheet } from '../../infra/local/demo-campaign.ts';
import { lambdaContext, sqsEvent, type Answer } from '../support/events.ts';
import { authority, unitUser } from '../support/callers.ts';
import { callCampaigns, callFrameworks, callUnits, expectProblem, pointersOf, via } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { waitForEmails, type StoredEmail } from '../support/ses.ts';
import { drainQueue } from '../support/notices-queue.ts';
import { day, plusYears } from '../support/dates.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * Creation plans (创建规划), their task tables (任务分解表), supervision (督查) and coverage in 十堰市 (420300), 湖北:
 * 茅箭区 (420302) and 张湾区 (420303) hold the units of the coverage report, 襄阳市 (420600, 襄城区 420602) is the
 * second city of the province roll-up. The plans are 十堰市's; the tasks go to four city departments, each with its
 * own entry in the authority directory. The table and the notices queue are this file's own: the sweep runs on
 * simulated dates, and the coverage report for 湖北 counts this file's units alone.
 */

const callPlans = via(plansFn, 'plans');
const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const shiyan = authority('420300', 'shiyan-ethnic-affairs');
const maojian = authority('420302', 'maojian-ethnic-affairs');
const hubei = authority('420000', 'hubei-ethnic-affairs');
const actor = { sub: 'test-shiyan', role: 'authority', agencyId: shiyan.agencyId, requestId: `plans-${tag}` };
const csvType = { 'content-type': 'text/csv; charset=utf-8' };
let sqs: SQSClient;
let queueUrl: string;

/** The four city departments that carry tasks, sorted by agency id (the board's order). */
const agencies = {
  civil: { id: 'shiyan-civil-affairs', name: '十堰市民政局' },
  culture: { id: 'shiyan-culture-tourism', name: '十堰市文化和旅游局' },
  education: { id: 'shiyan-education', name: '十堰市教育局' },
  unitedFront: { id: 'shiyan-united-front', name: '中共十堰市委统战部' },
} as const;
type AgencyKey = keyof typeof agencies;
const agencyCaller = (key: AgencyKey): Caller => ({
  sub: `test-${agencies[key].id}`,
  role: 'authority',
  agencyId: agencies[key].id,
  region: '420300',
});
const emailOf = (key: AgencyKey) => `${agencies[key].id}-${tag}@shiyan.example.cn`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Runs `act` with the clock at `instant`: what the API does then is stamped with it. */
async function atInstant<T>(instant: string, act: () => Promise<T>): Promise<T> {
  vi.setSystemTime(new Date(instant));
  try {
    return await act();
  } finally {
    vi.useRealTimers();
  }
}

/** Runs `act` with the clock at noon, Beijing time, of `date`: what the API does then is dated that day. */
const on = <T>(date: string, act: () => Promise<T>): Promise<T> => atInstant(`${date}T12:00:00+08:00`, act);

/** A CSV table as spreadsheets save it: UTF-8 with a BOM, CRLF line ends, cells quoted when needed. */
const csvOf = (rows: readonly (readonly string[])[]) =>
  `\uFEFF${rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
const importHeader = ['title', 'responsibleAgency', 'phase', 'dueOn', 'measure'];

interface Phase {
  name: string;
  from: string;
  to: string;
}

async function newPlan(title: string, phases: readonly Phase[], targets: readonly Record<string, unknown>[] = []): Promise<any> {
  const created = await callPlans({ method: 'POST', path: '/v1/plans', claims: shiyan, body: { title, phases, targets } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function newTask(
  planId: string,
  task: { title: string; responsibleAgency: string; phase: string; dueOn: string; measure: string },
): Promise<any> {
  const created = await callPlans({ method: 'POST', path: `/v1/plans/${planId}/tasks`, claims: shiyan, body: task });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function tasksOf(planId: string): Promise<any[]> {
  const listed = await callPlans({ method: 'GET', path: `/v1/plans/${planId}/tasks`, claims: shiyan });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

async function plansIn(region: string, caller = shiyan): Promise<any[]> {
  const listed = await callPlans({ method: 'GET', path: '/v1/plans', claims: caller, query: { region, limit: '100' } });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

const readTask = async (id: string) => (await callPlans({ method: 'GET', path: `/v1/tasks/${id}`, claims: shiyan })).body;

const drain = () => drainQueue(sqs, queueUrl);

/** Delivers what the queue holds through the notifier in batches of 10, redelivering failed records as SQS would. */
async function deliverQueued(): Promise<void> {
  let pending = await drain();
  for (let round = 0; pending.length > 0; round++) {
    expect(round, 'records still failing after 5 deliveries').toBeLessThan(5);
    const failed: NoticeMessage[] = [];
    for (let i = 0; i < pending.length; i += 10) {
      const batch = pending.slice(i, i + 10);
      const event = sqsEvent(batch.map((n) => JSON.stringify(n)));
      const { batchItemFailures } = (await notifier(event, lambdaContext('notifier'))) as SQSBatchResponse;
      const ids = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      event.Records.forEach((r, j) => {
        if (ids.has(r.messageId)) failed.push(batch[j]!);
      });
    }
    pending = failed;
  }
}

beforeAll(async () => {
  await useOwnMainTable('plans');
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `plans-${tag}` }))).QueueUrl!;
  process.env.QUEUE_NOTICES_URL = queueUrl;
  // Each department keeps its own entry in the directory, with one contact.
  for (const key of Object.keys(agencies) as AgencyKey[]) {
    const put = await callUnits({
      method: 'PUT',
      path: `/v1/authorities/${agencies[key].id}`,
      claims: agencyCaller(key),
      body: { name: agencies[key].name, regionCode: '420300', contacts: [{ name: '督查联络员', email: emailOf(key) }] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
});

describe('The regions of this file', () => {
  it('are 十堰市 and two of its districts, and 襄阳市 with 襄城区, in 湖北', () => {
    expect(findRegion('420300')).toMatchObject({ name: '十堰市', level: 'city', parent: '420000' });
    for (const [code, name] of [
      ['420302', '茅箭区'],
      ['420303', '张湾区'],
    ])
      expect(findRegion(code!)).toMatchObject({ name, level: 'county', parent: '420300' });
    expect(findRegion('420600')).toMatchObject({ name: '襄阳市', level: 'city', parent: '420000' });
    expect(findRegion('420602')).toMatchObject({ name: '襄城区', level: 'county', parent: '420600' });
  });
});

describe('Supervision: a plan of 30 tasks over three phases, swept day by day', () => {
  // Day 0 (B) is 30 days ahead, so that every task is created before its first reminder is due.
  const B = day(today, 30);
  const at = (offset: number) => day(B, offset);
  const phases: Phase[] = [
    { name: '夯实基础', from: at(0), to: at(9) },
    { name: '取得成效', from: at(10), to: at(19) },
    { name: '示范引领', from: at(20), to: at(39) },
  ];
  const firstDay = -8;
  const lastDay = 24;

  /*
   * What each task's department does:
   * - on-time: reports 100 % two days before the due date
   * - accepted: reports 100 % three days before, and the authority accepts the day before the due date
   * - late: reports 100 % three days after the due date (it was marked overdue in between)
   * - partial: reports 40 % four days before, then nothing
   * - sent-back: reports 100 % two days before; the authority sends it back two days after the due date
   * - none: nothing
   * The last two columns are the hand count: the reminders the department gets (7 and 1 days before, overdue) with
   * the sweep running every day from B-8 to B+24, and the task's state on B+24.
   */
  type Story = 'on-time' | 'accepted' | 'late' | 'partial' | 'sent-back' | 'none';
  const script: [AgencyKey, number, Story, string, string][] = [
    // phase 夯实基础
    ['education', 1, 'accepted', '7', 'accepted'],
    ['civil', 2, 'none', '7 1 overdue', 'overdue'],
    ['culture', 3, 'on-time', '7', 'reported'],
    ['unitedFront', 4, 'late', '7 1 overdue', 'reported'],
    ['education', 5, 'partial', '7 1 overdue', 'overdue'],
    ['civil', 6, 'accepted', '7', 'accepted'],
    ['culture', 7, 'sent-back', '7 overdue', 'overdue'],
    ['unitedFront', 8, 'none', '7 1 overdue', 'overdue'],
    ['education', 9, 'none', '7 1 overdue', 'overdue'],
    ['civil', 9, 'late', '7 1 overdue', 'reported'],
    // phase 取得成效
    ['culture', 10, 'on-time', '7', 'reported'],
    ['unitedFront', 11, 'accepted', '7', 'accepted'],
    ['education', 12, 'on-time', '7', 'reported'],
    ['civil', 13, 'partial', '7 1 overdue', 'overdue'],
    ['culture', 14, 'accepted', '7', 'accepted'],
    ['unitedFront', 15, 'late', '7 1 overdue', 'reported'],
    ['education', 16, 'on-time', '7', 'reported'],
    ['civil', 17, 'sent-back', '7 overdue', 'overdue'],
    ['culture', 18, 'accepted', '7', 'accepted'],
    ['unitedFront', 19, 'none', '7 1 overdue', 'overdue'],
    // phase 示范引领
    ['education', 20, 'late', '7 1 overdue', 'reported'],
    ['civil', 21, 'on-time', '7', 'reported'],
    ['culture', 22, 'none', '7 1 overdue', 'overdue'],
    ['unitedFront', 23, 'none', '7 1 overdue', 'overdue'],
    ['education', 25, 'on-time', '7', 'reported'],
    ['civil', 26, 'none', '7', 'open'],
    ['culture', 30, 'none', '7', 'open'],
    ['unitedFront', 31, 'none', '7', 'open'],
    ['education', 35, 'none', '', 'open'],
    ['civil', 39, 'none', '', 'open'],
  ];
  const topics = [
    '民族团结进步教育进校园',
    '社区各族群众互嵌式发展',
    '铸牢中华民族共同体意识宣传月',
    '少数民族流动人口服务站建设',
    '民族团结进步示范单位培育',
  ];
  const tasks = script.map(([agency, due, story, reminders, state], i) => ({
    n: i + 1,
    agency,
    story,
    state,
    reminders: reminders ? reminders.split(' ') : [],
    title: `督查任务${String(i + 1).padStart(2, '0')}：${topics[i % topics.length]}`,
    phase: phases[Math.floor(i / 10)]!.name,
    due,
    dueOn: at(due),
    measure: '形成工作台账并报送成效材料',
  }));
  type ScriptedTask = (typeof tasks)[number];
  const task = (n: number) => tasks[n - 1]!;
  const ids = new Map<number, string>();
  let plan: any;
  let imported: Answer;

  const rowOf = (t: ScriptedTask) => [t.title, agencies[t.agency].id, t.phase, t.dueOn, t.measure];

  beforeAll(async () => {
    plan = await newPlan('十堰市创建全国民族团结进步示范市三年行动方案', phases);
    // Tasks 1, 3, 5 … one by one; tasks 2, 4, 6 … in one CSV, with a row for an unknown department at 4 and a
    // spreadsheet-style date at 11.
    for (const t of tasks.filter((t) => t.n % 2 === 1))
      ids.set(
        t.n,
        (
          await newTask(plan.id, {
            title: t.title,
            responsibleAgency: agencies[t.agency].id,
            phase: t.phase,
            dueOn: t.dueOn,
            measure: t.measure,
          })
        ).id,
      );
    const lines: (ScriptedTask | string[])[] = tasks.filter((t) => t.n % 2 === 0);
    lines.splice(4, 0, ['督查任务X：无此部门', 'shiyan-no-such-bureau', phases[0]!.name, at(5), '形成台账']);
    lines.splice(11, 0, ['督查任务Y：日期格式', agencies.civil.id, phases[1]!.name, at(12).replaceAll('-', '/'), '形成台账']);
    imported = await callPlans({
      method: 'POST',
      path: `/v1/plans/${plan.id}/tasks/import`,
      claims: shiyan,
      headers: csvType,
      body: csvOf([importHeader, ...lines.map((l) => (Array.isArray(l) ? l : rowOf(l)))]),
    });
    for (const { row, id } of (imported.body?.created ?? []) as { row: number; id: string }[]) ids.set((lines[row] as ScriptedTask).n, id);
  });

  it('imports the CSV with its BOM row by row: 15 tasks created, the unknown department and the bad date refused at their rows', () => {
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.created).toHaveLength(15);
    expect(imported.body.refused).toEqual([
      { row: 4, errors: [{ pointer: '/rows/4/responsibleAgency', detail: expect.stringContaining('shiyan-no-such-bureau') }] },
      { row: 11, errors: [{ pointer: '/rows/11/dueOn', detail: expect.any(String) }] },
    ]);
  });

  it('holds the 30 scripted tasks, all open, ten in each phase, and nothing of the refused rows', async () => {
    const items = await tasksOf(plan.id);
    expect(items.map((t) => t.title).sort()).toEqual(tasks.map((t) => t.title).sort());
    expect(items.every((t) => t.state === 'open' && t.percent === 0)).toBe(true);
    for (const phase of phases) expect(items.filter((t) => t.phase === phase.name)).toHaveLength(10);
    for (const t of tasks)
      expect(items.find((i) => i.title === t.title)).toMatchObject({
        id: ids.get(t.n),
        responsibleAgency: agencies[t.agency].id,
        dueOn: t.dueOn,
        phase: t.phase,
      });
  });

  describe(`after the sweep ran every day from B${firstDay} to B+${lastDay} (every third day twice), with reports and reviews on their days`, () => {
    let board: Answer;
    let emails: StoredEmail[];
    const subjects = {
      reminder: (t: ScriptedTask) => `【任务提醒】${t.title} ${t.dueOn} 到期`,
      overdue: (t: ScriptedTask) => `【任务逾期】${t.title}`,
    };

    type Step = 'report-40' | 'report-100' | 'accept' | 'send-back';

    /** What happens on day `d` (relative to B) to the scripted tasks, in script order. */
    function stepsOn(d: number): { t: ScriptedTask; step: Step }[] {
      return tasks.flatMap((t) => {
        const steps: { on: number; step: Step }[] = {
          'on-time': [{ on: t.due - 2, step: 'report-100' as const }],
          accepted: [
            { on: t.due - 3, step: 'report-100' as const },
            { on: t.due - 1, step: 'accept' as const },
          ],
          late: [{ on: t.due + 3, step: 'report-100' as const }],
          partial: [{ on: t.due - 4, step: 'report-40' as const }],
          'sent-back': [
            { on: t.due - 2, step: 'report-100' as const },
            { on: t.due + 2, step: 'send-back' as const },
          ],
          none: [],
        }[t.story];
        return steps.filter((s) => s.on === d).map((s) => ({ t, step: s.step }));
      });
    }

    async function act(t: ScriptedTask, step: Step): Promise<void> {
      const id = ids.get(t.n)!;
      const answer =
        step === 'report-40' || step === 'report-100'
          ? await callPlans({
              method: 'POST',
              path: `/v1/tasks/${id}/progress`,
              claims: agencyCaller(t.agency),
              body: { percent: step === 'report-40' ? 40 : 100, text: '已按计划推进，台账齐全' },
            })
          : await callPlans({
              method: 'POST',
              path: `/v1/tasks/${id}/review`,
              claims: shiyan,
              body: step === 'accept' ? { decision: 'accept' } : { decision: 'send-back', reason: '佐证材料不全，请补充后重报' },
            });
      expect(answer.status, `${t.title} ${step}: ${JSON.stringify(answer.body)}`).toBe(
        step === 'accept' || step === 'send-back' ? 200 : 201,
      );
    }

    const mine = (all: StoredEmail[]) => {
      const known = new Set(tasks.flatMap((t) => [subjects.reminder(t), subjects.overdue(t)]));
      return all.filter((e) => known.has(e.subject));
    };

    /** The reminders of one kind the inbox holds for a task, with their recipients. */
    function received(t: ScriptedTask, kind: string): string[][] {
      return emails
        .filter((e) =>
          kind === 'overdue'
            ? e.subject === subjects.overdue(t)
            : e.subject === subjects.reminder(t) && e.body.text!.includes(`（还有 ${kind} 天）`),
        )
        .map((e) => e.destination.to);
    }

    beforeAll(async () => {
      await drain();
      for (let d = firstDay; d <= lastDay; d++) {
        await on(at(d), async () => {
          for (const { t, step } of stepsOn(d)) await act(t, step);
          await runSweep(at(d));
          if (d % 3 === 0) await runSweep(at(d));
        });
      }
      board = await on(at(lastDay), () => callPlans({ method: 'GET', path: `/v1/plans/${plan.id}/board`, claims: shiyan }));
      await deliverQueued();
      emails = mine(await waitForEmails((all) => mine(all).length >= 54, 20_000));
    }, 180_000);

    it('emails each task due by B+31 one 7-day reminder, to its department only', () => {
      for (const t of tasks) expect(received(t, '7'), t.title).toEqual(t.reminders.includes('7') ? [[emailOf(t.agency)]] : []);
      expect(tasks.reduce((n, t) => n + received(t, '7').length, 0)).toBe(28);
    });

    it('emails a 1-day reminder once to each task still open the day before it is due, and none to one already reported', () => {
      for (const t of tasks) expect(received(t, '1'), t.title).toEqual(t.reminders.includes('1') ? [[emailOf(t.agency)]] : []);
      expect(tasks.reduce((n, t) => n + received(t, '1').length, 0)).toBe(12);
    });

    it('emails one overdue notice per task left open past its due date, or sent back after it', () => {
      for (const t of tasks) expect(received(t, 'overdue'), t.title).toEqual(t.reminders.includes('overdue') ? [[emailOf(t.agency)]] : []);
      expect(tasks.reduce((n, t) => n + received(t, 'overdue').length, 0)).toBe(14);
    });

    it('sends no overdue notice for a task reported in full before its due date', () => {
      for (const t of tasks.filter((t) => t.story === 'on-time' || t.story === 'accepted'))
        expect(received(t, 'overdue'), t.title).toEqual([]);
      expect(emails).toHaveLength(54);
    });

    it('marks open tasks overdue the day after their due date, and leaves reported, accepted and not yet due ones as they are', async () => {
      const items = await tasksOf(plan.id);
      for (const t of tasks) expect(items.find((i) => i.id === ids.get(t.n))?.state, t.title).toBe(t.state);
      expect(items.find((i) => i.id === ids.get(4))).toMatchObject({ percent: 100, reportedOn: at(7) });
      expect(items.find((i) => i.id === ids.get(5))).toMatchObject({ percent: 40 });
      expect(items.find((i) => i.id === ids.get(7))).toMatchObject({ sentBackReason: '佐证材料不全，请补充后重报' });
      expect(items.find((i) => i.id === ids.get(7))).not.toHaveProperty('reportedOn');
    });

    it('gives the board as of its day, with the counts by state', () => {
      expect(board.status, JSON.stringify(board.body)).toBe(200);
      expect(board.body).toMatchObject({ planId: plan.id, asOf: at(lastDay), total: 30 });
      expect(board.body.byState).toEqual({ open: 5, reported: 10, accepted: 5, overdue: 10 });
    });

    it('counts by phase on the board', () => {
      expect(board.body.byPhase).toEqual({
        夯实基础: { open: 0, reported: 3, accepted: 2, overdue: 5 },
        取得成效: { open: 0, reported: 4, accepted: 3, overdue: 3 },
        示范引领: { open: 5, reported: 3, accepted: 0, overdue: 2 },
      });
    });

    it('lists the overdue tasks on the board, the longest overdue first', () => {
      expect(board.body.overdue.map((t: { title: string }) => t.title)).toEqual(
        [2, 5, 7, 8, 9, 14, 18, 20, 23, 24].map((n) => task(n).title),
      );
      expect(board.body.overdue[0]).toMatchObject({ responsibleAgency: agencies.civil.id, dueOn: at(2), phase: '夯实基础' });
    });

    it("gives each department's on-time rate among its tasks due before the board's day", () => {
      expect(board.body.onTime).toEqual([
        { agency: agencies.civil.id, due: 6, onTime: 2, rate: 2 / 6 },
        { agency: agencies.culture.id, due: 6, onTime: 4, rate: 4 / 6 },
        { agency: agencies.education.id, due: 6, onTime: 3, rate: 3 / 6 },
        { agency: agencies.unitedFront.id, due: 6, onTime: 1, rate: 1 / 6 },
      ]);
    });
  });
});

describe('Reminders of a task created inside its reminder window', () => {
  it('never tells the department that 7 days remain when the task was created 3 days before its due date', async () => {
    // Prepare
    const plan = await newPlan('十堰市民族团结进步月冲刺方案', [{ name: '冲刺', from: today, to: day(today, 30) }]);
    const t = await newTask(plan.id, {
      title: `冲刺任务：民族团结进步月总结${tag}`,
      responsibleAgency: agencies.civil.id,
      phase: '冲刺',
      dueOn: day(today, 3),
      measure: '报送总结材料',
    });
    await drain();

    // Act: the sweep of today and of the day before the due date
    await runSweep(today);
    await runSweep(day(today, 2));
    await deliverQueued();

    // Assess
    const subject = `【任务提醒】${t.title} ${t.dueOn} 到期`;
    const texts = (await waitForEmails((all) => all.some((e) => e.subject === subject && e.body.text!.includes('（还有 1 天）'))))
      .filter((e) => e.subject === subject)
      .map((e) => e.body.text!);
    expect(texts.filter((text) => text.includes('（还有 1 天）'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('（还有 7 天）'))).toEqual([]);
  });
});

describe('Progress and review', () => {
  const phases: Phase[] = [{ name: '全面推进', from: day(today, -60), to: day(today, 60) }];
  let plan: any;
  let serial = 0;

  beforeAll(async () => {
    plan = await newPlan('十堰市民族团结进步创建重点任务推进方案', phases);
  });

  /** A task of the education bureau due in 20 days (or on `dueOn`). */
  async function educationTask(dueOn = day(today, 20)): Promise<any> {
    serial += 1;
    return newTask(plan.id, {
      title: `推进任务${serial}：民族团结教育示范课`,
      responsibleAgency: agencies.education.id,
      phase: '全面推进',
      dueOn,
      measure: '每校开设示范课不少于2节',
    });
  }

  const report = (id: string, body: Record<string, unknown>, by: AgencyKey = 'education') =>
    callPlans({ method: 'POST', path: `/v1/tasks/${id}/progress`, claims: agencyCaller(by), body: { text: '已完成阶段性工作', ...body } });
  const review = (id: string, body: Record<string, unknown>, claims: Caller = shiyan) =>
    callPlans({ method: 'POST', path: `/v1/tasks/${id}/review`, claims, body });

  async function reported(dueOn?: string): Promise<any> {
    const t = await educationTask(dueOn);
    expect((await report(t.id, { percent: 100 })).status).toBe(201);
    return t;
  }

  it('keeps a task open at 40 % and records the report', async () => {
    const t = await educationTask();
    const answer = await report(t.id, { percent: 40, text: '已完成40%，12所学校开课' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ id: t.id, state: 'open', percent: 40 });
    expect(answer.body).not.toHaveProperty('reportedOn');
    expect((await readTask(t.id)).progress).toEqual([
      expect.objectContaining({ percent: 40, text: '已完成40%，12所学校开课', evidenceIds: [], by: agencies.education.id }),
    ]);
  });

  it('moves a task to reported at 100 %, dated today', async () => {
    const t = await educationTask();
    expect((await report(t.id, { percent: 40 })).status).toBe(201);
    const answer = await report(t.id, { percent: 100 });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ state: 'reported', percent: 100, reportedOn: today });
    expect((await readTask(t.id)).progress.map((p: { percent: number }) => p.percent)).toEqual([40, 100]);
  });

  it('refuses a report from a department that is not responsible with 403, and records nothing', async () => {
    const t = await educationTask();
    const before = await readTask(t.id);
    expectProblem(await report(t.id, { percent: 50 }, 'culture'), 403, 'forbidden');
    expect(await readTask(t.id)).toEqual(before);
  });

  it('refuses a percent of 101 with 422 at /percent, and records nothing', async () => {
    const t = await educationTask();
    const before = await readTask(t.id);
    const answer = await report(t.id, { percent: 101 });
    expectProblem(answer, 422, 'validation');
    expect(pointersOf(answer)).toEqual(['/percent']);
    expect(await readTask(t.id)).toEqual(before);
  });

  it("lets the plan's authority accept a reported task", async () => {
    const t = await reported();
    const answer = await review(t.id, { decision: 'accept', note: '材料齐全' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ state: 'accepted', acceptedOn: today, reportedOn: today });
  });

  it('sends a reported task back with its reason, open again while it is not yet due', async () => {
    const t = await reported();
    const answer = await review(t.id, { decision: 'send-back', reason: '缺少课堂照片' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ state: 'open', sentBackReason: '缺少课堂照片' });
    expect(answer.body).not.toHaveProperty('reportedOn');
  });

  it('sends a reported task back overdue when its due date has passed', async () => {
    const t = await educationTask(day(today, -1));
    expect(t.state).toBe('overdue');
    expect((await report(t.id, { percent: 100 })).body.state).toBe('reported');
    const answer = await review(t.id, { decision: 'send-back', reason: '逾期且材料不全' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.state).toBe('overdue');
  });

  it('refuses to review an open task with 409, and records nothing', async () => {
    const t = await educationTask();
    const before = await readTask(t.id);
    expectProblem(await review(t.id, { decision: 'accept' }), 409, 'illegal-transition');
    expect(await readTask(t.id)).toEqual(before);
  });

  it("refuses a review by anyone but the plan's authority with 403", async () => {
    const t = await reported();
    const before = await readTask(t.id);
    expectProblem(await review(t.id, { decision: 'accept' }, agencyCaller('education')), 403, 'forbidden');
    expect(await readTask(t.id)).toEqual(before);
  });

  describe('Evidence', () => {
    const pdf = 'application/pdf';
    const declare = (id: string, bytes: Uint8Array) =>
      callPlans({
        method: 'POST',
        path: `/v1/tasks/${id}/evidence`,
        claims: agencyCaller('education'),
        body: { fileName: '示范课台账.pdf', contentType: pdf, size: bytes.length, sha256: sha256(bytes) },
      });

    it('takes a file through a presigned upload and confirm, and a progress report citing it', async () => {
      const t = await educationTask();
      const bytes = new TextEncoder().encode(`%PDF-1.4 十堰 ${tag} 示范课台账`);
      const declared = await declare(t.id, bytes);
      expect(declared.status, JSON.stringify(declared.body)).toBe(201);
      expect((await fetch(declared.body.upload.url, { method: 'PUT', headers: declared.body.upload.headers, body: bytes })).status).toBe(
        200,
      );
      const confirmed = await callPlans({
        method: 'POST',
        path: `/v1/tasks/${t.id}/evidence/${declared.body.id}/confirm`,
        claims: agencyCaller('education'),
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.status).toBe('confirmed');

      const answer = await report(t.id, { percent: 60, evidenceIds: [declared.body.id] });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const read = await readTask(t.id);
      expect(read.progress).toEqual([expect.objectContaining({ percent: 60, evidenceIds: [declared.body.id] })]);
      expect(read.evidence).toEqual([
        expect.objectContaining({ id: declared.body.id, status: 'confirmed', downloadUrl: expect.any(String) }),
      ]);
      expect(new Uint8Array(await (await fetch(read.evidence[0].downloadUrl)).arrayBuffer())).toEqual(bytes);
    });

    it('refuses a report citing evidence not yet confirmed with 422 at /evidenceIds/0, and records nothing', async () => {
      const t = await educationTask();
      const declared = await declare(t.id, new TextEncoder().encode(`%PDF-1.4 ${tag} 未上传`));
      expect(declared.status).toBe(201);
      const before = await readTask(t.id);
      const answer = await report(t.id, { percent: 60, evidenceIds: [declared.body.id] });
      expectProblem(answer, 422, 'validation');
      expect(pointersOf(answer)).toEqual(['/evidenceIds/0']);
      expect(await readTask(t.id)).toEqual(before);
    });
  });
});

describe('Bad input', () => {
  const phases: Phase[] = [
    { name: '第一阶段', from: day(today, 10), to: day(today, 40) },
    { name: '第二阶段', from: day(today, 41), to: day(today, 90) },
  ];
  let plan: any;
  const goodTask = () => ({
    title: '宣传月活动',
    responsibleAgency: agencies.culture.id,
    phase: '第一阶段',
    dueOn: day(today, 20),
    measure: '开展活动不少于5场',
  });

  beforeAll(async () => {
    plan = await newPlan('十堰市民族团结进步宣传月方案', phases);
  });

  /** Posts a task and expects a 422 at exactly these pointers, with the task table unchanged. */
  async function expectTaskRefused(body: Record<string, unknown>, pointers: string[], claims: Caller = shiyan): Promise<void> {
    const before = await tasksOf(plan.id);
    const answer = await callPlans({ method: 'POST', path: `/v1/plans/${plan.id}/tasks`, claims, body });
    expectProblem(answer, 422, 'validation');
    expect(pointersOf(answer)).toEqual(pointers);
    expect(await tasksOf(plan.id)).toEqual(before);
  }

  /** Posts a plan and expects this refusal, with no plan written in the region. */
  async function expectPlanRefused(
    body: Record<string, unknown>,
    status: number,
    caller: Caller = shiyan,
    pointers?: string[],
  ): Promise<void> {
    const before = await plansIn('420000', hubei);
    const answer = await callPlans({
      method: 'POST',
      path: '/v1/plans',
      claims: caller,
      body: { title: '不应写入的方案', phases, ...body },
    });
    expectProblem(answer, status, status === 403 ? 'forbidden' : 'validation');
    if (pointers) expect(pointersOf(answer)).toEqual(pointers);
    expect(await plansIn('420000', hubei)).toEqual(before);
  }

  it('refuses a task due outside its phase with 422 at /dueOn', async () => {
    await expectTaskRefused({ ...goodTask(), dueOn: day(today, 50) }, ['/dueOn']);
  });

  it('refuses a task in a phase the plan lacks with 422 at /phase', async () => {
    await expectTaskRefused({ ...goodTask(), phase: '第三阶段' }, ['/phase']);
  });

  it('refuses a task for a department missing from the authority directory with 422 at /responsibleAgency', async () => {
    await expectTaskRefused({ ...goodTask(), responsibleAgency: 'shiyan-no-such-bureau' }, ['/responsibleAgency']);
  });

  it('refuses a task from an authority that did not write the plan with 403', async () => {
    const before = await tasksOf(plan.id);
    expectProblem(
      await callPlans({ method: 'POST', path: `/v1/plans/${plan.id}/tasks`, claims: hubei, body: goodTask() }),
      403,
      'forbidden',
    );
    expect(await tasksOf(plan.id)).toEqual(before);
  });

  it('refuses phases out of order with 422 at the later phase', async () => {
    await expectPlanRefused({ phases: [phases[1], phases[0]] }, 422, shiyan, ['/phases/1/from']);
  });

  it('refuses overlapping phases with 422 at the later phase', async () => {
    await expectPlanRefused({ phases: [phases[0], { ...phases[1], from: day(today, 30) }] }, 422, shiyan, ['/phases/1/from']);
  });

  it('refuses a phase that ends before it begins with 422 at its end', async () => {
    await expectPlanRefused({ phases: [{ name: '倒置阶段', from: day(today, 30), to: day(today, 10) }] }, 422, shiyan, ['/phases/0/to']);
  });

  it('refuses a plan for another region with 403: a city authority for another city, a district for its city', async () => {
    await expectPlanRefused({ regionCode: '420600' }, 403);
    await expectPlanRefused({ regionCode: '420300' }, 403, maojian);
  });
});

describe('The task table as CSV', () => {
  const phases: Phase[] = [
    { name: '基础年', from: day(today, 10), to: day(today, 100) },
    { name: '示范年', from: day(today, 101), to: day(today, 200) },
  ];
  const table = [
    {
      title: '民族团结进步教育“进校园、进课堂”',
      responsibleAgency: agencies.education.id,
      phase: '基础年',
      dueOn: day(today, 30),
      measure: '覆盖全市中小学, 每校一品',
    },
    {
      title: '=HYPERLINK("http://example.cn","点此查看")',
      responsibleAgency: agencies.culture.id,
      phase: '基础年',
      dueOn: day(today, 60),
      measure: '建成展示平台',
    },
    { title: '石榴籽家园建设', responsibleAgency: agencies.civil.id, phase: '示范年', dueOn: day(today, 150), measure: '每个社区建成1个' },
    {
      title: '@统战部专项督查',
      responsibleAgency: agencies.unitedFront.id,
      phase: '示范年',
      dueOn: day(today, 180),
      measure: '督查报告1份',
    },
  ];
  let plan: any;
  let csv: Answer;

  beforeAll(async () => {
    plan = await newPlan('十堰市民族团结进步创建任务分解表', phases);
    for (const t of table) await newTask(plan.id, t);
    csv = await callPlans({ method: 'GET', path: `/v1/plans/${plan.id}/tasks`, claims: shiyan, headers: { accept: 'text/csv' } });
  });

  it('answers Accept: text/csv with UTF-8 CSV: a BOM, the header row, CRLF line ends, Chinese text intact', () => {
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const text = csv.raw!;
    expect(text.startsWith('\uFEFFid,title,responsibleAgency,phase,dueOn,measure,state,percent,reportedOn,acceptedOn\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(text.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1 + table.length);
    expect(text).toContain('民族团结进步教育“进校园、进课堂”');
    expect(text).toContain('"覆盖全市中小学, 每校一品"');
    expect(text).toContain(',石榴籽家园建设,shiyan-civil-affairs,示范年,');
  });

  it('neutralises cells that start with = or @ so that spreadsheets never run them', () => {
    expect(csv.raw).toContain(`,"'=HYPERLINK(""http://example.cn"",""点此查看"")",`);
    expect(csv.raw).toContain(",'@统战部专项督查,");
    expect(csv.raw).not.toMatch(/,=HYPERLINK|,"=HYPERLINK|,@统战部/);
  });

  it('re-imported into another plan with the same phases, creates the same tasks', async () => {
    const other = await newPlan('十堰市民族团结进步创建任务分解表（复制）', phases);
    const imported = await callPlans({
      method: 'POST',
      path: `/v1/plans/${other.id}/tasks/import`,
      claims: shiyan,
      headers: csvType,
      body: csv.raw,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.refused).toEqual([]);
    expect(imported.body.created).toHaveLength(table.length);
    const fields = (t: Record<string, unknown>) => ({
      title: t.title,
      responsibleAgency: t.responsibleAgency,
      phase: t.phase,
      dueOn: t.dueOn,
      measure: t.measure,
    });
    const byTitle = (a: { title: unknown }, b: { title: unknown }) => String(a.title).localeCompare(String(b.title));
    expect((await tasksOf(other.id)).map(fields).sort(byTitle)).toEqual(table.map(fields).sort(byTitle));
  });
});

describe('Coverage', () => {
  /*
   * The hand count. 茅箭区 (420302): a community named, a school with a submission, a village named and with a
   * submission, an enterprise named, an organ with nothing. 张湾区 (420303): a community whose naming was revoked 10
   * days ago, a subdistrict whose naming expired 10 days ago, a school with a draft only, an organ named 3 days ago, a
   * religious venue with nothing. 十堰市 itself (420300): an organ named, a park with nothing. 襄城区 (420602): a
   * community named, a school with nothing. Every other naming dates from 100 days ago (the revoked one from 200).
   */
  const c = (units: number, takingPart: number, named: number) => ({ units, takingPart, named });
  const created: Record<string, Unit> = {};
  let coveragePlan: any;
  let city: Answer;
  let province: Answer;

  async function newUnit(key: string, name: string, type: UnitType, regionCode: string, caller: Caller = shiyan): Promise<Unit> {
    const answer = await callUnits({
      method: 'POST',
      path: '/v1/units',
      claims: caller,
      body: { name: `${name}${tag}`, type, regionCode, zone: false, contacts: [{ name: '王芳', email: `unit-${tag}-${key}@example.cn` }] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return (created[key] = answer.body as Unit);
  }

  const benchmarks = { nationalGdpGrowth: 5, provincialIncomeGrowth: 5 };
  let campaignId: string;

  /** The unit applies to 十堰市's naming campaign and, when `submit`, self-assesses and submits. */
  async function apply(unit: Unit, submit: boolean): Promise<void> {
    const me = unitUser(unit.id, unit.regionCode);
    const submission = await callCampaigns({ method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} });
    expect(submission.status, JSON.stringify(submission.body)).toBe(201);
    if (!submit) return;
    const assessed = await callCampaigns({
      method: 'PUT',
      path: `/v1/submissions/${submission.body.id}/self-assessment`,
      claims: me,
      headers: { 'if-match': submission.headers.etag! },
      body: { values: fullSheet(demoFramework, unit.type, benchmarks) },
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const submitted = await callCampaigns({
      method: 'POST',
      path: `/v1/submissions/${submission.body.id}/transitions`,
      claims: me,
      headers: { 'if-match': assessed.headers.etag! },
      body: { action: 'submit' },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  }

  const name = (unit: Unit, namedOn: string, issuedBy = shiyan.agencyId) =>
    createNaming(
      mainStore(),
      unit,
      { level: 'city', namedOn, issuedBy },
      { ...actor, agencyId: issuedBy },
      today,
      new Date().toISOString(),
    );

  /** A row's figures without the region's name: key and all units with shares, and counts per type. */
  const figures = (row: any) => ({
    key: row.key,
    all: row.all,
    byType: Object.fromEntries(Object.entries(row.byType as Record<string, any>).map(([t, v]) => [t, c(v.units, v.takingPart, v.named)])),
  });
  const rowOf = (answer: Answer, code: string) => answer.body.rows.find((r: { regionCode: string }) => r.regionCode === code);
  const report = (region: string, caller: Caller, asOf?: string) =>
    callPlans({ method: 'GET', path: '/v1/reports/coverage', claims: caller, query: { region, ...(asOf ? { asOf } : {}) } });

  beforeAll(async () => {
    const community1 = await newUnit('mj-community', '茅箭区二堰街道民族团结社区', 'community', '420302');
    const school1 = await newUnit('mj-school', '十堰市第二中学', 'school', '420302');
    const village = await newUnit('mj-village', '茅箭区茅塔乡民族团结村', 'village', '420302');
    const enterprise = await newUnit('mj-enterprise', '十堰东风民族团结企业', 'enterprise', '420302');
    await newUnit('mj-organ', '茅箭区民族宗教事务局', 'organ', '420302');
    const community2 = await newUnit('zw-community', '张湾区车城路街道社区', 'community', '420303');
    const subdistrict = await newUnit('zw-subdistrict', '张湾区花果街道', 'subdistrict', '420303');
    const school2 = await newUnit('zw-school', '十堰市张湾区实验小学', 'school', '420303');
    const organ2 = await newUnit('zw-organ', '张湾区民族宗教事务局', 'organ', '420303');
    await newUnit('zw-venue', '张湾区清真寺', 'religious-venue', '420303');
    const cityOrgan = await newUnit('sy-organ', '十堰市民族宗教事务委员会', 'organ', '420300');
    await newUnit('sy-park', '十堰市民族团结公园', 'park', '420300');
    const xcCommunity = await newUnit('xc-community', '襄城区古城街道社区', 'community', '420602', hubei);
    await newUnit('xc-school', '襄阳市第五中学', 'school', '420602', hubei);

    for (const unit of [community1, village, enterprise, cityOrgan]) await name(unit, day(today, -100));
    await name(xcCommunity, day(today, -100), 'xiangyang-ethnic-affairs');
    await name(organ2, day(today, -3));
    const revoked = await name(community2, day(today, -200));
    await revokeNaming(mainStore(), revoked.id, '复查不合格', actor, day(today, -10), new Date().toISOString());
    await name(subdistrict, day(plusYears(today, -5), -10));

    // Submissions to 十堰市's naming campaign: two submitted, one left in draft.
    const framework = await callFrameworks({
      method: 'POST',
      path: '/v1/frameworks',
      claims: shiyan,
      body: { ...demoFramework, version: `plans-${tag}` },
    });
    expect(framework.status, JSON.stringify(framework.body)).toBe(201);
    const campaign = await callCampaigns({
      method: 'POST',
      path: '/v1/campaigns',
      claims: shiyan,
      body: {
        name: '十堰市民族团结进步示范单位命名',
        kind: 'naming',
        level: 'city',
        frameworkId: framework.body.id,
        rounds: [{ name: 'document', weight: 1 }],
        passMark: 60,
        quota: 10,
        grassrootsShare: 0.5,
        benchmarks,
        dates: {
          applicationsOpen: day(today, -1),
          applicationsClose: day(today, 10),
          documentReview: { from: day(today, 11), to: day(today, 20) },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 7,
        },
      },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    campaignId = campaign.body.id;
    await apply(school1, true);
    await apply(village, true);
    await apply(school2, false);

    // The latest plan of 十堰市 sets the targets.
    coveragePlan = await newPlan(
      '十堰市民族团结进步创建覆盖率目标',
      [{ name: '全覆盖', from: day(today, 1), to: day(today, 365) }],
      [
        { measure: 'coverage', scope: 'key', atLeast: 0.9 },
        { measure: 'named', scope: 'all', atLeast: 0.4 },
        { measure: 'coverage', scope: 'organ', atLeast: 0.6 },
      ],
    );
    city = await report('420300', shiyan);
    expect(city.status, JSON.stringify(city.body)).toBe(200);
    province = await report('420000', hubei);
    expect(province.status, JSON.stringify(province.body)).toBe(200);
  }, 60_000);

  it('counts 茅箭区 by hand: a unit with both a naming and a submission once, a draft not at all', () => {
    expect(rowOf(city, '420302')).toMatchObject({ name: '茅箭区', level: 'county' });
    expect(figures(rowOf(city, '420302'))).toEqual({
      key: { units: 4, takingPart: 3, named: 2, coverage: 0.75, namedShare: 0.5 },
      all: { units: 5, takingPart: 4, named: 3, coverage: 0.8, namedShare: 0.6 },
      byType: { community: c(1, 1, 1), school: c(1, 1, 0), village: c(1, 1, 1), enterprise: c(1, 1, 1), organ: c(1, 0, 0) },
    });
  });

  it('counts 张湾区 by hand: a naming revoked or expired before today no longer counts, nor a draft submission', () => {
    expect(figures(rowOf(city, '420303'))).toEqual({
      key: { units: 4, takingPart: 1, named: 1, coverage: 0.25, namedShare: 0.25 },
      all: { units: 5, takingPart: 1, named: 1, coverage: 0.2, namedShare: 0.2 },
      byType: { community: c(1, 0, 0), subdistrict: c(1, 0, 0), school: c(1, 0, 0), organ: c(1, 1, 1), 'religious-venue': c(1, 0, 0) },
    });
  });

  it("rolls the city row up from its districts plus the city's own units", () => {
    const cityRow = figures(rowOf(city, '420300'));
    expect(rowOf(city, '420300')).toMatchObject({ name: '十堰市', level: 'city' });
    expect(cityRow).toEqual({
      key: { units: 9, takingPart: 5, named: 4, coverage: 0.5556, namedShare: 0.4444 },
      all: { units: 12, takingPart: 6, named: 5, coverage: 0.5, namedShare: 0.4167 },
      byType: {
        community: c(2, 1, 1),
        school: c(2, 1, 0),
        village: c(1, 1, 1),
        enterprise: c(1, 1, 1),
        organ: c(3, 2, 2),
        subdistrict: c(1, 0, 0),
        'religious-venue': c(1, 0, 0),
        park: c(1, 0, 0),
      },
    });
    // The same, summed from the answer's district rows and the two city-level units (an organ named, a park).
    const sum: Record<string, ReturnType<typeof c>> = { organ: c(1, 1, 1), park: c(1, 0, 0) };
    for (const code of ['420302', '420303']) {
      for (const [type, v] of Object.entries(figures(rowOf(city, code)).byType)) {
        const s = (sum[type] ??= c(0, 0, 0));
        sum[type] = c(s.units + v.units, s.takingPart + v.takingPart, s.named + v.named);
      }
    }
    expect(cityRow.byType).toEqual(sum);
    expect(figures(city.body.total)).toEqual(cityRow);
  });

  it("keeps a city's report within the city: its own row and its districts', no province row", () => {
    expect(city.body).toMatchObject({ region: '420300', asOf: today });
    expect(city.body.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual(['420300', '420302', '420303']);
  });

  it('rolls the province row up as the sum of its cities', () => {
    expect(province.body.rows.map((r: { regionCode: string }) => r.regionCode)).toEqual([
      '420000',
      '420300',
      '420302',
      '420303',
      '420600',
      '420602',
    ]);
    expect(rowOf(province, '420000')).toMatchObject({ name: '湖北省', level: 'province' });
    expect(figures(rowOf(province, '420600'))).toEqual({
      key: { units: 2, takingPart: 1, named: 1, coverage: 0.5, namedShare: 0.5 },
      all: { units: 2, takingPart: 1, named: 1, coverage: 0.5, namedShare: 0.5 },
      byType: { community: c(1, 1, 1), school: c(1, 0, 0) },
    });
    expect(figures(rowOf(province, '420300'))).toEqual(figures(rowOf(city, '420300')));
    expect(figures(rowOf(province, '420000'))).toEqual({
      key: { units: 11, takingPart: 6, named: 5, coverage: 0.5455, namedShare: 0.4545 },
      all: { units: 14, takingPart: 7, named: 6, coverage: 0.5, namedShare: 0.4286 },
      byType: {
        community: c(3, 2, 2),
        school: c(3, 1, 0),
        village: c(1, 1, 1),
        enterprise: c(1, 1, 1),
        organ: c(3, 2, 2),
        subdistrict: c(1, 0, 0),
        'religious-venue': c(1, 0, 0),
        park: c(1, 0, 0),
      },
    });
    expect(province.body.planTargets).toEqual([]);
  });

  it("measures the city against its latest plan's targets: the actual share and whether each is met", () => {
    expect(city.body.planTargets).toEqual(coveragePlan.targets);
    expect(city.body.total.targets).toEqual([
      { measure: 'coverage', scope: 'key', atLeast: 0.9, actual: 0.5556, met: false },
      { measure: 'named', scope: 'all', atLeast: 0.4, actual: 0.4167, met: true },
      { measure: 'coverage', scope: 'organ', atLeast: 0.6, actual: 0.6667, met: true },
    ]);
  });

  it('as of 20 days ago, leaves out what came later (the submissions, the naming of 3 days ago, the plan) and counts the naming revoked since', async () => {
    const past = await report('420300', shiyan, day(today, -20));
    expect(past.status, JSON.stringify(past.body)).toBe(200);
    expect(past.body).toMatchObject({ asOf: day(today, -20), planTargets: [] });
    expect(past.body.total.targets).toEqual([]);
    // Unit counts come from the current counters; what is compared here is who took part and who was named then.
    const part = (code: string) =>
      Object.fromEntries(
        Object.entries(figures(rowOf(past, code)).byType)
          .filter(([, v]) => v.takingPart > 0)
          .map(([t, v]) => [t, [v.takingPart, v.named]]),
      );
    expect(part('420302')).toEqual({ community: [1, 1], village: [1, 1], enterprise: [1, 1] });
    expect(part('420303')).toEqual({ community: [1, 1], subdistrict: [1, 1] });
    expect(part('420300')).toEqual({ community: [2, 2], village: [1, 1], enterprise: [1, 1], subdistrict: [1, 1], organ: [1, 1] });
  });

  it("refuses a report on a region outside the caller's with 403", async () => {
    expectProblem(await report('420300', maojian), 403, 'forbidden');
  });

  describe('Dates are civil dates in Beijing', () => {
    // 00:30 tomorrow in Beijing is still today in UTC.
    const tomorrow = day(today, 1);
    const justAfterMidnight = `${tomorrow}T00:30:00+08:00`;

    it('leaves a submission made at 00:30 tomorrow, Beijing time, out of the report as of today', async () => {
      // Prepare: a school of 郧阳区 (420304), no other unit there
      const unit = await newUnit('yy-school', '郧阳区民族团结实验学校', 'school', '420304');

      // Act
      await atInstant(justAfterMidnight, () => apply(unit, true));

      // Assess
      const asOfToday = await report('420300', shiyan, today);
      const asOfTomorrow = await report('420300', shiyan, tomorrow);
      expect(figures(rowOf(asOfTomorrow, '420304')).byType).toEqual({ school: c(1, 1, 0) });
      expect(figures(rowOf(asOfToday, '420304')).byType).toEqual({ school: c(1, 0, 0) });
    });

    it('takes the targets of a plan written at 00:30 tomorrow, Beijing time, only from tomorrow', async () => {
      // Act
      const later = await atInstant(justAfterMidnight, () =>
        newPlan(
          '十堰市民族团结进步创建覆盖率目标（调整）',
          [{ name: '全覆盖', from: day(today, 2), to: day(today, 365) }],
          [{ measure: 'coverage', scope: 'key', atLeast: 0.95 }],
        ),
      );

      // Assess
      expect((await report('420300', shiyan, tomorrow)).body.planTargets).toEqual(later.targets);
      expect((await report('420300', shiyan, today)).body.planTargets).toEqual(coveragePlan.targets);
    });
  });
});
