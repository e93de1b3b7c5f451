import type { FrameworkCreate } from '../../shared/domain/frameworks.ts';

const levels = { A: 1, B: 0.8, C: 0.6, D: 0 };

/** The demo framework: seed 001's six first-level areas, every indicator kind, one veto, two bonuses, a school and a zone variant. */
export const demoFramework: FrameworkCreate = {
  name: '省级民族团结进步示范单位测评指标（试行）',
  version: '2026.1',
  areas: [
    {
      id: 'A1',
      name: '以政治引领民族团结',
      weight: 20,
      indicators: [
        { id: 'A1.1', name: '成立"一把手"任组长的领导小组', kind: 'check', max: 4 },
        { id: 'A1.2', name: '工作机制健全、责任清晰', kind: 'level', max: 6, levels },
        { id: 'A1.3', name: '党员干部民族理论政策知晓率', kind: 'ratio', max: 5, target: 0.9, floor: 0.5 },
        { id: 'A1.4', name: '创建经费按人均标准纳入财政预算', kind: 'check', max: 5 },
      ],
    },
    {
      id: 'A2',
      name: '以"三交"增进民族团结，构筑共有精神家园',
      weight: 15,
      indicators: [
        { id: 'A2.1', name: '"多元一体"国情教育', kind: 'level', max: 5, levels },
        { id: 'A2.2', name: '民族团结进步宣传月活动', kind: 'check', max: 5 },
        { id: 'A2.3', name: '群众民族团结知识知晓率', kind: 'ratio', max: 5, target: 0.85, floor: 0.5 },
      ],
    },
    {
      id: 'A3',
      name: '以文化浸润和互嵌式社区促进交往交流交融',
      weight: 15,
      indicators: [
        { id: 'A3.1', name: '互嵌式社会结构和社区环境建设', kind: 'level', max: 8, levels },
        { id: 'A3.2', name: '国家通用语言文字普及率', kind: 'ratio', max: 7, target: 0.95, floor: 0.6 },
      ],
    },
    {
      id: 'A4',
      name: '以发展和民生夯实团结基础',
      weight: 20,
      indicators: [
        { id: 'A4.1', name: '地区生产总值增速不低于全国平均', kind: 'benchmark', max: 5, benchmark: 'nationalGdpGrowth' },
        { id: 'A4.2', name: '居民收入增速不低于全省平均', kind: 'benchmark', max: 5, benchmark: 'provincialIncomeGrowth' },
        { id: 'A4.3', name: '基础设施覆盖率', kind: 'ratio', max: 10, target: 0.95, floor: 0.6 },
      ],
    },
    {
      id: 'A5',
      name: '以法治保障民族团结',
      weight: 15,
      indicators: [
        { id: 'A5.1', name: '民族法律法规宣传教育', kind: 'level', max: 5, levels },
        { id: 'A5.2', name: '涉民族因素突发事件应急预案', kind: 'check', max: 5 },
        { id: 'A5.3', name: '矛盾纠纷排查化解', kind: 'level', max: 5, levels },
      ],
    },
    {
      id: 'A6',
      name: '健全创建长效机制',
      weight: 15,
      indicators: [
        { id: 'A6.1', name: '创建覆盖率', kind: 'ratio', max: 5, target: 0.9, floor: 0.5 },
        { id: 'A6.2', name: '重点单位创建率', kind: 'ratio', max: 5, target: 0.8, floor: 0.4 },
        { id: 'A6.3', name: '群众知晓率与满意度', kind: 'ratio', max: 5, target: 0.9, floor: 0.6 },
      ],
    },
  ],
  vetoes: [{ id: 'V1', name: '近三年发生较大涉民族因素案（事）件' }],
  bonuses: [
    { id: 'B1', name: '创新做法被省级以上推广', max: 3 },
    { id: 'B2', name: '获省级以上民族团结进步表彰', max: 2 },
  ],
  bonusCap: 5,
  variants: {
    school: { exclude: ['A4.1', 'A4.2'], weights: { A1: 25, A2: 20, A3: 20, A4: 10, A5: 10, A6: 15 } },
    // A 示范区 as a whole: development and the reach of creation across the region weigh more.
    zone: { exclude: [], weights: { A1: 15, A2: 15, A3: 15, A4: 25, A5: 10, A6: 20 } },
  },
};
