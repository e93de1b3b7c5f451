import { describe, expect, it } from 'vitest';
import { expiryNotice, resultNotice, revocationNotice } from '../../../../shared/notices/templates.ts';
import type { Naming } from '../../../../shared/domain/namings.ts';
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
