/**
 * Writes `openapi.json`, the OpenAPI 3.1 document of every route, from the same zod schemas that validate requests:
 * the contract agencies build against (and `clients/typescript` is generated from). `test/unit/shared/http/openapi.test.ts`
 * fails when the committed file is not what the code describes.
 *
 * Run after changing a route, a schema or the topology: `npm run openapi`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument, openApiText } from '../shared/http/openapi.ts';

writeFileSync(resolve(import.meta.dirname, '../openapi.json'), openApiText(openApiDocument()));
