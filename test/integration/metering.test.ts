import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../functions/units/handler.ts';
import { handler as notifier } from '../../functions/notifier/handler.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import { flushLedger } from '../../shared/metering/middleware.ts';
import { answerOf, httpEvent, lambdaContext, sqsEvent, type HttpRequest } from '../support/events.ts';
import { authority } from '../support/callers.ts';
import { usageStore } from '../../shared/clients.ts';

/*
 * A scripted sequence of requests through the units function yields exactly the expected request counts and
 * consumed units per agency and operation in the cost ledger. Each test uses agencies of its own.
 */

const context = lambdaContext('units');
const call = async (request: HttpRequest) => answerOf(await handler(httpEvent(request), context));

async function ledgerRows(agencyId: string): Promise<Record<string, Record<string, number>>> {
  const store = usageStore();
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agency)',
      ExpressionAttributeValues: { ':pk': `DAY#${civilDateAt(new Date())}`, ':agency': `${agencyId}#` },
    }),
  );
  return Object.fromEntries(Items.map((item) => [item.operation as string, item as Record<string, number>]));
}

describe('Metering: the cost ledger', () => {
  it('records exactly the requests and read and write units of a scripted sequence, per agency and operation', async () => {
    // Prepare: two agencies working in one county of their own (420115, 江夏区)
    const wuhan = authority('420100', `metering-wuhan-${Date.now()}`);
    const hubei = authority('420000', `metering-hubei-${Date.now()}`);
    const body = {
      name: '武汉市江夏区计量测试社区',
      type: 'community',
      regionCode: '420115',
      zone: false,
      contacts: [{ name: '李明', email: 'liming@example.cn' }],
    };

    // Act
    const created = await call({ method: 'POST', path: '/v1/units', claims: wuhan, body });
    for (let i = 0; i < 3; i++) await call({ method: 'GET', path: `/v1/units/${created.body.id}`, claims: wuhan });
    await call({ method: 'GET', path: `/v1/units/${created.body.id}`, claims: hubei });
    await call({ method: 'GET', path: '/v1/units/no-such-unit', claims: hubei });
    await call({ method: 'POST', path: '/v1/units', claims: wuhan, body: { ...body, type: 'castle' } });
    await flushLedger();

    // Assess
    const w = await ledgerRows(wuhan.agencyId);
    const h = await ledgerRows(hubei.agencyId);
    expect(created.headers['x-shifan-cost']).toMatch(/^\d+\.\d{3} micro-USD$/);
    expect(w.getUnit).toMatchObject({ invocations: 3, apiRequests: 3, lambdaRequests: 3, readUnits: 1.5, writeUnits: 0 });
    // An eventually consistent GetItem of an item under 4 KB is half a read unit, found or not.
    expect(h.getUnit).toMatchObject({ invocations: 2, apiRequests: 2, readUnits: 1, writeUnits: 0 });
    // One valid create (a transaction: unit + audit entry, plus the region index) and one refused before any write.
    expect(w.createUnit).toMatchObject({ invocations: 2, apiRequests: 2, readUnits: 0 });
    expect(w.createUnit!.writeUnits).toBeGreaterThanOrEqual(5);
    expect(w.createUnit!.mbMs).toBeGreaterThan(0);
    expect(Number.isInteger(w.createUnit!.mbMs! / 512)).toBe(true);
  });

  it('splits a batch of notices between the agencies they were for, in proportion', async () => {
    // Prepare: two notices for one agency and one for another, in one batch
    const [a, b] = [`metering-notices-a-${Date.now()}`, `metering-notices-b-${Date.now()}`];
    const notice = (agencyId: string, i: number) =>
      JSON.stringify({ id: `metering#${agencyId}#${i}`, to: ['liming@example.cn'], subject: '计量测试', text: '计量测试', agencyId });

    // Act
    await notifier(sqsEvent([notice(a, 1), notice(a, 2), notice(b, 1)]), lambdaContext('notifier'));
    await flushLedger();

    // Assess
    const rowA = (await ledgerRows(a)).notifier!;
    const rowB = (await ledgerRows(b)).notifier!;
    expect(rowA.emails).toBeCloseTo(2, 9);
    expect(rowB.emails).toBeCloseTo(1, 9);
    expect(rowA.invocations! + rowB.invocations!).toBeCloseTo(1, 9);
    expect(rowA.writeUnits! / rowB.writeUnits!).toBeCloseTo(2, 9);
  });
});
