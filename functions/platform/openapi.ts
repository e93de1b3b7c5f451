import type { RouteImpl } from '../../shared/http/handler.ts';
import { readOpenApi } from './read-openapi.ts';

/** `GET /v1/openapi.json`. */
export const openapi: RouteImpl = async () => ({ body: await readOpenApi(), headers: { 'cache-control': 'public, max-age=300' } });
