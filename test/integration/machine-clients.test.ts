import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenClaims } from '../../functions/token-claims/handler.ts';
import { getClient } from '../../shared/data/clients.ts';
import { callerFromClaims } from '../../shared/http/caller.ts';
import { mainStore } from '../../shared/clients.ts';
import { callApi } from '../support/api.ts';
import { admin, authority } from '../support/callers.ts';

/*
 * Machine clients: an admin registers an agency's system, gets its secret once, and the token trigger gives the
 * client's access tokens the agency's claims. Agencies here are this file's own (a random tag).
 */

const tag = randomUUID().slice(0, 8);
const agencyId = `xiaogan-ethnic-affairs-${tag}`;

async function registerAgency(): Promise<void> {
  const put = await callApi({
    method: 'PUT',
    path: `/v1/authorities/${agencyId}`,
    claims: admin,
    body: { name: '孝感市民族宗教事务局', regionCode: '420900', contacts: [{ name: '王芳', email: `wang-${tag}@example.cn` }] },
  });
  expect(put.status, put.raw).toBe(200);
}

const register = (body: unknown, claims = admin) => callApi({ method: 'POST', path: '/v1/admin/clients', claims, body });

describe('Route: POST /v1/admin/clients', () => {
  it("registers an agency's client and shows its secret once, recording only which agency it acts for", async () => {
    await registerAgency();

    const answer = await register({ agencyId, description: '孝感市民族工作业务系统' });

    expect(answer.status, answer.raw).toBe(201);
    expect(answer.body).toMatchObject({ agencyId, description: '孝感市民族工作业务系统', scopes: ['shifan/api'] });
    expect(answer.body.clientId).toEqual(expect.any(String));
    expect(answer.body.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(answer.headers['cache-control']).toBe('no-store');
    const stored = await getClient(mainStore(), answer.body.clientId);
    expect(stored).toEqual({
      clientId: answer.body.clientId,
      agencyId,
      description: '孝感市民族工作业务系统',
      scopes: ['shifan/api'],
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(stored)).not.toContain(answer.body.clientSecret);
    const read = await callApi({ method: 'GET', path: answer.headers.location!, claims: admin });
    expect(read.status, read.raw).toBe(200);
    expect(read.body).toEqual(stored);
    expect(read.raw).not.toContain(answer.body.clientSecret);
    const again = await register({ agencyId, description: '孝感市民族工作业务系统' });
    expect(again.body.clientId).not.toBe(answer.body.clientId);
  });

  it('refuses a client of an agency the authority directory does not have with 422', async () => {
    const answer = await register({ agencyId: `nowhere-${tag}`, description: '不存在的部门' });

    expect(answer.status, answer.raw).toBe(422);
    expect(answer.body.errors).toEqual([expect.objectContaining({ pointer: '/agencyId' })]);
  });

  it('is for admins only: an authority registering its own agency gets 403', async () => {
    const answer = await register({ agencyId, description: '自行登记' }, authority('420900', agencyId));

    expect(answer.status, answer.raw).toBe(403);
  });

  it("makes the trigger give the client's access token its agency's claims, the caller an authority of its region", async () => {
    await registerAgency();
    const { body } = await register({ agencyId, description: '孝感市民族工作业务系统' });
    const event = {
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      callerContext: { clientId: body.clientId },
      request: { scopes: ['shifan/api'] },
      response: {},
    };

    const answered = await tokenClaims(event);

    const added = (answered.response as any).claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride;
    expect(callerFromClaims({ sub: body.clientId, ...added })).toEqual({
      sub: body.clientId,
      role: 'authority',
      agencyId,
      region: '420900',
    });
    await expect(tokenClaims({ ...event, callerContext: { clientId: `unknown-${tag}` } })).rejects.toThrow(/No agency/);
  });
});
