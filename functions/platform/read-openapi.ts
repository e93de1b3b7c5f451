let document: Promise<Record<string, unknown>> | undefined;

/**
 * The OpenAPI document, built once. It needs the schemas of every route of every function, so they load with the
 * first request for it, not at the cold start of a function that mostly answers /health.
 */
export function readOpenApi(): Promise<Record<string, unknown>> {
  document ??= import('../../shared/http/openapi.ts').then((m) => m.openApiDocument());
  return document;
}
