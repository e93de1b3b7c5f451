import { beforeAll, describe, expect, it } from 'vitest';
import { handler as admin } from '../../functions/admin/handler.ts';
import { handler as campaigns } from '../../functions/campaigns/handler.ts';
import { workingDeadline } from '../../shared/campaigns/outcomes.ts';
import { createCampaign, getCampaign, saveCampaign } from '../../shared/data/campaigns.ts';
import { createFramework } from '../../shared/data/frameworks.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { admin as adminCaller, authority } from '../support/callers.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { via } from '../support/workflow.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * A deadline counted on a year nobody has published yet (2027 here: derived, without make-up days) is provisional,
 * and is counted again when an admin loads that year. The table is this file's own: loading 2027 would change
 * other files' deadlines.
 */

const actor = { sub: 't', role: 'authority', agencyId: 'jingzhou-ethnic-affairs', requestId: 't' };

beforeAll(async () => {
  await useOwnMainTable('provisional');
});

describe('Provisional deadlines', () => {
  it('counts an appeal window across the derived 2027 National Day, then again on the published calendar', async () => {
    const store = mainStore();
    // Derived 2027: Oct 1–3 off, no make-up days. Five working days after Tue 09-28: 29, 30, Oct 4, 5, 6.
    expect(await workingDeadline(store, '2027-09-28', 5)).toEqual({ date: '2027-10-06', provisional: true });

    const framework = await createFramework(store, demoFramework, actor, '2027-01-01T00:00:00Z', 'provisional-framework');
    const created = await createCampaign(
      store,
      {
        name: '荆州市2027年命名',
        kind: 'naming',
        level: 'city',
        regionCode: '421000',
        frameworkId: framework.id,
        rounds: [{ name: 'document', weight: 1 }],
        passMark: 60,
        quota: 3,
        grassrootsShare: 0.5,
        benchmarks: { nationalGdpGrowth: 5, provincialIncomeGrowth: 5 },
        dates: {
          applicationsOpen: '2027-06-01',
          applicationsClose: '2027-06-30',
          documentReview: { from: '2027-07-01', to: '2027-08-31' },
          appealWorkingDays: 5,
          publicNoticeWorkingDays: 7,
        },
      },
      actor,
      '2027-05-01T00:00:00Z',
    );
    await saveCampaign(
      store,
      created,
      { ...created, status: 'ranked', rankedOn: '2027-09-28', appealEndsOn: '2027-10-06', provisional: true },
      { actor, action: 'rank', at: '2027-09-28T02:00:00Z' },
      { agenda: { kind: 'appeal-window', due: '2027-10-07' } },
    );

    // As published (say): Oct 1–7 off; Sun 09-26 and Sat 10-09 worked. Five working days after 09-28: 29, 30, Oct 8, 9, 11.
    const holidays = ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'];
    const loaded = await via(
      admin,
      'admin',
    )({ method: 'PUT', path: '/v1/admin/calendars/2027', claims: adminCaller, body: { holidays, workdays: ['2027-09-26', '2027-10-09'] } });
    expect(loaded.status).toBe(200);
    expect(loaded.body.recomputedDeadlines).toBe(1);

    const after = await getCampaign(store, created.id, true);
    expect(after).toMatchObject({ appealEndsOn: '2027-10-11' });
    expect(after?.provisional).toBeUndefined();
    const read = await via(
      campaigns,
      'campaigns',
    )({ method: 'GET', path: `/v1/campaigns/${created.id}`, claims: authority('421000', 'jingzhou-ethnic-affairs') });
    expect(read.body.appealEndsOn).toBe('2027-10-11');

    // Loading again finds nothing provisional left.
    const again = await via(
      admin,
      'admin',
    )({ method: 'PUT', path: '/v1/admin/calendars/2027', claims: adminCaller, body: { holidays, workdays: ['2027-09-26', '2027-10-09'] } });
    expect(again.body.recomputedDeadlines).toBe(0);
  });

  it('shows a year not loaded as derived and provisional, and no year out of range (404)', async () => {
    const shown = await via(admin, 'admin')({ method: 'GET', path: '/v1/calendars/2029', claims: adminCaller });
    expect(shown.body).toMatchObject({ year: 2029, source: 'derived', provisional: true });
    expect(shown.body.holidays).toContain('2029-10-01');
    const published = await via(admin, 'admin')({ method: 'GET', path: '/v1/calendars/2026', claims: adminCaller });
    expect(published.body).toMatchObject({ source: 'published', provisional: false });
    expect(published.body.workdays).toContain('2026-10-10');
    const refused = await via(admin, 'admin')({ method: 'GET', path: '/v1/calendars/2100', claims: adminCaller });
    expect(refused.status).toBe(404);
  });
});
