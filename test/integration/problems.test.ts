import { describe, expect, it } from 'vitest';
import { problemTypes } from '../../shared/domain/problem-types.ts';
import { callApi } from '../support/api.ts';
import { authority } from '../support/callers.ts';
import type { Answer, HttpRequest } from '../support/events.ts';
import { viaHttp } from '../support/target.ts';

/* Problems speak Chinese unless English is asked for; each names its type by a URI that resolves to a page. */

const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const missingUnit = (headers: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  path: '/v1/units/no-such-unit',
  claims: wuhan,
  headers,
});
const badUnit = (headers: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  path: '/v1/units',
  claims: wuhan,
  headers,
  body: { name: '', type: 'community', regionCode: '420102', zone: 'no', contacts: [], extra: 1 },
});

function expectLanguage(answer: Answer, language: 'zh-CN' | 'en'): void {
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.headers['content-language']).toBe(language);
  expect(answer.headers.vary).toMatch(/Accept-Language/i);
}

describe('Problems: language', () => {
  it('answers in Chinese when no language is asked for: title, detail and Content-Language', async () => {
    const answer = await callApi(missingUnit());

    expect(answer.status).toBe(404);
    expectLanguage(answer, 'zh-CN');
    expect(answer.body).toMatchObject({ title: '未找到', detail: '您的管辖范围内没有单位 no-such-unit。' });
  });

  it('answers in English when Accept-Language asks for it', async () => {
    const answer = await callApi(missingUnit({ 'accept-language': 'en-US' }));

    expectLanguage(answer, 'en');
    expect(answer.body).toMatchObject({ title: 'Not found', detail: 'No unit no-such-unit in your scope.' });
  });

  it('follows the q-values: English at 0.9 beats Chinese at 0.8, and Chinese at 1 beats English at 0.8', async () => {
    expectLanguage(await callApi(missingUnit({ 'accept-language': 'en;q=0.9, zh;q=0.8' })), 'en');
    expectLanguage(await callApi(missingUnit({ 'accept-language': 'en;q=0.8, zh-CN' })), 'zh-CN');
  });

  it.each(['fr-FR, de;q=0.9', ';;q=x,,', 'en;q=oops', '*'])('answers in Chinese to Accept-Language %j', async (header) => {
    const answer = await callApi(missingUnit({ 'accept-language': header }));

    expect(answer.status).toBe(404);
    expectLanguage(answer, 'zh-CN');
  });

  it("writes every field error in Chinese by default (zod's own Chinese, and the schemas' own messages)", async () => {
    const answer = await callApi(badUnit());

    expect(answer.status).toBe(422);
    expectLanguage(answer, 'zh-CN');
    expect(answer.body.title).toBe('请求内容不符合要求');
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/name', detail: '不得为空' },
        { pointer: '/zone', detail: '无效输入：期望 boolean，实际接收 string' },
        { pointer: '/extra', detail: '不是可识别的字段' },
      ]),
    );
  });

  it('writes the same field errors in English on request', async () => {
    const answer = await callApi(badUnit({ 'accept-language': 'en' }));

    expectLanguage(answer, 'en');
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/name', detail: 'must not be empty' },
        { pointer: '/zone', detail: 'Invalid input: expected boolean, received string' },
        { pointer: '/extra', detail: 'is not a known field' },
      ]),
    );
  });
});

describe('Problems: unknown routes', () => {
  it.each([
    ['GET', '/v1/nothing-here'],
    ['DELETE', '/health'],
    ['POST', '/problems/not-found'],
  ] as const)('answers %s %s with a 404 problem, not the gateway’s message', async (method, path) => {
    const answer = await callApi({ method, path });

    expect(answer.status).toBe(404);
    expectLanguage(answer, 'zh-CN');
    expect(answer.body).toMatchObject({ type: expect.stringMatching(/^https?:\/\/[^/]+\/problems\/not-found$/), title: '未找到' });
  });
});

describe('Problems: type pages', () => {
  it('names the type by an absolute URI of the origin the caller reached', async () => {
    const answer = await callApi(missingUnit());

    expect(answer.body.type).toMatch(/^https?:\/\/[^/]+\/problems\/not-found$/);
  });

  it('explains every type of the catalogue on a page, Chinese first, then English', async () => {
    for (const [name, type] of Object.entries(problemTypes)) {
      const answer = await callApi({ method: 'GET', path: `/problems/${name}` });

      expect(answer.status, name).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.raw!.indexOf(type.title.zh), name).toBeLessThan(answer.raw!.indexOf(type.title.en.replaceAll("'", '&#39;')));
      expect(answer.raw, name).toContain(type.about.zh);
    }
  });

  it('answers an unknown type with a 404 problem', async () => {
    const answer = await callApi({ method: 'GET', path: '/problems/no-such-type', headers: { 'accept-language': 'en' } });

    expect(answer.status).toBe(404);
    expect(answer.body.detail).toBe('There is no problem type no-such-type.');
  });

  it('over HTTP, resolves the type URI of a problem (an unknown route) to its page on the local host', async () => {
    // Prepare: the local host answers a path no route has.
    const refused = await viaHttp({ method: 'GET', path: '/v1/no-such-route' });
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);

    // Act: follow the type URI as it is given.
    const page = await fetch(refused.body.type);

    // Assess
    expect(refused.body.type).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/problems\/not-found$/);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('未找到');
  });
});
