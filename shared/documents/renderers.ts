import ExcelJS from 'exceljs';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { OfficialDocument, Sheet } from '../domain/documents.ts';

/*
 * The renderers of documents: exceljs and docx, megabytes of code that only an export needs. In Lambda this module
 * is a bundle of its own beside the function's (topology `bundles`), imported by `load.ts` on the first export, so
 * that no cold start parses it.
 */

/** A workbook (XLSX) of these sheets: a bold header row frozen at the top, the columns' widths, Chinese text as is. */
export async function workbook(sheets: readonly Sheet[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Shifan 示范';
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.addRows(sheet.rows.map((row) => [...row]));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Fonts of an official document (GB/T 9704): the title in 黑体, everything else in 仿宋. */
const titleFont = '黑体';
const bodyFont = '仿宋_GB2312';
/** Sizes in half-points: 二号 (22 pt) for the title, 三号 (16 pt) for the text, 四号 (14 pt) in the table. */
const titleSize = 44;
const bodySize = 32;
const tableSize = 28;

/**
 * An official document as DOCX, laid out as a notice: the title centred in 黑体 二号, the 文号 line, the addressee,
 * the body in 仿宋 三号 with a two-character indent, the table (header row bold, repeated on each page), the closing,
 * and the issuing authority and date at the bottom right.
 */
export async function officialDocument(doc: OfficialDocument): Promise<Buffer> {
  const run = (text: string, options: { size?: number; bold?: boolean; font?: string } = {}) =>
    new TextRun({ text, font: options.font ?? bodyFont, size: options.size ?? bodySize, bold: options.bold });
  const line = (text: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType], indent = false) =>
    new Paragraph({ alignment, children: [run(text)], spacing: { line: 560 }, ...(indent ? { indent: { firstLine: 640 } } : {}) });
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, { size: tableSize, bold })] })] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: doc.table.columns.map((c) => cell(c, true)) }),
      ...doc.table.rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) })),
    ],
  });
  const document = new Document({
    creator: 'Shifan 示范',
    title: doc.title,
    styles: { default: { document: { run: { font: bodyFont, size: bodySize } } } },
    sections: [
      {
        // A4, margins as GB/T 9704 sets them: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (in twips).
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(doc.number)], spacing: { after: 240 } }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(doc.title, { font: titleFont, size: titleSize })],
            spacing: { after: 480 },
          }),
          line(doc.addressee, AlignmentType.LEFT),
          ...doc.body.map((p) => line(p, AlignmentType.JUSTIFIED, true)),
          table,
          ...doc.closing.map((p) => line(p, AlignmentType.JUSTIFIED, true)),
          new Paragraph({ children: [], spacing: { before: 480 } }),
          line(doc.issuer, AlignmentType.RIGHT),
          line(doc.date, AlignmentType.RIGHT),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
