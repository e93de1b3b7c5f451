import { addDays } from '../../shared/domain/time.ts';
import type { Actor } from '../../shared/data/audit.ts';
import { createPlan, createTask, reportProgress } from '../../shared/data/plans.ts';
import type { Store } from '../../shared/data/store.ts';

/**
 * Wuhan's three-year creation plan ("one year foundation, two years results, three years demonstration") with a
 * task table: one task overdue, one due within the week, the rest ahead, across three departments.
 */
export async function seedDemoPlan(store: Store, actor: Actor, today: string, now: string): Promise<void> {
  const wuhan = { ...actor, agencyId: 'wuhan-ethnic-affairs' };
  const phases = [
    { name: '夯实基础', from: addDays(today, -300), to: addDays(today, 60) },
    { name: '深化提升', from: addDays(today, 61), to: addDays(today, 425) },
    { name: '示范引领', from: addDays(today, 426), to: addDays(today, 790) },
  ];
  const plan = await createPlan(
    store,
    {
      title: '武汉市创建全国民族团结进步示范市三年行动计划',
      regionCode: '420100',
      phases,
      targets: [
        { measure: 'coverage', scope: 'key', atLeast: 0.9 },
        { measure: 'named', scope: 'key', atLeast: 0.3 },
      ],
    },
    wuhan,
    now,
  );
  const tasks = [
    {
      title: '制定创建工作任务分解表',
      responsibleAgency: 'wuhan-ethnic-affairs',
      phase: '夯实基础',
      dueOn: addDays(today, -10),
      measure: '印发任务分解表',
    },
    {
      title: '开展民族团结进步宣传月活动',
      responsibleAgency: 'jiangan-ethnic-affairs',
      phase: '夯实基础',
      dueOn: addDays(today, 5),
      measure: '活动方案、照片和总结',
    },
    {
      title: '建立创建工作台账',
      responsibleAgency: 'jianghan-ethnic-affairs',
      phase: '夯实基础',
      dueOn: addDays(today, 45),
      measure: '台账资料齐全',
    },
    {
      title: '重点单位创建覆盖率达到 90%',
      responsibleAgency: 'wuhan-ethnic-affairs',
      phase: '深化提升',
      dueOn: addDays(today, 300),
      measure: '覆盖率统计表',
    },
    {
      title: '培育市级示范单位 30 个',
      responsibleAgency: 'wuhan-ethnic-affairs',
      phase: '示范引领',
      dueOn: addDays(today, 700),
      measure: '命名文件',
    },
  ];
  const created = [];
  for (const task of tasks) created.push(await createTask(store, plan, task, wuhan, today, now));
  // The first task is reported done: it awaits Wuhan's review (its workbench shows it).
  const first = created[0]!;
  await reportProgress(
    store,
    first,
    { ...first, percent: 100, state: 'reported', reportedOn: today },
    { percent: 100, text: '各区均已成立创建工作领导小组', evidenceIds: [], at: now, by: 'wuhan-ethnic-affairs' },
    { actor: wuhan, at: now },
    today,
    'seed',
  );
}
