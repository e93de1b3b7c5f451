import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** The text `npm run generate` writes to `src/schema.d.ts` for an OpenAPI document, made with the same defaults. */
export async function schemaText(document: URL): Promise<string> {
  return `${COMMENT_HEADER}${astToString(await openapiTS(document, { silent: true }))}`;
}
