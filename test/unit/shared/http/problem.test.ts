import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldProblems, languageOf, problemResponse } from '../../../../shared/http/problem.ts';
import { ConflictError, ValidationError, text } from '../../../../shared/domain/errors.ts';
import { unitCreate } from '../../../../shared/domain/units.ts';

function problemsOf(schema: z.ZodType, input: unknown, where: 'body' | 'query' | 'path' = 'body') {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected the input to be refused');
  return fieldProblems(result.error, where);
}

describe('Function: fieldProblems', () => {
  it('points at a nested body field with a JSON pointer', () => {
    // Prepare
    const body = { name: '百步亭社区', type: 'community', regionCode: '420102', zone: false, contacts: [{ name: '李明', email: 'nope' }] };

    // Act
    const problems = problemsOf(unitCreate, body);

    // Assess
    expect(problems).toEqual([
      { pointer: '/contacts/0/email', detail: { zh: '须为有效的电子邮件地址', en: 'must be a valid email address' } },
    ]);
  });

  it('gives one problem per unknown field, each pointing at that field', () => {
    const problems = problemsOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 });

    expect(problems).toEqual([
      { pointer: '/b', detail: { zh: '不是可识别的字段', en: 'is not a known field' } },
      { pointer: '/c', detail: { zh: '不是可识别的字段', en: 'is not a known field' } },
    ]);
  });

  it('escapes "~" and "/" in field names as RFC 6901 requires', () => {
    const problems = problemsOf(z.object({ 'a/b': z.string(), 'c~d': z.string() }), {});

    expect(problems.map((p) => p.pointer)).toEqual(['/a~1b', '/c~0d']);
  });

  it('points at the whole document with the empty pointer when the body itself is wrong', () => {
    expect(problemsOf(z.object({ a: z.string() }), [1, 2]).map((p) => p.pointer)).toEqual(['']);
  });

  it('names query parameters by name, not by pointer', () => {
    const problems = problemsOf(z.strictObject({ limit: z.coerce.number().max(100) }), { limit: '500', sort: 'x' }, 'query');

    expect(problems.map((p) => p.pointer).sort()).toEqual(['limit', 'sort']);
  });
});

describe('Function: problemResponse', () => {
  const invalid = () => new ValidationError([{ pointer: '/name', detail: text('不得为空', 'must not be empty') }]);

  it('renders a known error in Chinese by default: status, absolute type URI, title, detail, field errors, request id', () => {
    // Act
    const response = problemResponse(invalid(), 'req-1', '/v1/units', 'zh-CN', 'https://api.example.cn');

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.headers).toEqual({
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': 'zh-CN',
      vary: 'Accept-Language',
    });
    expect(JSON.parse(response.body!)).toEqual({
      type: 'https://api.example.cn/problems/validation',
      title: '请求内容不符合要求',
      status: 422,
      detail: '请求中有字段不符合要求，详见 errors。',
      errors: [{ pointer: '/name', detail: '不得为空' }],
      instance: '/v1/units',
      requestId: 'req-1',
    });
  });

  it('renders the same error in English when English is asked for', () => {
    const response = problemResponse(invalid(), 'req-1', '/v1/units', 'en', 'https://api.example.cn');

    expect(response.headers).toMatchObject({ 'content-language': 'en' });
    expect(JSON.parse(response.body!)).toMatchObject({
      type: 'https://api.example.cn/problems/validation',
      title: 'Invalid request',
      detail: 'The request has invalid fields; see errors.',
      errors: [{ pointer: '/name', detail: 'must not be empty' }],
    });
  });

  it("takes a conflict's status and title from its type in the catalogue", () => {
    const response = problemResponse(
      new ConflictError(text('资源正忙。', 'Busy.'), 'busy'),
      'req-3',
      '/v1/units',
      'zh-CN',
      'http://127.0.0.1:3000',
    );

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body!)).toMatchObject({
      type: 'http://127.0.0.1:3000/problems/busy',
      title: '资源正忙',
      detail: '资源正忙。',
    });
  });

  it('answers any other error with a generic 500 that leaks nothing of it', () => {
    const response = problemResponse(
      new Error('connect ECONNREFUSED 10.0.0.7:8000 table shifan-main'),
      'req-2',
      '/v1/units',
      'zh-CN',
      'https://api.test',
    );

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|shifan-main/);
    expect(JSON.parse(response.body!)).toMatchObject({ type: 'https://api.test/problems/internal', status: 500, requestId: 'req-2' });
  });
});

describe('Function: fieldProblems (languages)', () => {
  it("gives zod's own Chinese beside its English, naming the type it received", () => {
    const [problem] = problemsOf(z.object({ n: z.number() }), { n: 'x' });

    expect(problem!.detail.en).toBe('Invalid input: expected number, received string');
    expect(problem!.detail.zh).toBe('无效输入：期望 数字，实际接收 string');
  });

  it("gives a schema's own message in both languages", () => {
    const [problem] = problemsOf(unitCreate, { name: '', type: 'community', regionCode: '420102', zone: false, contacts: [] });

    expect(problem).toEqual({ pointer: '/name', detail: { zh: '不得为空', en: 'must not be empty' } });
  });
});

describe('Function: languageOf', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb,en;q=0.5', 'en'],
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en;q=0.9, zh;q=0.8', 'en'],
    ['zh;q=0.8, en;q=0.9', 'en'],
    ['en;q=0.8, zh', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['fr-FR, de;q=0.9', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=abc', 'zh-CN'],
    [';;;,,,=q', 'zh-CN'],
    ['en;q=1.5', 'zh-CN'],
    ['en'.padEnd(5000, ','), 'en'],
  ])('reads %j as %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});
