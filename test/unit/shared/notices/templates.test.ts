import { describe, expect, it } from 'vitest';
import { resultNotice } from '../../../../shared/notices/templates.ts';
import type { Campaign } from '../../../../shared/domain/campaigns.ts';
import type { Submission } from '../../../../shared/data/submissions.ts';

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
    const notice = resultNotice({ ...campaign, name: '<b>命名</b>' }, { ...base, ranking: { rank: 5, selected: false, reason: 'below-pass-mark' } });
    expect(notice.text).toContain('未入选（未达到合格分数线）');
    expect(notice.html).not.toContain('<b>命名</b>');
    expect(notice.html).toContain('&#60;b&#62;');
  });
});
