import { describe, expect, it, beforeAll } from 'vitest';
import { handler as units } from '../../functions/units/handler.ts';
import { handler as namings } from '../../functions/namings/handler.ts';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { createNaming, getNaming } from '../../shared/data/namings.ts';
import type { Naming } from '../../shared/domain/namings.ts';
import { getRecheck } from '../../shared/data/rechecks.ts';
import { addDays, civilDateAt } from '../../shared/domain/time.ts';
import { lambdaContext } from '../support/events.ts';
import { authority } from '../support/callers.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { via } from '../support/workflow.ts';
import { mainStore } from '../../shared/clients.ts';

/* Rechecks, in a table of this file's own: its sweeps run over arbitrary dates. */

const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const callNamings = via(namings, 'namings');
const today = civilDateAt(new Date());
const actor = { sub: 't', role: 'authority', agencyId: 'wuhan-ethnic-affairs', requestId: 't' };

async function named(name: string): Promise<Naming> {
  const unit = await via(
    units,
    'units',
  )({
    method: 'POST',
    path: '/v1/units',
    claims: wuhan,
    body: { name, type: 'village', regionCode: '420113', zone: false, contacts: [{ name: '赵强', email: 'hannan@example.cn' }] },
  });
  return createNaming(
    mainStore(),
    unit.body,
    { level: 'city', namedOn: today, issuedBy: 'wuhan-ethnic-affairs' },
    actor,
    today,
    new Date().toISOString(),
  );
}

describe('Rechecks', () => {
  let naming: Naming;
  beforeAll(async () => {
    await useOwnMainTable('rechecks');
    naming = await named('武汉市汉南区复检测试村');
  }, 30_000);

  it('refuses a recheck due in the past and an inspection without a pair', async () => {
    const past = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'recheck', dueOn: addDays(today, -1), assignees: ['武汉市民宗委'] },
    });
    expect(past.status).toBe(422);
    expect(past.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/dueOn']);
    const unpaired = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'inspection', dueOn: addDays(today, 30), assignees: ['武汉市民宗委'] },
    });
    expect(unpaired.status).toBe(422);
    expect((await callNamings({ method: 'GET', path: `/v1/namings/${naming.id}/rechecks`, claims: wuhan })).body.items).toEqual([]);
  });

  it('reminds 14 and 3 days before, marks it overdue after the due date, once each', async () => {
    // Prepare: due in 10 days, so the 14-day reminder has passed already
    const created = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'recheck', dueOn: addDays(today, 10), assignees: ['武汉市民宗委'] },
    });
    expect(created.status).toBe(201);
    const run = async (date: string) =>
      (await sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'))) as unknown as Record<string, { queued: number }>;

    // Act and assess: each reminder once, even when the day is swept twice
    const queued = [];
    for (const d of [0, 0, 6, 7, 7, 11, 11, 12]) queued.push((await run(addDays(today, d))).recheck!.queued);
    expect(queued).toEqual([1, 0, 0, 1, 0, 1, 0, 0]);
    const recheck = await getRecheck(mainStore(), naming.id, created.body.id);
    expect(recheck).toMatchObject({ status: 'overdue' });
  });

  it('records an outcome once: rectify puts the rectification deadline on the agenda, then a second outcome is refused', async () => {
    const created = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'look-back', dueOn: addDays(today, 40), assignees: ['湖北省民宗委'] },
    });
    const outcome = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks/${created.body.id}/outcome`,
      claims: wuhan,
      body: { outcome: 'rectify', rectifyBy: addDays(today, 60), note: '台账不全' },
    });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ status: 'rectifying', rectifyBy: addDays(today, 60), outcomeNote: '台账不全' });
    const again = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks/${created.body.id}/outcome`,
      claims: wuhan,
      body: { outcome: 'pass' },
    });
    expect(again.status).toBe(409);
  });

  it('revokes the naming when the outcome is revoke', async () => {
    const other = await named('武汉市汉南区撤销测试村');
    const created = await callNamings({
      method: 'POST',
      path: `/v1/namings/${other.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'recheck', dueOn: addDays(today, 5), assignees: ['武汉市民宗委'] },
    });
    const outcome = await callNamings({
      method: 'POST',
      path: `/v1/namings/${other.id}/rechecks/${created.body.id}/outcome`,
      claims: wuhan,
      body: { outcome: 'revoke', reason: '复检不合格' },
    });
    expect(outcome.body).toMatchObject({ status: 'revoked' });
    expect(await getNaming(mainStore(), other.id)).toMatchObject({ status: 'revoked', revokeReason: '复检不合格' });
  });

  it('pairs a mutual inspection with another named unit', async () => {
    const partner = await named('武汉市汉南区互检测试村');
    const created = await callNamings({
      method: 'POST',
      path: `/v1/namings/${naming.id}/rechecks`,
      claims: wuhan,
      body: { kind: 'inspection', dueOn: addDays(today, 20), assignees: ['武汉市民宗委'], pairedNamingId: partner.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'inspection', pairedNamingId: partner.id, status: 'open' });
  });
});
