import type { Campaign } from './campaigns.ts';
import type { Filing } from './instructors.ts';
import { namingKindNames, namingLevelNames, registryLabels, type NamingKind, type NamingStatus } from './namings.ts';
import { findRegion, isGrouping } from './regions.ts';
import type { SubmissionState } from './submissions.ts';
import { unitTypeNames, type UnitType } from './units.ts';

/*
 * The documents officials hand upward, as plain data: the sheets of a workbook (XLSX) and the parts of an official
 * notice (公文: title, 文号, body, table, issuing authority, date). Chinese throughout; `shared/documents` renders them.
 */

/** The official documents of a campaign (`GET /v1/campaigns/{id}/documents/{document}`): the results notice (通报), the decision (决定). */
export const campaignDocuments = ['results-notice', 'naming-decision'] as const;

/** One cell of a sheet. */
export type Cell = string | number | null;

/** One sheet of a workbook: its name (at most 31 characters), its header row and its rows. */
export interface Sheet {
  name: string;
  columns: readonly { header: string; width: number }[];
  rows: readonly (readonly Cell[])[];
}

/** An official document in the layout of a notice (公文): title, 文号, addressee, body, a table, issuing authority and date. */
export interface OfficialDocument {
  title: string;
  /** The document number (文号) line, or a sentence saying it is not yet recorded. */
  number: string;
  addressee: string;
  body: readonly string[];
  table: { columns: readonly string[]; rows: readonly (readonly string[])[] };
  closing: readonly string[];
  issuer: string;
  /** The date as a document writes it: 2026年12月3日. */
  date: string;
}

/** What each naming status (and `expiring`, shown while the first reminder's window runs) is called. */
export const namingStatusNames: Record<NamingStatus | 'expiring', string> = {
  active: '有效',
  expiring: '即将期满',
  revoked: '已撤销',
  expired: '已期满',
  superseded: '已被新命名取代',
};

/** What each submission state is called. */
export const submissionStateNames: Record<SubmissionState, string> = {
  draft: '草稿',
  submitted: '已提交',
  recommended: '已推荐',
  'in-review': '评审中',
  'in-rectification': '整改中',
  'on-site': '实地评审',
  scored: '已评分',
  final: '结果已确定',
  'public-notice': '公示中',
  named: '已命名',
  'not-selected': '未入选',
  vetoed: '一票否决',
  withdrawn: '已撤回',
  rejected: '未通过审核',
  passed: '合格',
  rectifying: '限期整改',
  failed: '不合格',
};

const notSelectedNames = { vetoed: '一票否决', 'below-pass-mark': '未达合格分数线', 'quota-filled': '名额已满' } as const;
const seatNames = { grassroots: '基层名额', open: '一般名额' } as const;
const filingLevelNames: Record<Filing['level'], string> = { county: '县级', city: '市级', province: '省级' };

/** A civil date as a document writes it: `2026-12-03` → `2026年12月3日`. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A region's full name from the directory (`420102` → 湖北省武汉市江岸区), the code itself when unknown. */
export function placeName(code: string): string {
  const codes = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  const names = [...new Set(codes)].filter((c) => !isGrouping(c)).map((c) => findRegion(c)?.name);
  return names.every((n) => n === undefined) ? code : names.filter(Boolean).join('');
}

/** A naming as a list shows it (`GET /v1/namings`). */
export interface ListedNaming {
  certificateNo: string;
  unitName: string;
  unitType: UnitType;
  kind?: NamingKind;
  person?: { name: string };
  level: keyof typeof namingLevelNames;
  regionCode: string;
  namedOn: string;
  expiresOn: string;
  shownStatus: NamingStatus | 'expiring';
  daysLeft?: number;
}

/** The naming list (命名名单) as a workbook. */
export function namingSheets(items: readonly ListedNaming[]): Sheet[] {
  return [
    {
      name: '命名名单',
      columns: [
        { header: '序号', width: 6 },
        { header: '证书编号', width: 22 },
        { header: '名称', width: 30 },
        { header: '荣誉类别', width: 12 },
        { header: '单位类型', width: 12 },
        { header: '命名级别', width: 10 },
        { header: '地区代码', width: 10 },
        { header: '所在地区', width: 24 },
        { header: '命名日期', width: 12 },
        { header: '有效期至', width: 12 },
        { header: '状态', width: 14 },
        { header: '剩余天数', width: 10 },
      ],
      rows: items.map((n, i) => [
        i + 1,
        n.certificateNo,
        n.person ? `${n.person.name}（${n.unitName}）` : n.unitName,
        namingKindNames[n.kind ?? 'unit'],
        unitTypeNames[n.unitType],
        namingLevelNames[n.level],
        n.regionCode,
        placeName(n.regionCode),
        n.namedOn,
        n.expiresOn,
        namingStatusNames[n.shownStatus],
        n.daysLeft ?? null,
      ]),
    },
  ];
}

/** A ranked submission as the campaign's export reads it. */
export interface RankedSubmission {
  unitName: string;
  unitType: UnitType;
  regionCode: string;
  state: SubmissionState;
  nominee?: { name: string };
  result?: { final: number };
  ranking?: { rank: number; selected: boolean; seat?: 'grassroots' | 'open'; reason?: keyof typeof notSelectedNames };
}

/** The name a document gives a submission: the unit, or the person an advanced-individual campaign names and the unit. */
const submissionName = (s: RankedSubmission) => (s.nominee ? `${s.nominee.name}（${s.unitName}）` : s.unitName);

/** The ranked submissions in rank order; those never ranked (withdrawn, rejected) are left out. */
export function inRankOrder<S extends RankedSubmission>(submissions: readonly S[]): S[] {
  return submissions.filter((s) => s.ranking).sort((a, b) => a.ranking!.rank - b.ranking!.rank);
}

/** A campaign's results (评选结果, every ranked submission) and its public-notice list (公示名单, the selected) as a workbook. */
export function resultSheets(submissions: readonly RankedSubmission[]): Sheet[] {
  const ranked = inRankOrder(submissions);
  return [
    {
      name: '评选结果',
      columns: [
        { header: '名次', width: 6 },
        { header: '名称', width: 32 },
        { header: '单位类型', width: 12 },
        { header: '地区代码', width: 10 },
        { header: '所在地区', width: 24 },
        { header: '最终得分', width: 10 },
        { header: '评选结果', width: 10 },
        { header: '入选名额', width: 10 },
        { header: '未入选原因', width: 16 },
        { header: '当前状态', width: 12 },
      ],
      rows: ranked.map((s) => [
        s.ranking!.rank,
        submissionName(s),
        unitTypeNames[s.unitType],
        s.regionCode,
        placeName(s.regionCode),
        s.result?.final ?? null,
        s.ranking!.selected ? '入选' : '未入选',
        s.ranking!.seat ? seatNames[s.ranking!.seat] : null,
        s.ranking!.reason ? notSelectedNames[s.ranking!.reason] : null,
        submissionStateNames[s.state],
      ]),
    },
    {
      name: '公示名单',
      columns: [
        { header: '序号', width: 6 },
        { header: '名称', width: 32 },
        { header: '单位类型', width: 12 },
        { header: '所在地区', width: 24 },
        { header: '最终得分', width: 10 },
      ],
      rows: ranked
        .filter((s) => s.ranking!.selected)
        .map((s, i) => [i + 1, submissionName(s), unitTypeNames[s.unitType], placeName(s.regionCode), s.result?.final ?? null]),
    },
  ];
}

/** Instructor filings (指导员备案) as a workbook: every filed line, and what changed since each filing's previous one. */
export function filingSheets(filings: readonly Filing[]): Sheet[] {
  const changeNames = { added: '新增', ended: '任期届满', removed: '调整离任', changed: '聘任变更' } as const;
  return [
    {
      name: '备案名单',
      columns: [
        { header: '序号', width: 6 },
        { header: '备案地区', width: 24 },
        { header: '备案层级', width: 10 },
        { header: '备案日期', width: 12 },
        { header: '备案状态', width: 10 },
        { header: '指导员', width: 12 },
        { header: '所在单位', width: 30 },
        { header: '聘任日期', width: 12 },
        { header: '任期届满', width: 12 },
      ],
      rows: filings
        .flatMap((f) => f.entries.map((e) => ({ f, e })))
        .map(({ f, e }, i) => [
          i + 1,
          placeName(f.regionCode),
          filingLevelNames[f.level],
          f.asOf,
          f.status === 'acknowledged' ? '已确认' : '已报备',
          e.instructorName,
          e.unitName,
          e.appointedOn,
          e.termEndsOn,
        ]),
    },
    {
      name: '变动情况',
      columns: [
        { header: '备案地区', width: 24 },
        { header: '备案日期', width: 12 },
        { header: '变动', width: 10 },
        { header: '指导员', width: 12 },
        { header: '所在单位', width: 30 },
        { header: '聘任日期', width: 12 },
        { header: '任期届满', width: 12 },
      ],
      rows: filings.flatMap((f) => {
        const row = (kind: keyof typeof changeNames, e: Filing['entries'][number]) => [
          placeName(f.regionCode),
          f.asOf,
          changeNames[kind],
          e.instructorName,
          e.unitName,
          e.appointedOn,
          e.termEndsOn,
        ];
        return [
          ...f.changes.added.map((e) => row('added', e)),
          ...f.changes.ended.map((e) => row('ended', e)),
          ...f.changes.removed.map((e) => row('removed', e)),
          ...f.changes.changed.map((c) => row('changed', c.after)),
        ];
      }),
    },
  ];
}

/** Counts of one scope of the coverage report, with their shares (null where there are no units). */
interface CoverageFigures {
  units: number;
  takingPart: number;
  named: number;
  coverage: number | null;
  namedShare: number | null;
}

/** The coverage report (`GET /v1/reports/coverage`) as its route answers it. */
export interface CoverageReport {
  region: string;
  asOf: string;
  rows: readonly { regionCode: string; name: string; level: string; key: CoverageFigures; all: CoverageFigures }[];
  total: {
    targets: readonly { measure: 'coverage' | 'named'; scope: string; atLeast: number; actual: number | null; met: boolean }[];
  };
}

const percent = (share: number | null) => (share === null ? null : `${Math.round(share * 1000) / 10}%`);
const regionLevelNames: Record<string, string> = { province: '省级', city: '市级', county: '县级' };

/** The coverage report (创建覆盖情况) as a workbook: a row per region, and the plan's targets. */
export function coverageSheets(report: CoverageReport): Sheet[] {
  const figures = (c: CoverageFigures) => [c.units, c.takingPart, c.named, percent(c.coverage), percent(c.namedShare)];
  const scopeName = (scope: string) =>
    scope === 'key' ? '重点单位' : scope === 'all' ? '全部单位' : (unitTypeNames[scope as UnitType] ?? scope);
  return [
    {
      name: '创建覆盖情况',
      columns: [
        { header: '地区代码', width: 10 },
        { header: '地区', width: 16 },
        { header: '层级', width: 8 },
        ...['单位总数', '参与创建', '已命名', '覆盖率', '命名率'].map((h) => ({ header: h, width: 10 })),
        ...['重点单位数', '重点单位参与', '重点单位命名', '重点单位覆盖率', '重点单位命名率'].map((h) => ({ header: h, width: 14 })),
      ],
      rows: report.rows.map((r) => [r.regionCode, r.name, regionLevelNames[r.level] ?? r.level, ...figures(r.all), ...figures(r.key)]),
    },
    {
      name: '规划目标',
      columns: [
        { header: '指标', width: 12 },
        { header: '范围', width: 12 },
        { header: '目标值', width: 10 },
        { header: '实际值', width: 10 },
        { header: '是否达标', width: 10 },
      ],
      rows: report.total.targets.map((t) => [
        t.measure === 'coverage' ? '覆盖率' : '命名率',
        scopeName(t.scope),
        percent(t.atLeast),
        percent(t.actual),
        t.met ? '达标' : '未达标',
      ]),
    },
  ];
}

/** What a campaign's documents name it by: the honour at its level (省级民族团结进步示范单位), or the commendation's title. */
function honourOf(campaign: Campaign): string {
  if (campaign.kind === 'commendation') return campaign.commendation?.title ?? campaign.name;
  return `${namingLevelNames[campaign.level]}${registryLabels[campaign.honour ?? 'unit']}`;
}

/** The 文号 line: the decision's number, or a line saying none is recorded yet. */
const numberLine = (campaign: Campaign) => campaign.decision?.number ?? '（文号未登记）';

/**
 * The notice (通报) of a ranked campaign's results: what was done, the figures, and the selected in a table. It
 * carries the decision's 文号 and date once recorded; before, its 文号 line says so and it is dated `today`.
 */
export function resultsNotice(
  campaign: Campaign,
  submissions: readonly RankedSubmission[],
  issuer: string,
  today: string,
): OfficialDocument {
  const ranked = inRankOrder(submissions);
  const selected = ranked.filter((s) => s.ranking!.selected);
  const rounds = campaign.rounds.length === 2 ? '材料评审和实地评审' : '材料评审';
  const stage =
    campaign.status === 'ranked'
      ? `申诉期至${chineseDate(campaign.appealEndsOn ?? today)}，期间对评审结果有异议的，可依规定提出申诉。`
      : campaign.status === 'public-notice'
        ? `以上名单现予公示，公示期至${chineseDate(campaign.noticeEndsOn ?? today)}。`
        : '以上名单已经公示无异议。';
  return {
    title: `关于${campaign.name}评选结果的通报`,
    number: numberLine(campaign),
    addressee: '各有关单位：',
    body: [
      `根据${campaign.name}工作安排，经单位申报、逐级推荐、资格审核和${rounds}，评选工作已完成排名。现将结果通报如下。`,
      `本次评选合格分数线为${campaign.passMark}分，名额${campaign.quota}个，共有${ranked.length}个申报参加排名，${selected.length}个入选${honourOf(campaign)}（名单见下表）。${stage}`,
    ],
    table: {
      columns: ['序号', '名称', '所在地区', '单位类型', '最终得分'],
      rows: selected.map((s, i) => [
        String(i + 1),
        submissionName(s),
        placeName(s.regionCode),
        unitTypeNames[s.unitType],
        s.result ? String(s.result.final) : '',
      ]),
    },
    closing: ['希望入选单位珍惜荣誉、再接再厉，持续深化民族团结进步创建，为铸牢中华民族共同体意识作出新的更大贡献。'],
    issuer,
    date: chineseDate(campaign.decision?.date ?? today),
  };
}

/** One naming a campaign made, as its decision lists it. */
export interface DecidedNaming {
  unitName: string;
  person?: { name: string };
  regionCode: string;
  certificateNo: string;
  expiresOn: string;
}

/**
 * The decision (命名决定, or 表彰决定 for a commendation) of a concluded campaign: whom it names, with their certificate
 * numbers and terms, under the decision's 文号 and date (the caller makes sure one is recorded).
 */
export function namingDecision(
  campaign: Campaign & { decision: NonNullable<Campaign['decision']> },
  namings: readonly DecidedNaming[],
  issuer: string,
): OfficialDocument {
  const honour = honourOf(campaign);
  const commending = campaign.kind === 'commendation';
  const verb = commending ? '表彰' : '命名';
  return {
    title: `关于${verb}${honour}的决定`,
    number: campaign.decision.number,
    addressee: '各有关单位：',
    body: [
      `为深入贯彻落实党的民族政策，铸牢中华民族共同体意识，推动民族团结进步创建工作深入开展，根据${campaign.name}工作安排，经单位申报、逐级推荐、评审和公示，决定${verb}以下${namings.length}个${commending ? '集体' : '单位'}为${honour}${commending ? '' : '，有效期五年'}。`,
    ],
    table: {
      columns: ['序号', '名称', '所在地区', '证书编号', commending ? '所依命名有效期至' : '有效期至'],
      rows: namings.map((n, i) => [
        String(i + 1),
        n.person ? `${n.person.name}（${n.unitName}）` : n.unitName,
        placeName(n.regionCode),
        n.certificateNo,
        n.expiresOn,
      ]),
    },
    closing: [
      `希望受${verb}的${commending ? '集体' : '单位'}珍惜荣誉、发挥示范引领作用，持续巩固和提升创建成果。各地各部门要加强动态管理，对不再符合条件的依规撤销。`,
    ],
    issuer,
    date: chineseDate(campaign.decision.date),
  };
}
