import { describe, expect, it } from 'vitest';
import { accepts, contentDisposition, docxType, everyPage, xlsxType } from '../../../../shared/http/documents.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';

describe('Function: contentDisposition', () => {
  it('gives an ASCII filename and the Chinese one as filename* in UTF-8 (RFC 6266, RFC 8187)', () => {
    const header = contentDisposition('namings.xlsx', '命名名单.xlsx');

    expect(header).toBe(`attachment; filename="namings.xlsx"; filename*=UTF-8''%E5%91%BD%E5%90%8D%E5%90%8D%E5%8D%95.xlsx`);
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)/.exec(header)![1]!)).toBe('命名名单.xlsx');
  });

  it("escapes what RFC 8187 does not allow bare in filename* (', (, ), *) and keeps names free of path characters", () => {
    const header = contentDisposition('a"b/c.docx', "关于（2026）'x'*/y.docx");

    expect(header).toContain('filename="a_b_c.docx"');
    expect(header).toMatch(/filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)/.exec(header)![1]!)).toBe("关于（2026）'x'__y.docx");
  });
});

describe('Function: accepts', () => {
  it('finds a media type among those Accept lists, with or without parameters, in any case', () => {
    expect(accepts(`application/json;q=0.5, ${xlsxType};q=1`, xlsxType)).toBe(true);
    expect(accepts(docxType.toUpperCase(), docxType)).toBe(true);
    expect(accepts('application/json', xlsxType)).toBe(false);
    expect(accepts('*/*', xlsxType)).toBe(false);
    expect(accepts(undefined, xlsxType)).toBe(false);
  });
});

describe('Function: everyPage', () => {
  it('reads page after page until the last, and refuses more than the cap (422 at the filter)', async () => {
    // Prepare: 250 items in pages of 100.
    const items = Array.from({ length: 250 }, (_, i) => i);
    const pages: (string | undefined)[] = [];
    const read = async (limit: number, cursor: string | undefined) => {
      pages.push(cursor);
      const from = Number(cursor ?? 0);
      return { items: items.slice(from, from + limit), ...(from + limit < items.length ? { cursor: String(from + limit) } : {}) };
    };

    // Act
    const all = await everyPage(read, 'region');

    // Assess
    expect(all).toEqual(items);
    expect(pages).toEqual([undefined, '100', '200']);
    const endless = async (limit: number) => ({ items: Array.from({ length: limit }, () => 0), cursor: 'more' });
    const refused = await everyPage(endless, 'region').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors?.[0]?.pointer).toBe('region');
  });
});
