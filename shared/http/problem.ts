import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { ProblemError, schemaMessageZh, text, type FieldProblem, type Text } from '../domain/errors.ts';
import { problemTypes } from '../domain/problem-types.ts';

/** A language the API answers in: Chinese by default, English on request. */
export type Language = 'zh-CN' | 'en';

/**
 * The language an `Accept-Language` header asks for: the acceptable tag of highest q (the first on a tie) that is
 * English (`en`, `en-US` …) or Chinese (`zh`, `zh-CN`, `zh-Hans` …); anything else, absent or malformed: zh-CN.
 */
export function languageOf(header: string | undefined): Language {
  let chosen: Language = 'zh-CN';
  let best = 0;
  for (const range of (header ?? '').slice(0, 1024).split(',')) {
    const [tag = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const language = /^en(-|$)/.test(tag) ? 'en' : /^zh(-|$)/.test(tag) ? 'zh-CN' : undefined;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q.slice(2)) : 0;
    if (language && weight > best) [chosen, best] = [language, weight];
  }
  return chosen;
}

/** A text in one language. */
export function inLanguage(value: Text, language: Language): string {
  return language === 'en' ? value.en : value.zh;
}

/** Field problems in one language, as an answer carries them. */
export function fieldProblemsIn(problems: readonly FieldProblem[], language: Language): { pointer: string; detail: string }[] {
  return problems.map((p) => ({ pointer: p.pointer, detail: inLanguage(p.detail, language) }));
}

const zhLocale = zhCN().localeError;

/**
 * What a zod issue says, in both languages: a schema's own message (`says`) with its Chinese, else zod's English and
 * Chinese locales (the issue must keep its input, `reportInput`, for zod to name the type it received).
 */
export function issueText(issue: z.core.$ZodIssue): Text {
  const zh = schemaMessageZh(issue.message) ?? zhLocale(issue as never);
  return text(typeof zh === 'string' ? zh : (zh?.message ?? '输入无效'), issue.message);
}

/** Field problems from a zod error, each with a JSON pointer (`/contacts/0/email`) or a parameter name. */
export function fieldProblems(error: z.ZodError, where: 'body' | 'query' | 'path'): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: pointerOf(where, [...path, key]),
        detail: text('不是可识别的字段', 'is not a known field'),
      }));
    }
    return [{ pointer: pointerOf(where, path), detail: issueText(issue) }];
  });
}

function pointerOf(where: 'body' | 'query' | 'path', path: readonly string[]): string {
  if (where !== 'body') return path.join('.') || where;
  // RFC 6901: the whole document is "", while "/" would name a member called "".
  if (path.length === 0) return '';
  return `/${path.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

const internalDetail = text(
  '系统出现故障，已记录在案。请稍后重试，并提供请求编号。',
  'Something went wrong on our side; it has been logged. Retry later, quoting the request id.',
);

/** Where a problem type is explained: `<origin>/problems/<name>`, an absolute URI that resolves (RFC 9457 §3.1.1). */
export function problemTypeUri(origin: string, type: string): string {
  return `${origin}/problems/${type}`;
}

/**
 * Renders an error as an RFC 9457 problem in the caller's language; anything that is not a ProblemError becomes a
 * generic 500. `origin` (`https://api.example.cn`) makes each `type` an absolute URI.
 */
export function problemResponse(
  error: unknown,
  requestId: string,
  instance: string,
  language: Language,
  origin: string,
): APIGatewayProxyStructuredResultV2 {
  const known = error instanceof ProblemError ? error : undefined;
  const type = known?.type ?? 'internal';
  const status = known?.status ?? 500;
  const body = {
    type: problemTypeUri(origin, type),
    title: inLanguage(problemTypes[type].title, language),
    status,
    detail: inLanguage(known?.detail ?? internalDetail, language),
    ...(known && known.errors.length > 0 ? { errors: fieldProblemsIn(known.errors, language) } : {}),
    instance,
    requestId,
  };
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': language,
      vary: 'Accept-Language',
    },
    body: JSON.stringify(body),
  };
}
