/** One cell: quoted when needed; a leading = + - @ is neutralised so that spreadsheets never run a cell as a formula. */
export function csvCell(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ''
      : typeof value === 'object'
        ? Object.entries(value as object)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A table as CSV with a header row, UTF-8 with BOM and CRLF, as spreadsheet programs open it with Chinese text intact. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * Reads CSV with a header row (a BOM is ignored) into records keyed by header; a cell neutralised on export is
 * restored. The parser loads with the first import: the function's other routes' cold starts skip it.
 */
export async function fromCsv(text: string): Promise<Record<string, string>[]> {
  const { parse } = await import('csv-parse/sync');
  const records = parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Record<string, string>[];
  return records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /^'[=+\-@]/.test(v) ? v.slice(1) : v])));
}
