import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context } from 'aws-lambda';
import type { Campaign } from '../../shared/domain/campaigns.ts';
import type { HttpEvent, HttpResult } from '../../shared/http/handler.ts';
import { admin, authority } from '../support/callers.ts';
import { answerOf, httpEvent, lambdaContext, type Answer, type HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';

/*
 * Agenda failures: a campaign whose public notice has ended cannot be concluded, day after day. DynamoDB Local
 * never refuses a transaction by itself here, so the refusals are injected into the SDK client, as DynamoDB answers
 * them: campaign A's conclusion fails its condition (the step is refused: 409 busy), campaign D's is too large to
 * write (a ValidationException, no refusal of ours). The sweep records both, goes on with every other due item,
 * lists them for admins from their third failed day, counts them in its metric, and clears a record once the step
 * succeeds. This file has a table of its own: it sweeps dates of its choosing.
 */

const tag = randomUUID().slice(0, 8);
const functionName = `shifan-test-agenda-sweep-${tag}`;
const city = authority('420500', `yichang-${tag}`);
const actor = { sub: 'test', role: 'authority', agencyId: city.agencyId, requestId: `agenda-failures-${tag}` };
const days = ['2031-03-03', '2031-03-04', '2031-03-05', '2031-03-06'] as const;

type Sweep = (event: unknown, context: Context) => Promise<Record<string, unknown>>;
let sweepHandler: Sweep;
let adminHandler: (event: HttpEvent, context: Context) => Promise<HttpResult>;
let dataOf: {
  getCampaign: typeof import('../../shared/data/campaigns.ts').getCampaign;
  getTask: typeof import('../../shared/data/plans.ts').getTask;
  store: import('../../shared/data/store.ts').Store;
};
let removeFaults: (() => void) | undefined;

/** What one sweep returned and the metric it wrote. */
interface SweepRun {
  result: Record<string, { due: number; advanced: number; failed: number }> & { listedFailures: number };
  metric?: Record<string, any>;
}

/** Runs the sweep for a date as Lambda would, and reads the Embedded Metric Format line it printed. */
async function sweep(date: string): Promise<SweepRun> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  let result: Record<string, unknown>;
  try {
    result = await sweepHandler({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));
  } finally {
    write.mockRestore();
  }
  const metrics = lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, any>);
  expect(metrics.length).toBeLessThanOrEqual(1);
  return { result: result as SweepRun['result'], metric: metrics[0] };
}

const listFailures = async (query: Record<string, string> = {}, claims = admin): Promise<Answer> => {
  const request: HttpRequest = { method: 'GET', path: '/v1/admin/agenda/failures', claims, query };
  return answerOf(await adminHandler(httpEvent(request), lambdaContext('admin')));
};

beforeAll(async () => {
  // Before any module reads its configuration: a table of this file's own, and the name Lambda gives the function.
  await useOwnMainTable('agenda-failures');
  process.env.AWS_LAMBDA_FUNCTION_NAME = functionName;
  sweepHandler = (await import('../../functions/agenda-sweep/handler.ts')).handler as unknown as Sweep;
  adminHandler = (await import('../../functions/admin/handler.ts')).handler;
  const { getCampaign } = await import('../../shared/data/campaigns.ts');
  const { getTask } = await import('../../shared/data/plans.ts');
  const { mainStore } = await import('../../shared/clients.ts');
  dataOf = { getCampaign, getTask, store: mainStore() };
}, 30_000);

afterAll(() => {
  removeFaults?.();
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
});

/** Campaigns whose public notice ended the day before the first swept day, and a plan task reminded that day. */
async function dueWork(): Promise<{ a: Campaign; b: Campaign; d: Campaign; taskId: string }> {
  const { createFramework } = await import('../../shared/data/frameworks.ts');
  const { createCampaign, saveCampaign } = await import('../../shared/data/campaigns.ts');
  const { createPlan, createTask } = await import('../../shared/data/plans.ts');
  const { demoFramework } = await import('../../infra/local/demo-framework.ts');
  const { store } = dataOf;
  const now = new Date().toISOString();
  const framework = await createFramework(store, { ...demoFramework, version: `agenda-failures-${tag}` }, actor, now);
  const inPublicNotice = async (name: string): Promise<Campaign> => {
    const open = await createCampaign(
      store,
      {
        name: `宜昌市示范单位命名（${name} ${tag}）`,
        kind: 'naming',
        level: 'city',
        regionCode: city.region,
        frameworkId: framework.id,
        rounds: [{ name: 'document', weight: 1 }],
        passMark: 60,
        quota: 3,
        grassrootsShare: 0.5,
        benchmarks: { nationalGdpGrowth: 0.05, provincialIncomeGrowth: 0.06 },
        dates: {
          applicationsOpen: '2031-01-05',
          applicationsClose: '2031-01-20',
          documentReview: { from: '2031-01-21', to: '2031-02-10' },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 5,
        },
      },
      actor,
      now,
    );
    return saveCampaign(
      store,
      open,
      {
        ...open,
        status: 'public-notice',
        rankedOn: '2031-02-11',
        appealEndsOn: '2031-02-18',
        finalOn: '2031-02-23',
        noticeEndsOn: '2031-03-02',
      },
      { actor, action: 'finalize', at: now },
      { agenda: { kind: 'public-notice', due: days[0] } },
    );
  };
  const [a, b, d] = [await inPublicNotice('甲'), await inPublicNotice('乙'), await inPublicNotice('丁')];
  const plan = await createPlan(
    store,
    {
      title: `宜昌市创建规划 ${tag}`,
      regionCode: city.region,
      phases: [{ name: '创建', from: '2031-01-01', to: '2031-12-31' }],
      targets: [],
    },
    actor,
    now,
  );
  const task = await createTask(
    store,
    plan,
    { title: `社区创建 ${tag}`, responsibleAgency: city.agencyId, phase: '创建', dueOn: '2031-03-04', measure: '完成' },
    actor,
    '2031-02-01',
    now,
  );
  return { a, b, d, taskId: task.id };
}

/**
 * DynamoDB's answers to the conclusion of A (its condition failed: the step is refused) and of D (the item is too
 * large), for as long as `failing` names them.
 */
async function injectFaults(a: Campaign, d: Campaign, failing: Set<string>): Promise<() => void> {
  const { getClients } = await import('../../shared/clients.ts');
  const { dynamo } = getClients();
  const name = `agendaFailures${tag}`;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = JSON.stringify(args.input);
      if (context.commandName === 'TransactWriteItemsCommand' && input.includes('concluded')) {
        if (failing.has(a.id) && input.includes(`CAMPAIGN#${a.id}`)) {
          throw Object.assign(
            new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]'),
            {
              name: 'TransactionCanceledException',
              $fault: 'client',
              CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
            },
          );
        }
        if (failing.has(d.id) && input.includes(`CAMPAIGN#${d.id}`)) {
          throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
            name: 'ValidationException',
            $fault: 'client',
          });
        }
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => dynamo.middlewareStack.remove(name);
}

describe('Function: agenda-sweep › agenda failures', () => {
  it('records a step that fails, lists it for admins from its third failed day with the error, counts it in the metric and clears it once the step succeeds', async () => {
    // Prepare: A, B and D due to conclude on day 1, and a task reminder due the same day; A and D cannot be concluded
    const { a, b, d, taskId } = await dueWork();
    const failing = new Set([a.id, d.id]);
    removeFaults = await injectFaults(a, d, failing);
    const taskBefore = await dataOf.getTask(dataOf.store, taskId);

    // Act & assess, day 1: A and D fail, B concludes and the task is reminded all the same
    const first = await sweep(days[0]);
    expect(first.result['public-notice']).toMatchObject({ due: 3, advanced: 1, failed: 2 });
    expect(first.result['task-due']).toMatchObject({ due: 1, advanced: 1, failed: 0 });
    expect((await dataOf.getCampaign(dataOf.store, b.id))!.status).toBe('concluded');
    expect((await dataOf.getTask(dataOf.store, taskId))!.nextMilestone).not.toBe(taskBefore!.nextMilestone);
    expect(first.metric).toMatchObject({ FunctionName: functionName, AgendaItemsFailing: 0 });
    expect((await listFailures()).body).toEqual({ items: [] });

    // Day 1 again: the same day counts once; day 2: two failed days, still not listed
    const again = await sweep(days[0]);
    expect(again.result['public-notice']).toMatchObject({ due: 2, advanced: 0, failed: 2 });
    await sweep(days[1]);
    expect((await listFailures()).body).toEqual({ items: [] });

    // Day 3 (twice): listed, oldest first, with the error; counted once in the metric
    await sweep(days[2]);
    const third = await sweep(days[2]);
    expect(third.result.listedFailures).toBe(2);
    expect(third.metric).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: 'Shifan', Dimensions: [['FunctionName']], Metrics: [{ Name: 'AgendaItemsFailing', Unit: 'Count' }] },
        ],
      },
      FunctionName: functionName,
      AgendaItemsFailing: 2,
    });
    const listed = await listFailures();
    expect(listed.status, listed.raw).toBe(200);
    expect(listed.body.cursor).toBeUndefined();
    const byId = new Map((listed.body.items as { subjectId: string }[]).map((f) => [f.subjectId, f]));
    expect([...byId.keys()].sort()).toEqual([a.id, d.id].sort());
    expect(byId.get(a.id)).toEqual({
      kind: 'public-notice',
      itemKey: `CAMPAIGN#${a.id}#CAMPAIGN`,
      subjectId: a.id,
      firstFailedOn: days[0],
      lastFailedOn: days[2],
      failedDays: 3,
      lastError: { type: 'busy', message: expect.stringContaining('changed at the same time') },
      updatedAt: expect.any(String),
    });
    expect(byId.get(d.id)).toMatchObject({
      failedDays: 3,
      lastError: { type: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' },
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/\bat .*\(|\.ts:\d+/);

    // Pages of one, each with the cursor of the next, in the same order
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listFailures({ limit: '1', ...(cursor ? { cursor } : {}) });
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...(page.body.items as { subjectId: string }[]).map((f) => f.subjectId));
      cursor = page.body.cursor;
    } while (cursor);
    expect(paged).toEqual(listed.body.items.map((f: { subjectId: string }) => f.subjectId));

    // Day 4: A's conclusion goes through and its record is cleared; D still fails, on its fourth day
    failing.delete(a.id);
    const fourth = await sweep(days[3]);
    expect(fourth.result['public-notice']).toMatchObject({ due: 2, advanced: 1, failed: 1 });
    expect((await dataOf.getCampaign(dataOf.store, a.id))!.status).toBe('concluded');
    expect(fourth.metric).toMatchObject({ AgendaItemsFailing: 1 });
    expect((await listFailures()).body.items).toEqual([expect.objectContaining({ subjectId: d.id, failedDays: 4, lastFailedOn: days[3] })]);
  }, 60_000);

  it('lists failures for admins only', async () => {
    const answer = await listFailures({}, city);
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
