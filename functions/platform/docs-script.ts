import type { RouteImpl } from '../../shared/http/handler.ts';
import { readReferenceScript } from './read-reference-script.ts';

/** `GET /docs/reference.js`: cached for a year under the URL that names its version, briefly under any other. */
export const docsScript: RouteImpl<unknown, { v?: string }> = async ({ query }) => {
  const { text, version } = readReferenceScript();
  return {
    raw: text,
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': query.v === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  };
};
