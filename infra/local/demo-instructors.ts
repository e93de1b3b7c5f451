import type { InstructorCreate } from '../../shared/domain/instructors.ts';
import { addDays, addYears } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Actor } from '../../shared/data/audit.ts';
import { putAuthority } from '../../shared/data/authorities.ts';
import { appoint } from '../../shared/data/appointments.ts';
import { createInstructor } from '../../shared/data/instructors.ts';
import type { Store } from '../../shared/data/store.ts';

/** The demo authorities of the directory: whom notices copy and name. */
const authorities = [
  {
    agencyId: 'neac',
    name: '国家民族事务委员会',
    regionCode: '000000',
    contact: { name: '国家民委联络员', email: 'contact@neac.example.cn', phone: '010-66000000' },
  },
  {
    agencyId: 'hubei-ethnic-affairs',
    name: '湖北省民族宗教事务委员会',
    regionCode: '420000',
    contact: { name: '张华', email: 'zhanghua@hubei.example.cn', phone: '027-87230000' },
  },
  {
    agencyId: 'wuhan-ethnic-affairs',
    name: '武汉市民族宗教事务局',
    regionCode: '420100',
    contact: { name: '刘敏', email: 'liumin@wuhan.example.cn', phone: '027-82700000' },
  },
  {
    agencyId: 'jiangan-ethnic-affairs',
    name: '江岸区民族宗教事务局',
    regionCode: '420102',
    contact: { name: '何静', email: 'hejing@jiangan.example.cn', phone: '027-82650000' },
  },
  {
    agencyId: 'jianghan-ethnic-affairs',
    name: '江汉区民族宗教事务局',
    regionCode: '420103',
    contact: { name: '吴磊', email: 'wulei@jianghan.example.cn', phone: '027-85760000' },
  },
  {
    agencyId: 'huangshi-ethnic-affairs',
    name: '黄石市民族宗教事务局',
    regionCode: '420200',
    contact: { name: '冯雪', email: 'fengxue@huangshi.example.cn', phone: '0714-6220000' },
  },
] as const;

const instructors: (InstructorCreate & { unitId?: string; termEndsIn?: number; county?: string })[] = [
  // Term ends in 25 days: the 30-day reminder is due on the first sweep.
  {
    name: '王芳',
    gender: 'female',
    ethnicity: '土家族',
    phone: '13900000001',
    email: 'wangfang@example.cn',
    employer: '江岸区委统战部',
    position: '科长',
    regionCode: '420102',
    source: 'unit-recommendation',
    unitId: 'demo-baibuting',
    termEndsIn: 25,
    county: 'jiangan-ethnic-affairs',
  },
  {
    name: '李强',
    gender: 'male',
    ethnicity: '汉族',
    phone: '13900000002',
    email: 'liqiang@example.cn',
    employer: '百步亭社区党委',
    position: '副书记',
    regionCode: '420102',
    source: 'self-recommendation',
    unitId: 'demo-baibuting',
    termEndsIn: 900,
    county: 'jiangan-ethnic-affairs',
  },
  // Term ends in 80 days: the 90-day reminder is due.
  {
    name: '马丽',
    gender: 'female',
    ethnicity: '回族',
    phone: '13900000003',
    email: 'mali.instructor@example.cn',
    employer: '江汉区民族宗教事务局',
    position: '干部',
    regionCode: '420103',
    source: 'unit-recommendation',
    unitId: 'demo-tangjiadun',
    termEndsIn: 80,
    county: 'jianghan-ethnic-affairs',
  },
  {
    name: '张敏',
    gender: 'female',
    phone: '13900000004',
    email: 'zhangmin@example.cn',
    employer: '武汉市民族宗教事务局',
    position: '主任科员',
    regionCode: '420100',
    source: 'self-recommendation',
  },
];

/** The authority directory, and instructors for the demo units — some near the end of their term. */
export async function seedDemoInstructors(store: Store, units: readonly Unit[], actor: Actor, today: string, now: string): Promise<void> {
  for (const { agencyId, contact, ...fields } of authorities)
    await putAuthority(store, agencyId, { ...fields, contacts: [contact] }, actor, now);
  for (const { unitId, termEndsIn, county, ...fields } of instructors) {
    const instructor = await createInstructor(store, fields, actor, now);
    const unit = units.find((u) => u.id === unitId);
    if (unit && termEndsIn !== undefined)
      await appoint(store, unit, instructor, addDays(addYears(today, -3), termEndsIn), { ...actor, agencyId: county! }, today, now);
  }
}
