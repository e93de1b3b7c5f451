import { ValidationError, text } from '../domain/errors.ts';
import { documentTypes } from '../topology.ts';
import type { Reply } from './handler.ts';

/** The media type of a workbook (XLSX). */
export const xlsxType = documentTypes.xlsx;
/** The media type of a Word document (DOCX). */
export const docxType = documentTypes.docx;

/** Whether `Accept` names this media type (as the CSV exports read it: the type itself, not a wildcard). */
export function accepts(accept: string | undefined, type: string): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === type);
}

/** RFC 5987 `attr-char`: what `filename*` may carry unescaped (encodeURIComponent leaves `'()*!` too; only `!` is allowed). */
const extValue = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` of a download (RFC 6266): an ASCII `filename` for old clients, and the Chinese name as
 * `filename*` in UTF-8 (RFC 8187), which clients that know it prefer.
 */
export function contentDisposition(asciiName: string, name: string): string {
  // Characters no file system takes in a name, and control characters, become "_".
  const safe = (s: string) => [...s].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
  return `attachment; filename="${safe(asciiName).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${extValue(safe(name))}`;
}

/** A document as a reply: its bytes, media type and file names. */
export function documentReply(bytes: Buffer, type: string, asciiName: string, name: string): Reply {
  return { bytes, headers: { 'content-type': type, 'content-disposition': contentDisposition(asciiName, name) } };
}

/** The most rows an export reads: beyond, the caller narrows the filter (422), as no Lambda should page on forever. */
export const maxExportRows = 10_000;

/**
 * Every item of a paginated list, page after page (100 a page), for an export; more than `maxExportRows` → 422 at
 * `pointer`, the filter that would narrow it.
 */
export async function everyPage<T>(
  read: (limit: number, cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>,
  pointer: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(100, cursor);
    items.push(...page.items);
    cursor = page.cursor;
    if (items.length > maxExportRows)
      throw new ValidationError(
        [{ pointer, detail: text(`导出超过 ${maxExportRows} 行，请缩小范围`, `more than ${maxExportRows} rows to export; narrow it`) }],
        text(`一次导出最多 ${maxExportRows} 行，请缩小筛选范围。`, `An export holds at most ${maxExportRows} rows; narrow the filter.`),
      );
  } while (cursor);
  return items;
}
