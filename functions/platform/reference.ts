import type { RouteImpl } from '../../shared/http/handler.ts';
import { renderReference } from './render-reference.ts';

let document: Promise<Record<string, unknown>> | undefined;
let page: string | undefined;

/**
 * The OpenAPI document, built once. It needs the schemas of every route of every function, so they load with the
 * first request for it, not at the cold start of a function that mostly answers /health.
 */
function openApi(): Promise<Record<string, unknown>> {
  document ??= import('../../shared/http/openapi.ts').then((m) => m.openApiDocument());
  return document;
}

/** `GET /v1/openapi.json`. */
export const openapi: RouteImpl = async () => ({ body: await openApi(), headers: { 'cache-control': 'public, max-age=300' } });

/** `GET /docs`: a self-contained page (no CDN, so it works on closed networks). */
export const docs: RouteImpl = async () => {
  page ??= renderReference(await openApi());
  return { raw: page, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' } };
};
