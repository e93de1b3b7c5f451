import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UnitCreate } from '../../shared/domain/units.ts';
import { createUnit } from '../../shared/data/units.ts';
import { createFramework } from '../../shared/data/frameworks.ts';
import { demoFramework } from './demo-framework.ts';
import { seedDemoCampaign } from './demo-campaign.ts';
import { seedDemoInstructors } from './demo-instructors.ts';
import { seedDemoPlan } from './demo-plan.ts';
import { createNaming } from '../../shared/data/namings.ts';
import type { Naming, NamingLevel } from '../../shared/domain/namings.ts';
import { seedDemoWork } from './demo-work.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import { isConditionFailure, type Store } from '../../shared/data/store.ts';
import type { TokenClaims } from './dev-issuer.ts';

const contact = (name: string, email: string, phone: string) => [{ name, email, phone }];

/** Demo units in Hubei (seed 000 is Hubei's naming measure), under real GB/T 2260 codes. Ids are fixed so tokens stay valid. */
export const demoUnits: readonly (UnitCreate & { id: string })[] = [
  {
    id: 'demo-baibuting',
    name: '武汉市江岸区百步亭社区',
    type: 'community',
    regionCode: '420102',
    zone: false,
    contacts: contact('李明', 'liming@example.cn', '13800000000'),
    authorityId: 'wuhan-ethnic-affairs',
  },
  {
    id: 'demo-tangjiadun',
    name: '武汉市江汉区唐家墩街道',
    type: 'subdistrict',
    regionCode: '420103',
    zone: false,
    contacts: contact('王芳', 'wangfang@example.cn', '13800000001'),
    authorityId: 'wuhan-ethnic-affairs',
  },
  {
    id: 'demo-hanyang-window',
    name: '武汉市汉阳区政务服务中心民族宗教窗口',
    type: 'service-window',
    regionCode: '420105',
    zone: false,
    contacts: contact('张伟', 'zhangwei@example.cn', '13800000002'),
  },
  {
    id: 'demo-scuec',
    name: '中南民族大学',
    type: 'school',
    regionCode: '420111',
    zone: false,
    contacts: contact('马丽', 'mali@example.cn', '027-67840000'),
    authorityId: 'hubei-ethnic-affairs',
  },
  {
    id: 'demo-hongshan',
    name: '武汉市洪山区',
    type: 'organ',
    regionCode: '420111',
    zone: true,
    contacts: contact('陈静', 'chenjing@example.cn', '13800000004'),
    authorityId: 'wuhan-ethnic-affairs',
  },
  {
    id: 'demo-jiangxia-park',
    name: '武汉市江夏区经济开发区',
    type: 'park',
    regionCode: '420115',
    zone: false,
    contacts: contact('刘洋', 'liuyang@example.cn', '13800000005'),
  },
  {
    id: 'demo-mulanshan',
    name: '武汉市黄陂区木兰山风景区',
    type: 'scenic-area',
    regionCode: '420116',
    zone: false,
    contacts: contact('杨帆', 'yangfan@example.cn', '13800000006'),
  },
  {
    id: 'demo-shuangquan',
    name: '武汉市黄陂区木兰乡双泉村',
    type: 'village',
    regionCode: '420116',
    zone: false,
    contacts: contact('赵强', 'zhaoqiang@example.cn', '13800000007'),
  },
  {
    id: 'demo-shengyanggang',
    name: '黄石市黄石港区胜阳港社区',
    type: 'community',
    regionCode: '420202',
    zone: false,
    contacts: contact('黄敏', 'huangmin@example.cn', '13800000008'),
    authorityId: 'huangshi-ethnic-affairs',
  },
  {
    id: 'demo-xinxialu',
    name: '黄石市下陆区新下陆街道',
    type: 'subdistrict',
    regionCode: '420204',
    zone: false,
    contacts: contact('周杰', 'zhoujie@example.cn', '13800000009'),
  },
  {
    id: 'demo-yangxin-association',
    name: '阳新县民族团结进步促进会',
    type: 'social-organization',
    regionCode: '420222',
    zone: false,
    contacts: contact('吴霞', 'wuxia@example.cn', '13800000010'),
  },
  {
    id: 'demo-daye',
    name: '大冶市',
    type: 'organ',
    regionCode: '420281',
    zone: true,
    contacts: contact('郑涛', 'zhengtao@example.cn', '0714-8720000'),
    authorityId: 'huangshi-ethnic-affairs',
  },
  {
    id: 'demo-daye-nonferrous',
    name: '大冶有色金属集团控股有限公司',
    type: 'enterprise',
    regionCode: '420281',
    zone: false,
    contacts: contact('孙悦', 'sunyue@example.cn', '13800000012'),
  },
];

/** One demo account per role (and a city authority beside the provincial one, to show region scope). */
export const demoAccounts: readonly (TokenClaims & { label: string })[] = [
  {
    label: 'authority (Hubei province)',
    sub: 'demo-authority-hubei',
    role: 'authority',
    agencyId: 'hubei-ethnic-affairs',
    region: '420000',
  },
  { label: 'authority (Wuhan city)', sub: 'demo-authority-wuhan', role: 'authority', agencyId: 'wuhan-ethnic-affairs', region: '420100' },
  { label: 'unit (百步亭社区)', sub: 'demo-unit-baibuting', role: 'unit', agencyId: 'demo-baibuting', region: '420102' },
  { label: 'reviewer', sub: 'demo-reviewer', role: 'reviewer', agencyId: 'hubei-expert-pool', region: '420000' },
  { label: 'finance', sub: 'demo-finance', role: 'finance', agencyId: 'hubei-ethnic-affairs', region: '420000' },
  { label: 'admin', sub: 'demo-admin', role: 'admin', agencyId: 'shifan-operations', region: '000000' },
];

const marker = { pk: 'SEED', sk: 'demo' };

/** Seeds the demo data once: when the marker is absent. Returns whether it seeded. */
export async function seedDemo(store: Store, now: string): Promise<boolean> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: marker }));
  if (Item) return false;
  const actor = { sub: 'seed', role: 'admin', agencyId: 'shifan-operations', requestId: 'seed' };
  for (const { id, ...fields } of demoUnits) {
    await createUnit(store, fields, actor, now, id).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
  // Namings relative to today: one about to expire (its reminders are due), others mid-term.
  const today = civilDateAt(new Date(now));
  const namings: [string, NamingLevel, string][] = [
    ['demo-baibuting', 'national', addDays(addYears(today, -5), 20)],
    ['demo-scuec', 'province', addYears(today, -2)],
    // A provincial naming within the first reminder's window (180 days), no renewal: open work of the province.
    ['demo-hongshan', 'province', addDays(addYears(today, -5), 100)],
    ['demo-shengyanggang', 'city', addYears(today, -1)],
  ];
  const named: Naming[] = [];
  for (const [unitId, level, namedOn] of namings) {
    const unit = demoUnits.find((u) => u.id === unitId)!;
    const { id, ...fields } = unit;
    const naming = await createNaming(
      store,
      { ...fields, id, version: 1, createdAt: now, updatedAt: now },
      { level, namedOn, issuedBy: level === 'national' ? 'neac' : 'hubei-ethnic-affairs' },
      actor,
      today,
      now,
    );
    named.push(naming);
  }
  const framework = await createFramework(store, demoFramework, actor, now, 'demo-framework-2026');
  const units = demoUnits.map(({ id, ...fields }) => ({ ...fields, id, version: 1, createdAt: now, updatedAt: now }));
  await seedDemoCampaign(store, framework, units, actor, today, now);
  await seedDemoInstructors(store, units, actor, today, now);
  await seedDemoPlan(store, actor, today, now);
  await seedDemoWork(store, framework, units, named, actor, today, now);
  await store.doc.send(new PutCommand({ TableName: store.table, Item: { ...marker, seededAt: now } }));
  return true;
}
