import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { ProblemError, type FieldProblem } from '../domain/errors.ts';

/** Field problems from a zod error, each with a JSON pointer (`/contacts/0/email`) or a parameter name. */
export function fieldProblems(error: z.ZodError, where: 'body' | 'query' | 'path'): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: pointerOf(where, [...path, key]), detail: 'is not a known field' }));
    }
    return [{ pointer: pointerOf(where, path), detail: issue.message }];
  });
}

function pointerOf(where: 'body' | 'query' | 'path', path: readonly string[]): string {
  if (where !== 'body') return path.join('.') || where;
  // RFC 6901: the whole document is "", while "/" would name a member called "".
  if (path.length === 0) return '';
  return `/${path.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

/** Renders an error as an RFC 9457 problem; anything that is not a ProblemError becomes a generic 500. */
export function problemResponse(error: unknown, requestId: string, instance: string): APIGatewayProxyStructuredResultV2 {
  const known = error instanceof ProblemError ? error : undefined;
  const status = known?.status ?? 500;
  const body = {
    type: `/problems/${known?.type ?? 'internal'}`,
    title: known?.title ?? 'Internal error',
    status,
    detail: known?.message ?? 'Something went wrong on our side; it has been logged. Retry later, quoting the request id.',
    ...(known && known.errors.length > 0 ? { errors: known.errors } : {}),
    instance,
    requestId,
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}
