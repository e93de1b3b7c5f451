import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldProblems, problemResponse } from '../../../../shared/http/problem.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { unitCreate } from '../../../../shared/domain/units.ts';

function problemsOf(schema: z.ZodType, input: unknown, where: 'body' | 'query' | 'path' = 'body') {
  const result = schema.safeParse(input);
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
    expect(problems).toEqual([{ pointer: '/contacts/0/email', detail: 'must be a valid email address' }]);
  });

  it('gives one problem per unknown field, each pointing at that field', () => {
    const problems = problemsOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 });

    expect(problems).toEqual([
      { pointer: '/b', detail: 'is not a known field' },
      { pointer: '/c', detail: 'is not a known field' },
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
  it('renders a known error as problem+json with its status, type, field errors and request id', () => {
    // Act
    const response = problemResponse(new ValidationError([{ pointer: '/name', detail: 'must not be empty' }]), 'req-1', '/v1/units');

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(response.body!)).toEqual({
      type: '/problems/validation',
      title: 'Invalid request',
      status: 422,
      detail: 'The request has invalid fields; see errors.',
      errors: [{ pointer: '/name', detail: 'must not be empty' }],
      instance: '/v1/units',
      requestId: 'req-1',
    });
  });

  it('answers any other error with a generic 500 that leaks nothing of it', () => {
    const response = problemResponse(new Error('connect ECONNREFUSED 10.0.0.7:8000 table shifan-main'), 'req-2', '/v1/units');

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|shifan-main/);
    expect(JSON.parse(response.body!)).toMatchObject({ type: '/problems/internal', status: 500, requestId: 'req-2' });
  });
});
