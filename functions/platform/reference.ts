import { openApiDocument } from '../../shared/http/openapi.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { renderReference } from './render-reference.ts';

let document: Record<string, unknown> | undefined;
let page: string | undefined;

/** `GET /v1/openapi.json`. */
export const openapi: RouteImpl = async () => {
  document ??= openApiDocument();
  return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
};

/** `GET /docs`: a self-contained page (no CDN, so it works on closed networks). */
export const docs: RouteImpl = async () => {
  document ??= openApiDocument();
  page ??= renderReference(document);
  return { raw: page, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' } };
};
