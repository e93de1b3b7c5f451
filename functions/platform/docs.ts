import type { RouteImpl } from '../../shared/http/handler.ts';
import { readOpenApi } from './read-openapi.ts';
import { renderReference } from './render-reference.ts';

let page: string | undefined;

/** `GET /docs`: a self-contained page (no CDN, so it works on closed networks). */
export const docs: RouteImpl = async () => {
  page ??= renderReference(await readOpenApi());
  return { raw: page, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' } };
};
