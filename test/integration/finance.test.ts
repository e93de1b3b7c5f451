import { describe, expect, it, beforeAll } from 'vitest';
import { handler as units } from '../../functions/units/handler.ts';
import { handler as finance } from '../../functions/finance/handler.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { flushLedger } from '../../shared/metering/middleware.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { authority } from '../support/callers.ts';
import { via } from '../support/workflow.ts';

const callUnits = via(units, 'units');
const callFinance = via(finance, 'finance');

const today = civilDateAt(new Date());
const financeOfficer: Caller = { sub: 'test-finance', role: 'finance', agencyId: 'hubei-ethnic-affairs', region: '420000' };

describe('Function: finance', () => {
  const agency = authority('420100', `finance-test-${Date.now()}`);

  beforeAll(async () => {
    // Prepare: five reads and one refused create, attributed to one agency
    for (let i = 0; i < 5; i++) await callUnits({ method: 'GET', path: '/v1/units/no-such-unit', claims: agency });
    await callUnits({ method: 'POST', path: '/v1/units', claims: agency, body: { name: '' } });
    await flushLedger();
  });

  describe('Route: GET /v1/finance/costs', () => {
    it("groups an agency's usage by operation with requests, units and an integer cost in micro-units", async () => {
      const answer = await callFinance({
        method: 'GET',
        path: '/v1/finance/costs',
        claims: financeOfficer,
        query: { from: today, to: today, groupBy: 'operation', agencyId: agency.agencyId },
      });
      expect(answer.status).toBe(200);
      const rows: Record<string, any> = Object.fromEntries((answer.body.rows as { key: string }[]).map((r) => [r.key, r]));
      expect(rows.getUnit).toMatchObject({ requests: 5, readUnits: 2.5, writeUnits: 0, currency: 'USD', unpricedUnits: {} });
      expect(rows.createUnit).toMatchObject({ requests: 1, readUnits: 0, writeUnits: 0 });
      // Five API requests (1 µUSD each), five Lambda requests (0.2 each) and 2.5 read units (0.125 each) at least.
      expect(rows.getUnit.cost).toBeGreaterThanOrEqual(Math.floor(5 * 1 + 5 * 0.2 + 2.5 * 0.125));
      expect(Number.isInteger(rows.getUnit.cost)).toBe(true);
    });

    it('lets an authority see its own agency and refuses it another', async () => {
      const own = await callFinance({ method: 'GET', path: '/v1/finance/costs', claims: agency, query: { from: today, to: today } });
      expect(own.status).toBe(200);
      expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual([agency.agencyId]);
      const other = await callFinance({
        method: 'GET',
        path: '/v1/finance/costs',
        claims: agency,
        query: { from: today, to: today, agencyId: 'hubei-ethnic-affairs' },
      });
      expect(other.status).toBe(403);
      expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('answers CSV with a BOM and a header row when asked for text/csv', async () => {
      const answer = await callFinance({
        method: 'GET',
        path: '/v1/finance/costs',
        claims: financeOfficer,
        headers: { accept: 'text/csv' },
        query: { from: today, to: today, groupBy: 'operation', agencyId: agency.agencyId },
      });
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = answer.raw!.split('\r\n');
      expect(lines[0]).toBe(
        '\uFEFFoperation,requests,gbSeconds,readUnits,writeUnits,sqsRequests,emails,recipients,cost (micro-units),currency,unpricedUnits',
      );
      expect(lines.some((l) => l.startsWith('getUnit,5,'))).toBe(true);
    });

    it.each([
      [{ from: '2026-02-01', to: '2026-01-01' }, 'from'],
      [{ from: '2025-01-01', to: '2026-02-10' }, 'to'],
      [{ from: '2026-01-01', to: '2026-01-02', groupBy: 'region' }, 'groupBy'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    ])('refuses %j with 422 naming %s', async (query, field) => {
      const answer = await callFinance({
        method: 'GET',
        path: '/v1/finance/costs',
        claims: financeOfficer,
        query: query as Record<string, string>,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(field);
    });

    it('refuses roles without access to costs', async () => {
      const reviewer: Caller = { sub: 'r', role: 'reviewer', agencyId: 'experts', region: '420000' };
      expect(
        (await callFinance({ method: 'GET', path: '/v1/finance/costs', claims: reviewer, query: { from: today, to: today } })).status,
      ).toBe(403);
    });
  });

  describe('Route: GET /v1/finance/forecast', () => {
    it('scales each measured operation by its driver and shows its assumptions', async () => {
      const answer = await callFinance({
        method: 'GET',
        path: '/v1/finance/forecast',
        claims: financeOfficer,
        query: { units: '2000', submissionsPerYear: '500' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.assumptions).toMatchObject({ targetUnits: 2000, targetSubmissionsPerYear: 500, window: { days: 90, to: today } });
      const getUnit = answer.body.operations.find((o: { operation: string }) => o.operation === 'getUnit');
      expect(getUnit).toMatchObject({ driver: 'units' });
      expect(getUnit.observedCalls).toBeGreaterThanOrEqual(5);
      expect(getUnit.medianCost).toBeGreaterThan(0);
      expect(answer.body.costPerYear).toBeGreaterThan(0);
    });
  });
});
