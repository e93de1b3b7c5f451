import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/frameworks/handler.ts';
import { frameworkProblems } from '../../shared/domain/frameworks.ts';
import { demoFramework } from '../../infra/local/demo-framework.ts';
import { authority, reviewer } from '../support/callers.ts';
import { via } from '../support/workflow.ts';

const call = via(handler, 'frameworks');
const hubei = authority('420000', 'hubei-ethnic-affairs');
const levelFor = (i: number) => ['A', 'B', 'C', 'D'][i % 4];

/** A complete sheet for the demo framework, for a unit of a type (a school skips A4.1 and A4.2). */
function demoSheet(reviewerId: string, school: boolean, veto = false): { reviewerId: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = { V1: veto, B1: 2, B2: 2 };
  demoFramework.areas
    .flatMap((a) => a.indicators)
    .forEach((ind, i) => {
      if (school && (ind.id === 'A4.1' || ind.id === 'A4.2')) return;
      values[ind.id] = ind.kind === 'check' ? true : ind.kind === 'level' ? levelFor(i) : ind.kind === 'ratio' ? 0.8 : 0.06;
    });
  return { reviewerId, values };
}

describe('Function: frameworks', () => {
  it('keeps the demo framework within every rule', () => {
    expect(frameworkProblems(demoFramework)).toEqual([]);
  });

  it('creates a framework version, reads it back and refuses the same version twice', async () => {
    const version = `t-${Date.now()}`;
    const created = await call({ method: 'POST', path: '/v1/frameworks', claims: hubei, body: { ...demoFramework, version } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version, inUse: false, createdBy: 'hubei-ethnic-affairs' });
    const read = await call({ method: 'GET', path: `/v1/frameworks/${created.body.id}`, claims: reviewer() });
    expect(read.body.areas).toEqual(demoFramework.areas);
    const again = await call({ method: 'POST', path: '/v1/frameworks', claims: hubei, body: { ...demoFramework, version } });
    expect(again.status).toBe(409);
    const list = await call({ method: 'GET', path: '/v1/frameworks', claims: hubei, query: { limit: '100' } });
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain(created.body.id);
  });

  it('refuses a framework that breaks rules with 422 listing each problem, and stores nothing', async () => {
    const version = `bad-${Date.now()}`;
    const bad = { ...demoFramework, version, areas: demoFramework.areas.map((a) => ({ ...a, weight: 10 })) };
    const answer = await call({ method: 'POST', path: '/v1/frameworks', claims: hubei, body: bad });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual(expect.arrayContaining([{ pointer: '/areas', detail: '各领域权重之和须为 100' }]));
    const list = await call({ method: 'GET', path: '/v1/frameworks', claims: hubei, query: { limit: '100' } });
    expect(list.body.items.map((f: { version: string }) => f.version)).not.toContain(version);
  });

  it('refuses a reviewer who tries to create a framework', async () => {
    expect((await call({ method: 'POST', path: '/v1/frameworks', claims: reviewer(), body: demoFramework })).status).toBe(403);
  });

  describe('Route: POST /v1/frameworks/{id}/score', () => {
    it('returns the full breakdown of two rounds, rounded to two decimals, for a school', async () => {
      const { body: framework } = await call({
        method: 'POST',
        path: '/v1/frameworks',
        claims: hubei,
        body: { ...demoFramework, version: `s-${Date.now()}` },
      });
      const answer = await call({
        method: 'POST',
        path: `/v1/frameworks/${framework.id}/score`,
        claims: reviewer(),
        body: {
          unitType: 'school',
          benchmarks: {},
          rounds: [
            { name: 'document', weight: 0.4, sheets: [demoSheet('r1', true), demoSheet('r2', true)] },
            { name: 'on-site', weight: 0.6, sheets: ['r1', 'r2', 'r3', 'r4', 'r5'].map((r) => demoSheet(r, true, r === 'r5')) },
          ],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ vetoed: false, vetoes: [] });
      expect(answer.body.rounds.map((r: { name: string; bonus: number }) => [r.name, r.bonus])).toEqual([
        ['document', 4],
        ['on-site', 4],
      ]);
      const onSite = answer.body.rounds[1];
      expect(onSite.areas.find((a: { id: string }) => a.id === 'A4').indicators.map((i: { id: string }) => i.id)).toEqual(['A4.3']);
      expect(onSite.areas[0].indicators[0]).toMatchObject({
        id: 'A1.1',
        points: 4,
        max: 4,
        values: [true, true, true, true, true],
        dropped: ['r1', 'r5'],
      });
      expect(Number.isInteger(answer.body.final * 100)).toBe(true);
    });

    it('names every missing or wrong value and the benchmark nobody gave (422)', async () => {
      const sheet = demoSheet('r1', false);
      delete sheet.values['A1.1'];
      sheet.values['A1.2'] = 'Z';
      const answer = await call({
        method: 'POST',
        path: '/v1/frameworks/demo-missing/score',
        claims: reviewer(),
        body: { unitType: 'community', rounds: [{ name: 'd', weight: 1, sheets: [sheet] }] },
      });
      expect(answer.status).toBe(404);
      const { body: framework } = await call({
        method: 'POST',
        path: '/v1/frameworks',
        claims: hubei,
        body: { ...demoFramework, version: `m-${Date.now()}` },
      });
      const refused = await call({
        method: 'POST',
        path: `/v1/frameworks/${framework.id}/score`,
        claims: reviewer(),
        body: { unitType: 'community', rounds: [{ name: 'd', weight: 1, sheets: [sheet] }] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/benchmarks/nationalGdpGrowth',
        '/benchmarks/provincialIncomeGrowth',
        '/rounds/0/sheets/0/values/A1.1',
        '/rounds/0/sheets/0/values/A1.2',
      ]);
    });
  });
});
