import { problemTypes, type ConflictType, type ProblemTypeName } from './problem-types.ts';

/** A text in both languages the API answers in: Chinese (the default) and English (on request). */
export interface Text {
  zh: string;
  en: string;
}

/** A bilingual text: `text('未找到评选活动 X。', 'No campaign X.')`. */
export function text(zh: string, en: string): Text {
  return { zh, en };
}

/** A field-level problem: where in the input (JSON pointer, or a query/header name) and what is wrong. */
export interface FieldProblem {
  pointer: string;
  detail: Text;
}

/**
 * An error that carries a stable problem type (and with it its status and title, `problem-types.ts`) and what went
 * wrong in both languages; the problem middleware renders it (RFC 9457) in the caller's language. Its message, for
 * logs, is the English detail.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly detail: Text;

  constructor(
    readonly type: ProblemTypeName,
    detail?: Text,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    const known = problemTypes[type];
    super((detail ?? known.title).en);
    this.name = new.target.name;
    this.status = known.status;
    this.detail = detail ?? known.title;
  }
}

/** The request is not well-formed (e.g. malformed JSON, a bad cursor). */
export class MalformedRequestError extends ProblemError {
  constructor(detail: Text, errors: readonly FieldProblem[] = []) {
    super('malformed-request', detail, errors);
  }
}

/** The request is well-formed but its content breaks the rules. */
export class ValidationError extends ProblemError {
  constructor(
    errors: readonly FieldProblem[],
    detail = text('请求中有字段不符合要求，详见 errors。', 'The request has invalid fields; see errors.'),
  ) {
    super('validation', detail, errors);
  }
}

/** The caller may not do this. */
export class ForbiddenError extends ProblemError {
  constructor(detail: Text) {
    super('forbidden', detail);
  }
}

/** Nothing here, or nothing the caller may know exists. */
export class NotFoundError extends ProblemError {
  constructor(detail = text('没有此资源。', 'No such resource.')) {
    super('not-found', detail);
  }
}

/** The request conflicts with the current state. */
export class ConflictError extends ProblemError {
  constructor(detail: Text, type: ConflictType = 'conflict') {
    super(type, detail);
  }
}

/** `If-Match` names a version that is no longer current. */
export class PreconditionFailedError extends ProblemError {
  constructor(current?: number) {
    super(
      'stale-version',
      current === undefined
        ? text('资源已被修改，请重新读取。', 'The resource has changed; read it again.')
        : text(`资源现为第 ${current} 版，请重新读取后重试。`, `The resource is now at version ${current}; read it again and retry.`),
    );
  }
}

/** An update arrived without `If-Match`. */
export class PreconditionRequiredError extends ProblemError {
  constructor() {
    super(
      'if-match-required',
      text('请在 If-Match 中带上读取时得到的 ETag，以免更改丢失。', 'Send If-Match with the ETag you read, so that no update is lost.'),
    );
  }
}

/** The body is not in a content type this route accepts. */
export class UnsupportedMediaTypeError extends ProblemError {
  constructor(accepted: readonly string[]) {
    super('unsupported-media-type', text(`请以 ${accepted.join(' 或 ')} 发送请求正文。`, `Send the body as ${accepted.join(' or ')}.`));
  }
}

/** The body is larger than this API accepts. */
export class PayloadTooLargeError extends ProblemError {
  constructor(maxBytes: number) {
    super('payload-too-large', text(`请求正文不得超过 ${maxBytes} 字节。`, `The body must be at most ${maxBytes} bytes.`));
  }
}

const schemaMessages = new Map<string, string>();

/**
 * A schema's own message in both languages: zod keeps the English (what it reports), and the Chinese is found again
 * by `schemaMessageZh` when the issue is rendered: `.regex(re, says('须为…', 'must be …'))`.
 */
export function says(zh: string, en: string): string {
  schemaMessages.set(en, zh);
  return en;
}

/** The Chinese of a schema's own message given through `says`, if it is one. */
export function schemaMessageZh(en: string): string | undefined {
  return schemaMessages.get(en);
}
