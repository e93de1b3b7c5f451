import { beforeAll, describe, expect, it } from 'vitest';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as registry } from '../../functions/registry/handler.ts';
import { createNaming, revokeNaming } from '../../shared/data/namings.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import { createUnit } from '../../shared/data/units.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { UnitType } from '../../shared/domain/units.ts';
import { authority, unitUser } from '../support/callers.ts';
import { expectProblem, via } from '../support/workflow.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * Lists of namings served by keys: the registry by kind (示范区 or 示范单位), and an authority's namings expiring
 * within a window. 广西 (450000): 南宁 (450100) with 青秀区 (450103) and 兴宁区 (450102), and 柳州 (450200) with
 * 城中区 (450202); no other test uses 45xxxx.
 */

const callNamings = via(namings, 'namings');
const callRegistry = via(registry, 'registry');
const today = civilDateAt(new Date());
const now = () => new Date().toISOString();
const guangxi = authority('450000', 'guangxi-ethnic-affairs');
const nanning = authority('450100', 'nanning-ethnic-affairs');
const actor = { sub: 't', role: 'authority', agencyId: guangxi.agencyId, requestId: 't' };

/** A naming of a new unit, named so that its term ends `daysLeft` days from today. */
async function named(
  name: string,
  regionCode: string,
  daysLeft: number,
  options: { zone?: boolean; type?: UnitType } = {},
): Promise<Naming> {
  const unit = await createUnit(
    mainStore(),
    {
      name,
      type: options.type ?? 'community',
      regionCode,
      zone: options.zone ?? false,
      contacts: [{ name: '韦明', email: `lists-${Math.random().toString(36).slice(2, 8)}@example.cn` }],
    },
    actor,
    now(),
  );
  return createNaming(
    mainStore(),
    unit,
    { level: 'province', namedOn: addYears(addDays(today, daysLeft), -5), issuedBy: guangxi.agencyId },
    actor,
    today,
    now(),
  );
}

describe('Lists of namings', () => {
  const made: Record<string, Naming> = {};

  beforeAll(async () => {
    made.zone = await named('南宁市青秀区（示范区）', '450103', 400, { zone: true, type: 'township' });
    made.soon = await named('南宁市青秀区即将期满社区', '450103', 10);
    made.lastDay = await named('南宁市兴宁区今日期满社区', '450102', 0);
    made.later = await named('南宁市兴宁区九十天社区', '450102', 90);
    made.beyond = await named('南宁市兴宁区一百天社区', '450102', 100);
    made.liuzhou = await named('柳州市城中区即将期满社区', '450202', 20);
    made.revoked = await named('南宁市青秀区已撤销社区', '450103', 30);
    await revokeNaming(mainStore(), made.revoked.id, '复查不合格', actor, today, now());
  }, 60_000);

  describe('Route: GET /v1/registry?kind=', () => {
    it('tells a 示范区 from a 示范单位 and filters by it', async () => {
      const zones = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '4501', kind: 'zone', limit: '100' } });
      expect(zones.status).toBe(200);
      expect(zones.body.items.map((e: { certificateNo: string }) => e.certificateNo)).toEqual([made.zone!.certificateNo]);
      expect(zones.body.items[0]).toMatchObject({ kind: 'zone', unitType: 'township' });
      const units = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '4501', kind: 'unit', limit: '100' } });
      expect(units.body.items.map((e: { kind: string }) => e.kind)).not.toContain('zone');
      expect(units.body.items).toHaveLength(5);
      // Education bases are a kind of their own (issue #19): none here; a kind not offered is refused.
      const bases = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '4501', kind: 'base' } });
      expect(bases.body.items).toEqual([]);
      expectProblem(await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '45', kind: 'point' } }), 422, 'validation');
    });

    it("filters by status on the naming's facet, which follows a revocation", async () => {
      const revoked = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '45', status: 'revoked' } });
      expect(revoked.body.items.map((e: { certificateNo: string }) => e.certificateNo)).toEqual([made.revoked!.certificateNo]);
      const active = await callRegistry({ method: 'GET', path: '/v1/registry', query: { region: '45', status: 'active', limit: '100' } });
      expect(active.body.items.map((e: { certificateNo: string }) => e.certificateNo)).not.toContain(made.revoked!.certificateNo);
      expect(active.body.items).toHaveLength(6);
    });
  });

  describe('Route: GET /v1/namings?expiringWithin=', () => {
    it('lists the active namings whose term ends within the window, soonest first, through the last day, with the days left', async () => {
      const answer = await callNamings({
        method: 'GET',
        path: '/v1/namings',
        claims: nanning,
        query: { region: '4501', expiringWithin: '90' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((n: { id: string }) => n.id)).toEqual([made.lastDay!.id, made.soon!.id, made.later!.id]);
      expect(answer.body.items.map((n: { daysLeft: number }) => n.daysLeft)).toEqual([0, 10, 90]);
      expect(answer.body.items[0]).toMatchObject({
        shownStatus: 'expiring',
        status: 'active',
        issuer: { agencyId: guangxi.agencyId, level: 'province', regionCode: '450000' },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/example\.cn/);
    });

    it('narrows to a county and pages with a cursor of its own', async () => {
      const county = await callNamings({
        method: 'GET',
        path: '/v1/namings',
        claims: nanning,
        query: { region: '450102', expiringWithin: '365' },
      });
      expect(county.body.items.map((n: { id: string }) => n.id)).toEqual([made.lastDay!.id, made.later!.id, made.beyond!.id]);
      const first = await callNamings({
        method: 'GET',
        path: '/v1/namings',
        claims: guangxi,
        query: { region: '45', expiringWithin: '365', limit: '2' },
      });
      expect(first.body.items.map((n: { id: string }) => n.id)).toEqual([made.lastDay!.id, made.soon!.id]);
      const second = await callNamings({
        method: 'GET',
        path: '/v1/namings',
        claims: guangxi,
        query: { region: '45', expiringWithin: '365', limit: '2', cursor: first.body.cursor },
      });
      expect(second.body.items.map((n: { id: string }) => n.id)).toEqual([made.liuzhou!.id, made.later!.id]);
      // A cursor of another region's list is not this list's.
      expectProblem(
        await callNamings({
          method: 'GET',
          path: '/v1/namings',
          claims: guangxi,
          query: { region: '4502', expiringWithin: '365', cursor: first.body.cursor },
        }),
        400,
      );
    });

    it('refuses a window outside 1–365 days, another region, and a unit', async () => {
      for (const expiringWithin of ['0', '366', '-5', 'soon']) {
        expectProblem(
          await callNamings({ method: 'GET', path: '/v1/namings', claims: nanning, query: { region: '4501', expiringWithin } }),
          422,
          'validation',
        );
      }
      expectProblem(
        await callNamings({ method: 'GET', path: '/v1/namings', claims: nanning, query: { region: '4502', expiringWithin: '90' } }),
        403,
      );
      expectProblem(
        await callNamings({
          method: 'GET',
          path: '/v1/namings',
          claims: unitUser(made.soon!.unitId, '450103'),
          query: { region: '450103' },
        }),
        403,
      );
    });
  });
});
