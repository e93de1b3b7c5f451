import { describe, expect, it } from 'vitest';
import { expiryNotice, resultNotice, revocationNotice } from '../../../../shared/notices/templates.ts';
import type { Naming } from '../../../../shared/domain/namings.ts';
import { weeklyDigestNotice } from '../../../../shared/notices/templates.ts';
import type { WorkSummary } from '../../../../shared/data/work.ts';
import type { Campaign } from '../../../../shared/domain/campaigns.ts';
import type { Submission } from '../../../../shared/domain/submissions.ts';

const campaign = { name: '2026年宜昌市民族团结进步示范单位命名', appealEndsOn: '2026-12-01' } as Campaign;
const base = { unitName: '夷陵区小溪塔街道', result: { final: 78.4 } } as Submission;

describe('Notice: result', () => {
  it('tells a selected unit its score, rank and the last day to appeal, in Chinese first and in English', () => {
    const notice = resultNotice(campaign, { ...base, ranking: { rank: 2, selected: true, seat: 'grassroots' } });
    expect(notice.subject).toBe('【评审结果】2026年宜昌市民族团结进步示范单位命名');
    expect(notice.text).toContain('综合得分 78.4 分，排名第 2 位，拟入选。');
    expect(notice.text).toContain('2026-12-01 前');
    expect(notice.text.indexOf('评审结果已公布')).toBeLessThan(notice.text.indexOf('An appeal is accepted until 2026-12-01'));
  });

  it('says why a unit was not selected, and escapes what it quotes in HTML', () => {
    const notice = resultNotice(
      { ...campaign, name: '<b>命名</b>' },
      { ...base, ranking: { rank: 5, selected: false, reason: 'below-pass-mark' } },
    );
    expect(notice.text).toContain('未入选（未达到合格分数线）');
    expect(notice.html).not.toContain('<b>命名</b>');
    expect(notice.html).toContain('&#60;b&#62;');
  });

  it('grades a unit of an annual evaluation by the bands (合格, 限期整改, 不合格), not by selection', () => {
    const evaluation = { ...campaign, kind: 'annual-evaluation', bands: { passed: 80, rectify: 60, rectifyDays: 90 } } as Campaign;
    const graded = (final: number, vetoed = false) =>
      resultNotice(evaluation, { ...base, result: { final, vetoed }, ranking: { rank: 1, selected: true } } as Submission).text;
    expect(graded(80)).toContain('综合得分 80 分，测评结果拟定为合格。');
    expect(graded(79.99)).toContain('测评结果拟定为限期整改（合格线 80 分）。');
    expect(graded(60)).toContain('限期整改');
    expect(graded(59.99)).toContain('测评结果拟定为不合格。');
    expect(graded(95, true)).toContain('不合格');
    expect(graded(80)).not.toContain('拟入选');
    expect(graded(70)).toContain('proposed outcome: rectify');
  });

  it('names the organisers of a campaign organised jointly (seed 004), the authority first; one organiser is not named', () => {
    const ranked = { ...base, ranking: { rank: 1, selected: true } } as Submission;
    const joint = resultNotice(campaign, ranked, ['宜昌市民族宗教事务委员会', '宜昌市人力资源和社会保障局']);
    expect(joint.text).toContain('本次评选由宜昌市民族宗教事务委员会会同宜昌市人力资源和社会保障局联合组织。');
    expect(joint.text).toContain('jointly with 宜昌市人力资源和社会保障局');
    expect(resultNotice(campaign, ranked, ['宜昌市民族宗教事务委员会']).text).not.toContain('联合组织');
  });
});

const naming = {
  unitName: '恩施市',
  level: 'province',
  kind: 'zone',
  certificateNo: '鄂民示〔2021〕0003',
  namedOn: '2021-06-01',
  expiresOn: '2026-06-01',
  revokedOn: '2026-03-01',
  revokeReason: '发生重大涉民族因素事件',
} as Naming;

describe('Notice: expiry', () => {
  it('calls a zone 示范区 and an organisation 示范单位', () => {
    expect(expiryNotice(naming, 30, '湖北省民宗委').text).toContain('贵地区“省级民族团结进步示范区”');
    expect(expiryNotice({ ...naming, kind: 'unit', unitName: '百步亭社区' }, 30, '湖北省民宗委').text).toContain(
      '贵单位“省级民族团结进步示范单位”',
    );
    expect(revocationNotice(naming, '湖北省民宗委').text).toContain('省级民族团结进步示范区命名');
  });

  it('says on the last day that the term ends today, and after it that it has ended', () => {
    const lastDay = expiryNotice(naming, 0, '湖北省民宗委');
    expect(lastDay.subject).toBe('【命名今日期满】恩施市 请重新申报');
    expect(lastDay.text).toContain('命名今天（2026-06-01）期满，今天是有效期的最后一天');
    expect(lastDay.text).toContain('ends today (2026-06-01), its last day in force');
    const after = expiryNotice(naming, -1, '湖北省民宗委');
    expect(after.subject).toBe('【命名期满】恩施市 请重新申报');
    expect(after.text).toContain('命名已于 2026-06-01 期满');
    expect(expiryNotice(naming, 30, '湖北省民宗委').text).toContain('还有 30 天');
  });
});

describe('Notice: weekly digest', () => {
  // Seven submissions wait for endorsement (since 00:30 China time on 2026-11-21), one recheck is due
  const since = '2026-11-20T16:30:00.000Z';
  const endorse = Array.from({ length: 7 }, (_, i) => ({
    kind: 'endorse' as const,
    id: `s${i}`,
    title: `社区${i}的申报`,
    since,
    link: `/v1/submissions/s${i}`,
  }));
  const recheck = {
    kind: 'recheck' as const,
    id: 'r1',
    title: '<恩施市>',
    since: '2026-12-01',
    due: '2026-12-20',
    link: '/v1/rechecks/r1',
  };
  const work: WorkSummary = {
    kinds: [
      { kind: 'endorse', label: '待推荐的申报', count: 7, oldest: since, items: endorse },
      { kind: 'recheck', label: '到期的复检', count: 1, oldest: '2026-12-01', items: [recheck] },
    ],
  };

  it('lists each kind with its count and oldest China date, the first five items with where to act, and how many more', () => {
    const notice = weeklyDigestNotice('永定区民族宗教事务局', '2026-12-07', work);
    expect(notice.subject).toBe('【每周待办】永定区民族宗教事务局：8 项待办（2026-W50）');
    expect(notice.text).toContain('截至 2026-12-07（2026-W50），贵部门共有 8 项待办工作：');
    expect(notice.text).toContain('待推荐的申报：7 项，最早一项自 2026-11-21 起等待。');
    expect(notice.text).toContain('· 社区4的申报（2026-11-21 起）：/v1/submissions/s4');
    expect(notice.text).not.toContain('社区5的申报');
    expect(notice.text).toContain('· 另有 2 项，请登录系统查看。');
    expect(notice.text).toContain(
      '到期的复检：1 项，最早一项自 2026-12-01 起等待。\n· <恩施市>（2026-12-01 起，应于 2026-12-20 前办结）：/v1/rechecks/r1\n',
    );
    expect(notice.text).toContain('8 open items (Submissions awaiting endorsement: 7; Rechecks due: 1)');
    expect(notice.text.indexOf('待推荐的申报')).toBeLessThan(notice.text.indexOf('Weekly digest of'));
    expect(notice.html).toContain('&#60;恩施市&#62;');
    expect(notice.html).not.toContain('<恩施市>');
  });
});
