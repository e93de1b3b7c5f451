import type { OfficialDocument, Sheet } from '../domain/documents.ts';

/** The renderers' module: its own bundle beside the function's in Lambda (`renderers.mjs`), the source elsewhere. */
const specifier = import.meta.url.endsWith('.ts') ? './renderers.ts' : './renderers.mjs';

/**
 * The document renderers (`renderers.ts`), loaded on first use. The specifier is a variable so that esbuild leaves
 * the import alone: the function's bundle carries neither exceljs nor docx (topology `bundles` builds them beside it).
 */
function renderers(): Promise<typeof import('./renderers.ts')> {
  return import(specifier);
}

/** A workbook (XLSX) of these sheets (`renderers.ts#workbook`), its renderer loaded on first use. */
export async function workbook(sheets: readonly Sheet[]): Promise<Buffer> {
  return (await renderers()).workbook(sheets);
}

/** An official document as DOCX (`renderers.ts#officialDocument`), its renderer loaded on first use. */
export async function officialDocument(doc: OfficialDocument): Promise<Buffer> {
  return (await renderers()).officialDocument(doc);
}
