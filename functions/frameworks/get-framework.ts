import type { RouteImpl } from '../../shared/http/handler.ts';
import { readFramework } from './read-framework.ts';

/** `GET /v1/frameworks/{id}`. */
export const getFramework: RouteImpl = async (request) => ({
  body: await readFramework(request.params.id!),
  headers: { 'cache-control': 'private, max-age=300' },
});
