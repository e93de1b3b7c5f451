/** A field-level problem: where in the input (JSON pointer, or a query/header name) and what is wrong. */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** An error that carries its HTTP status and a stable problem type; the problem middleware renders it (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail?: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

/** The request is not well-formed (e.g. malformed JSON, a bad cursor). */
export class MalformedRequestError extends ProblemError {
  constructor(detail: string, errors: readonly FieldProblem[] = []) {
    super(400, 'malformed-request', 'Malformed request', detail, errors);
  }
}

/** The request is well-formed but its content breaks the rules. */
export class ValidationError extends ProblemError {
  constructor(errors: readonly FieldProblem[], detail = 'The request has invalid fields; see errors.') {
    super(422, 'validation', 'Invalid request', detail, errors);
  }
}

/** The caller may not do this. */
export class ForbiddenError extends ProblemError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

/** Nothing here, or nothing the caller may know exists. */
export class NotFoundError extends ProblemError {
  constructor(detail = 'No such resource.') {
    super(404, 'not-found', 'Not found', detail);
  }
}

/** The request conflicts with the current state. */
export class ConflictError extends ProblemError {
  constructor(detail: string, type = 'conflict') {
    super(409, type, 'Conflict', detail);
  }
}

/** `If-Match` names a version that is no longer current. */
export class PreconditionFailedError extends ProblemError {
  constructor(current?: number) {
    super(
      412,
      'stale-version',
      'Precondition failed',
      current === undefined
        ? 'The resource has changed; read it again.'
        : `The resource is now at version ${current}; read it again and retry.`,
    );
  }
}

/** An update arrived without `If-Match`. */
export class PreconditionRequiredError extends ProblemError {
  constructor() {
    super(428, 'if-match-required', 'Precondition required', 'Send If-Match with the ETag you read, so that no update is lost.');
  }
}

/** The body is not in a content type this route accepts. */
export class UnsupportedMediaTypeError extends ProblemError {
  constructor(accepted: readonly string[]) {
    super(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${accepted.join(' or ')}.`);
  }
}

/** The body is larger than this API accepts. */
export class PayloadTooLargeError extends ProblemError {
  constructor(maxBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `The body must be at most ${maxBytes} bytes.`);
  }
}
