import { describe, expect, it } from 'vitest';
import { noticeFor } from '../../../../shared/notices/envelopes.ts';
import type { Naming } from '../../../../shared/domain/namings.ts';
import type { Recheck } from '../../../../shared/domain/rechecks.ts';
import type { Task } from '../../../../shared/domain/plans.ts';
import type { Authority } from '../../../../shared/domain/authorities.ts';

const naming = {
  id: 'n1',
  unitName: '恩施市',
  level: 'province',
  kind: 'zone',
  certificateNo: '鄂民示〔2021〕0003',
  namedOn: '2021-06-01',
  expiresOn: '2026-06-01',
  revokedOn: '2026-03-01',
  revokeReason: '复查不合格',
  issuedBy: 'hubei-ethnic-affairs',
} as Naming;

describe('Function: noticeFor', () => {
  it('tells one side of a mutual inspection it is paired, naming the other unit, under an id of its own recheck', () => {
    const side = {
      id: 'r2',
      namingId: 'n1',
      issuedBy: 'hubei-ethnic-affairs',
      kind: 'inspection',
      dueOn: '2026-05-01',
      assignees: ['湖北省民宗委'],
      unitName: '恩施市',
      certificateNo: '鄂民示〔2021〕0003',
      pairedUnitName: '宜昌市西陵区',
    } as Recheck;
    const notice = noticeFor({ kind: 'inspection-paired', recheck: side, contact: '湖北省民宗委' }, ['a@example.cn'])!;
    expect(notice).toMatchObject({
      id: 'recheck#r2#paired',
      about: 'naming#n1',
      agencyId: 'hubei-ethnic-affairs',
      kind: 'inspection-paired',
    });
    expect(notice.subject).toBe('【互观互检】恩施市 与 宜昌市西陵区 结对，截止 2026-05-01');
    expect(notice.text).toContain('请于 2026-05-01 前完成对宜昌市西陵区的检查');
    expect(noticeFor({ kind: 'recheck', recheck: side, milestone: 3, daysLeft: 3, contact: 'x' }, ['a@example.cn'])!.text).toContain(
      '与宜昌市西陵区的互观互检截止日期为 2026-05-01',
    );
  });

  it('gives each notice a deterministic id of its subject, kind and milestone, and the issuer as the agency that pays', () => {
    const expiry = noticeFor({ kind: 'expiry', naming, milestone: 30, daysLeft: 28, contact: '湖北省民宗委' }, ['a@example.cn'])!;
    expect(expiry).toMatchObject({
      id: 'naming#n1#expiry#30',
      about: 'naming#n1',
      agencyId: 'hubei-ethnic-affairs',
      kind: 'expiry-30',
      to: ['a@example.cn'],
    });
    expect(expiry.text).toContain('还有 28 天');
    const recheck = {
      id: 'r1',
      namingId: 'n1',
      issuedBy: 'hubei-ethnic-affairs',
      kind: 'recheck',
      dueOn: '2026-05-01',
      unitName: '恩施市',
    } as Recheck;
    expect(noticeFor({ kind: 'recheck', recheck, milestone: -1, daysLeft: 0, contact: 'x' }, ['a@example.cn'])).toMatchObject({
      id: 'recheck#r1#recheck#overdue',
      kind: 'recheck-overdue',
      about: 'naming#n1',
    });
    const task = {
      id: 't1',
      planId: 'p1',
      authorityId: 'wuhan',
      title: '培育示范单位',
      dueOn: '2026-05-01',
      responsibleAgency: 'wuhan',
    } as Task;
    expect(noticeFor({ kind: 'task-due', task, milestone: 7, daysLeft: 7 }, ['a@example.cn'])).toMatchObject({
      id: 'task#t1#due#7',
      about: 'plan#p1',
      agencyId: 'wuhan',
      kind: 'task-7',
    });
  });

  it('builds the revocation notice the same way whoever queues it (the route at once, the sweep later), so it is sent once', () => {
    const fromRoute = noticeFor({ kind: 'revoked', naming, contact: '湖北省民宗委' }, ['a@example.cn']);
    const fromSweep = noticeFor({ kind: 'revoked', naming, contact: '湖北省民宗委' }, ['a@example.cn']);
    expect(fromRoute!.id).toBe('naming#n1#revoked#2026-03-01');
    expect(fromSweep).toEqual(fromRoute);
  });

  it('builds nothing for no one', () => {
    expect(noticeFor({ kind: 'revoked', naming, contact: 'x' }, [])).toBeUndefined();
  });
});

describe('Function: noticeFor (weekly digest)', () => {
  const authority = { agencyId: 'yongding-ethnic-affairs', name: '永定区民族宗教事务局' } as Authority;
  const work = {
    kinds: [
      {
        kind: 'endorse' as const,
        label: '待推荐的申报',
        count: 1,
        oldest: '2026-12-01',
        items: [{ kind: 'endorse' as const, id: 's1', title: '大庸桥社区的申报', since: '2026-12-01', link: '/v1/submissions/s1' }],
      },
    ],
  };

  it('names one id per agency and ISO week: any run in the same week gives the same, the next week another', () => {
    const on = (today: string) => noticeFor({ kind: 'weekly-digest', authority, today, work }, ['a@example.cn'])!;
    expect(on('2026-12-07')).toMatchObject({
      id: 'authority#yongding-ethnic-affairs#digest#2026-W50',
      about: 'authority#yongding-ethnic-affairs',
      agencyId: 'yongding-ethnic-affairs',
      kind: 'weekly-digest',
      to: ['a@example.cn'],
    });
    expect(on('2026-12-13').id).toBe(on('2026-12-07').id);
    expect(on('2026-12-14').id).toBe('authority#yongding-ethnic-affairs#digest#2026-W51');
    expect(noticeFor({ kind: 'weekly-digest', authority, today: '2026-12-07', work }, [])).toBeUndefined();
  });
});
