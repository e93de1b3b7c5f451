import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../../shared/domain/campaigns.ts';
import {
  chineseDate,
  namingDecision,
  placeName,
  resultSheets,
  resultsNotice,
  type RankedSubmission,
} from '../../../../shared/domain/documents.ts';

const campaign = {
  id: 'c1',
  name: '2026年湖北省民族团结进步示范单位命名',
  kind: 'naming',
  level: 'province',
  honour: 'unit',
  regionCode: '420000',
  rounds: [
    { name: 'document', weight: 0.4 },
    { name: 'on-site', weight: 0.6 },
  ],
  passMark: 60,
  quota: 2,
  status: 'ranked',
  appealEndsOn: '2026-12-10',
} as unknown as Campaign;

const submission = (unitName: string, regionCode: string, ranking?: RankedSubmission['ranking'], final?: number): RankedSubmission => ({
  unitName,
  unitType: 'community',
  regionCode,
  state: ranking ? (ranking.selected ? 'final' : 'not-selected') : 'withdrawn',
  ...(final === undefined ? {} : { result: { final } }),
  ...(ranking ? { ranking } : {}),
});

// Stored in region order, as the campaign's list reads them; ranked 3rd, 1st, 2nd; one withdrawn before the ranking.
const submissions = [
  submission('江岸区百步亭社区', '420102', { rank: 3, selected: false, reason: 'quota-filled' }, 88.5),
  submission('武昌区首义社区', '420106', { rank: 1, selected: true, seat: 'open' }, 95),
  submission('洪山区撤回社区', '420111'),
  submission('恩施市六角亭社区', '422801', { rank: 2, selected: true, seat: 'grassroots' }, 90.25),
];

describe('Function: chineseDate and placeName', () => {
  it('writes a date as a document does and a region by its full name', () => {
    expect(chineseDate('2026-03-09')).toBe('2026年3月9日');
    expect(placeName('420102')).toBe('湖北省武汉市江岸区');
    expect(placeName('420100')).toBe('湖北省武汉市');
    expect(placeName('420000')).toBe('湖北省');
    expect(placeName('999999')).toBe('999999');
  });
});

describe('Function: resultSheets', () => {
  it('lists the ranked submissions in rank order, leaves out those never ranked, and the selected on the public-notice list', () => {
    const [results, notice] = resultSheets(submissions);

    expect(results!.rows.map((r) => [r[0], r[1], r[5], r[6], r[7], r[8]])).toEqual([
      [1, '武昌区首义社区', 95, '入选', '一般名额', null],
      [2, '恩施市六角亭社区', 90.25, '入选', '基层名额', null],
      [3, '江岸区百步亭社区', 88.5, '未入选', null, '名额已满'],
    ]);
    expect(notice!.rows).toEqual([
      [1, '武昌区首义社区', '社区', '湖北省武汉市武昌区', 95],
      [2, '恩施市六角亭社区', '社区', '湖北省恩施土家族苗族自治州恩施市', 90.25],
    ]);
    for (const sheet of [results!, notice!]) expect(sheet.rows.every((r) => r.length === sheet.columns.length)).toBe(true);
  });
});

describe('Function: resultsNotice', () => {
  it('says when no 文号 is recorded, dates the notice today, and tables the selected only', () => {
    const doc = resultsNotice(campaign, submissions, '湖北省民族宗教事务委员会', '2026-12-03');

    expect(doc.title).toBe('关于2026年湖北省民族团结进步示范单位命名评选结果的通报');
    expect(doc.number).toBe('（文号未登记）');
    expect(doc.date).toBe('2026年12月3日');
    expect(doc.body.join('')).toContain('共有3个申报参加排名，2个入选省级民族团结进步示范单位');
    expect(doc.body.join('')).toContain('申诉期至2026年12月10日');
    expect(doc.table.rows.map((r) => r[1])).toEqual(['武昌区首义社区', '恩施市六角亭社区']);
  });

  it("carries the decision's 文号 and date once recorded", () => {
    const decided = { ...campaign, status: 'concluded', decision: { number: '鄂民宗发〔2026〕12号', date: '2026-12-01' } } as Campaign;

    const doc = resultsNotice(decided, submissions, '湖北省民族宗教事务委员会', '2026-12-03');

    expect([doc.number, doc.date]).toEqual(['鄂民宗发〔2026〕12号', '2026年12月1日']);
  });
});

describe('Function: namingDecision', () => {
  it('names a commendation campaign by its title and lists each naming with its number and term', () => {
    const commendation = {
      ...campaign,
      kind: 'commendation',
      commendation: { title: '全省民族团结进步模范集体', minLevel: 'city' },
      decision: { number: '鄂民宗发〔2026〕20号', date: '2026-12-02' },
    } as Campaign & { decision: { number: string; date: string } };

    const doc = namingDecision(
      commendation,
      [{ unitName: '武昌区首义社区', regionCode: '420106', certificateNo: '鄂民示〔2025〕0007', expiresOn: '2030-05-01' }],
      '湖北省民族宗教事务委员会',
    );

    expect(doc.title).toBe('关于表彰全省民族团结进步模范集体的决定');
    expect(doc.number).toBe('鄂民宗发〔2026〕20号');
    expect(doc.date).toBe('2026年12月2日');
    expect(doc.body[0]).toContain('决定表彰以下1个集体为全省民族团结进步模范集体');
    expect(doc.table.rows).toEqual([['1', '武昌区首义社区', '湖北省武汉市武昌区', '鄂民示〔2025〕0007', '2030-05-01']]);
  });
});
