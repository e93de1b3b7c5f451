import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { civilDateAt } from '../../shared/domain/time.ts';
import { callApi } from '../support/api.ts';
import { authority, unitUser } from '../support/callers.ts';
import { callCampaigns, expectProblem, newUnit, openCampaign, pointersOf } from '../support/workflow.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { ownWebhookQueues, startReceiver, verified, WebhookPipeline } from '../support/webhooks.ts';

/*
 * Webhooks (issue #21) in 武汉市 (420100): 江岸区 (420102) subscribes to submission events, 湖南 (430000) too; a unit
 * of 江岸区 and one of 江汉区 (420103) apply to the city's campaign. 江岸区's receiver gets its own unit's event only,
 * 湖南's none. The table and queues are this file's own; the receivers listen on loopback.
 */

const tag = randomUUID().slice(0, 8);
const today = civilDateAt(new Date());
const city = authority('420100', `wuhan-${tag}`);
const jiangan = authority('420102', `jiangan-${tag}`);
const hunan = authority('430000', `hunan-${tag}`);

let table: string;
let pipeline: WebhookPipeline;

beforeAll(async () => {
  table = await useOwnMainTable('webhooks', { stream: true });
  pipeline = await WebhookPipeline.of(table, await ownWebhookQueues(tag));
}, 60_000);

const subscribe = (caller: typeof city, url: string, events: string[]) =>
  callApi({ method: 'POST', path: '/v1/webhooks', claims: caller, body: { url, events, description: `测试 ${tag}` } });

describe('Webhook subscriptions', () => {
  it('delivers an event signed per Standard Webhooks to the subscriptions whose region covers it, and to no other', {
    timeout: 60_000,
  }, async () => {
    const mine = await startReceiver();
    const theirs = await startReceiver();
    try {
      const created = await subscribe(jiangan, mine.url, ['submission.state-changed']);
      expect(created.status, created.raw).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      const other = await subscribe(hunan, theirs.url, ['submission.state-changed']);
      expect(other.status, other.raw).toBe(201);

      const campaignId = await openCampaign(city, today, tag);
      const inside = await newUnit(city, `江岸社区${tag}`, '420102');
      const outside = await newUnit(city, `江汉社区${tag}`, '420103');
      for (const unit of [inside, outside]) {
        const applied = await callCampaigns({
          method: 'POST',
          path: `/v1/campaigns/${campaignId}/submissions`,
          claims: unitUser(unit.id, unit.regionCode),
          body: {},
        });
        expect(applied.status, applied.raw).toBe(201);
      }
      await pipeline.settle();

      expect(theirs.received).toEqual([]);
      expect(mine.received).toHaveLength(1);
      const event = verified(created.body.secret, mine.received[0]!);
      expect(event.type).toBe('submission.state-changed');
      expect(event.data).toMatchObject({ unitId: inside.id, campaignId, from: 'none', to: 'draft', regionCode: '420102' });

      const deliveries = await callApi({ method: 'GET', path: `/v1/webhooks/${created.body.id}/deliveries`, claims: jiangan });
      expect(deliveries.status, deliveries.raw).toBe(200);
      expect(deliveries.body.items).toMatchObject([
        { id: mine.received[0]!.headers['webhook-id'], status: 'delivered', attempts: 1, lastStatusCode: 200, lastResponse: 'ok' },
      ]);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('refuses a URL that is not https (outside loopback in local mode) or private, and an unknown event, writing nothing', async () => {
    for (const url of ['ftp://example.cn/hook', 'http://example.cn/hook', 'https://10.0.0.8/hook', 'https://169.254.169.254/latest']) {
      const refused = await subscribe(jiangan, url, ['naming.created']);
      expectProblem(refused, 422, 'validation');
      expect(pointersOf(refused)).toEqual(['/url']);
    }
    const unknown = await subscribe(jiangan, 'https://example.cn/hook', ['naming.invented']);
    expectProblem(unknown, 422, 'validation');
    // A subscription is always the caller's agency's: naming another agency is a field the body does not have.
    const forAnother = await callApi({
      method: 'POST',
      path: '/v1/webhooks',
      claims: jiangan,
      body: { url: 'https://example.cn/hook', events: ['naming.created'], agencyId: hunan.agencyId },
    });
    expectProblem(forAnother, 422, 'validation');
    const listed = await callApi({ method: 'GET', path: '/v1/webhooks', claims: jiangan });
    expect(listed.body.items.map((w: { url: string }) => w.url)).not.toContain('https://example.cn/hook');
    const theirs = await callApi({ method: 'GET', path: '/v1/webhooks', claims: hunan });
    expect(theirs.body.items.map((w: { url: string }) => w.url)).not.toContain('https://example.cn/hook');
  });
});

afterAll(() => {
  delete process.env.TABLE_MAIN;
});
