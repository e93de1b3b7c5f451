import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as sweep } from '../../functions/agenda-sweep/handler.ts';
import { addDays, addYears, civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { documentTypes } from '../../shared/topology.ts';
import { callApi } from '../support/api.ts';
import { authority, unitUser } from '../support/callers.ts';
import { lambdaContext, type Answer, type HttpRequest } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { communitySheet, expectProblem, newUnit, openCampaign } from '../support/workflow.ts';

/*
 * Documents officials hand upward (issue #20), in 贵州 (520000): a provincial naming campaign of three units — 南明区
 * (520102), 云岩区 (520103) and 红花岗区 (520302, 遵义市) — ranked, concluded and decided; a unit of 红花岗区 named
 * before Shifan; an instructor filed by 南明区. Each workbook is read back with exceljs, each DOCX unzipped. The table
 * is this file's own (the sweep runs on future dates).
 */

const today = civilDateAt(new Date());
const year = today.slice(0, 4);
const guizhou = authority('520000', 'guizhou-ethnic-affairs');
const nanming = authority('520102', 'nanming-ethnic-affairs');
const hubei = authority('420000', 'hubei-ethnic-affairs');
const { xlsx, docx } = documentTypes;
const runSweep = (date: string) => sweep({ schedule: 'agenda-sweep', date }, lambdaContext('agenda-sweep'));

async function ok(status: number, request: HttpRequest): Promise<Answer> {
  const answer = await callApi(request);
  expect(answer.status, `${request.method} ${request.path}: ${answer.raw?.slice(0, 400)}`).toBe(status);
  return answer;
}

/** A document answer: 200, its media type, and its bytes. */
async function download(request: HttpRequest, type: string): Promise<{ bytes: Buffer; disposition: string }> {
  const answer = await ok(200, { ...request, headers: { ...request.headers, accept: type } });
  expect(answer.headers['content-type']).toBe(type);
  expect(answer.bytes?.subarray(0, 2).toString()).toBe('PK');
  return { bytes: answer.bytes!, disposition: answer.headers['content-disposition']! };
}

/** The file name a client takes from Content-Disposition: `filename*` (RFC 6266 with RFC 8187), decoded. */
function fileNameOf(disposition: string): { ascii: string; name: string } {
  const ascii = /filename="([^"]*)"/.exec(disposition)?.[1];
  const encoded = /filename\*=UTF-8''([^;\s]+)/.exec(disposition)?.[1];
  expect(disposition).toMatch(/^attachment;/);
  expect(ascii).toMatch(/^[\x20-\x7e]+$/);
  return { ascii: ascii!, name: decodeURIComponent(encoded!) };
}

/** The sheets of a workbook: each one's header row and data rows, as the cells' values. */
async function sheetsOf(bytes: Buffer): Promise<Record<string, { header: unknown[]; rows: unknown[][] }>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets: Record<string, { header: unknown[]; rows: unknown[][] }> = {};
  book.eachSheet((ws) => {
    const values = ws.getSheetValues().slice(1) as unknown[][];
    const [header, ...rows] = values.map((row) => (row ?? []).slice(1));
    expect(ws.getRow(1).getCell(1).font?.bold, ws.name).toBe(true);
    sheets[ws.name] = { header: header ?? [], rows };
  });
  return sheets;
}

/** The text of `word/document.xml` of a DOCX. */
async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

/** The texts of each table row of a DOCX body, in order. */
const tableRows = (xml: string): string[][] =>
  [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((row) => [...row[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]!));

/** The fonts of the runs whose text is `text`. */
const fontsOf = (xml: string, text: string): string[] =>
  [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)]
    .filter((r) => r[1]!.includes(`>${text}</w:t>`))
    .map((r) => /w:eastAsia="([^"]+)"/.exec(r[1]!)?.[1] ?? '');

describe('Documents: XLSX and DOCX exports', () => {
  let campaignId: string;
  let campaignName: string;
  const units: Record<'a' | 'b' | 'c' | 'd', Unit> = {} as never;
  const submissionOf: Record<string, string> = {};
  let instructorName: string;

  beforeAll(async () => {
    await useOwnMainTable('documents');
    await ok(200, {
      method: 'PUT',
      path: `/v1/authorities/${guizhou.agencyId}`,
      claims: guizhou,
      body: { name: '贵州省民族宗教事务委员会', regionCode: '520000', contacts: [{ name: '王敏', email: 'docs-gz@example.cn' }] },
    });
    units.a = await newUnit(guizhou, '南明区民族团结社区', '520102');
    units.b = await newUnit(guizhou, '云岩区各族群众之家', '520103');
    units.c = await newUnit(guizhou, '红花岗区石榴籽社区', '520302');
    units.d = await newUnit(guizhou, '红花岗区老城社区', '520302');

    // A one-round provincial campaign with two seats: a full sheet for 南明区, 4 points less for 云岩区 (A1.1 not met),
    // 9 less for 红花岗区 (A1.1 and A1.4 not met).
    campaignName = `${year}年贵州省民族团结进步示范单位命名（文书 ${randomUUID().slice(0, 4)}）`;
    campaignId = await openCampaign(guizhou, today, 'documents', {
      name: campaignName,
      level: 'province',
      regionCode: '520000',
      quota: 2,
      grassrootsShare: 0,
      rounds: [{ name: 'document', weight: 1 }],
      dates: { onSiteReview: undefined, appealWorkingDays: 1, publicNoticeWorkingDays: 1 },
    });
    const reviewer = {
      sub: `gz-reviewer-${randomUUID().slice(0, 6)}`,
      role: 'reviewer' as const,
      agencyId: 'gz-experts',
      region: '520000',
    };
    await ok(200, {
      method: 'PUT',
      path: `/v1/reviewers/${reviewer.sub}`,
      claims: guizhou,
      body: { name: '省级评审专家', agencyId: 'gz-experts', regionCode: '520000' },
    });
    const sheets = {
      a: communitySheet(),
      b: { ...communitySheet(), 'A1.1': false },
      c: { ...communitySheet(), 'A1.1': false, 'A1.4': false },
    };
    for (const key of ['a', 'b', 'c'] as const) {
      const unit = units[key];
      const me = unitUser(unit.id, unit.regionCode);
      const created = await ok(201, { method: 'POST', path: `/v1/campaigns/${campaignId}/submissions`, claims: me, body: {} });
      const id = created.body.id as string;
      submissionOf[key] = id;
      let current = await ok(200, {
        method: 'PUT',
        path: `/v1/submissions/${id}/self-assessment`,
        claims: me,
        headers: { 'if-match': created.headers.etag! },
        body: { values: communitySheet() },
      });
      current = await ok(200, {
        method: 'POST',
        path: `/v1/submissions/${id}/transitions`,
        claims: me,
        headers: { 'if-match': current.headers.etag! },
        body: { action: 'submit' },
      });
      // Endorsed up the chain: the county, the city, the province.
      const code = unit.regionCode;
      for (const endorser of [authority(code, `county-${code}`), authority(`${code.slice(0, 4)}00`, `city-${code.slice(0, 4)}`), guizhou]) {
        current = await ok(200, {
          method: 'POST',
          path: `/v1/submissions/${id}/transitions`,
          claims: endorser,
          headers: { 'if-match': current.headers.etag! },
          body: { action: 'endorse' },
        });
      }
      await ok(201, {
        method: 'POST',
        path: `/v1/submissions/${id}/rounds/document/assignments`,
        claims: guizhou,
        body: { reviewerId: reviewer.sub },
      });
      await ok(201, {
        method: 'PUT',
        path: `/v1/submissions/${id}/rounds/document/sheets/mine`,
        claims: reviewer,
        body: { values: sheets[key] },
      });
      await ok(200, { method: 'POST', path: `/v1/submissions/${id}/rounds/document/close`, claims: guizhou });
    }

    // 红花岗区老城社区 was named by 遵义市 before Shifan.
    await ok(201, {
      method: 'POST',
      path: '/v1/namings/import',
      claims: guizhou,
      body: { rows: [{ unitId: units.d.id, level: 'city', certificateNo: `黔民示〔${year}〕0900`, namedOn: addYears(today, -1) }] },
    });

    // An instructor appointed to 南明区's unit, filed by 南明区 with the city.
    instructorName = `指导员${randomUUID().slice(0, 4)}`;
    const instructor = await ok(201, {
      method: 'POST',
      path: '/v1/instructors',
      claims: guizhou,
      body: {
        name: instructorName,
        email: `docs-instructor-${randomUUID().slice(0, 6)}@example.cn`,
        phone: '13900005200',
        gender: 'male',
        ethnicity: '布依族',
        employer: '南明区委统战部',
        position: '科员',
        regionCode: '520102',
        source: 'unit-recommendation',
      },
    });
    await ok(201, {
      method: 'POST',
      path: `/v1/units/${units.a.id}/instructors`,
      claims: nanming,
      body: { instructorId: instructor.body.id, appointedOn: today },
    });
    await ok(201, { method: 'POST', path: '/v1/instructors/filings', claims: nanming, body: { asOf: today } });
  }, 240_000);

  const results = (claims = guizhou): HttpRequest => ({ method: 'GET', path: `/v1/campaigns/${campaignId}/submissions`, claims });
  const document = (kind: string, claims = guizhou): HttpRequest => ({
    method: 'GET',
    path: `/v1/campaigns/${campaignId}/documents/${kind}`,
    claims,
  });

  it('refuses the results and the notice of a campaign not yet ranked (409 not-ranked, problem+json)', async () => {
    expectProblem(await callApi({ ...results(), headers: { accept: xlsx } }), 409, 'not-ranked');
    expectProblem(await callApi(document('results-notice')), 409, 'not-ranked');
    // JSON is still served: the list of submissions exists before the ranking.
    expect((await ok(200, results())).body.items).toHaveLength(3);
  }, 120_000);

  it('exports the ranked results and the public-notice list as a workbook, in rank order, in Chinese', async () => {
    const ranked = await ok(200, { method: 'POST', path: `/v1/campaigns/${campaignId}/rank`, claims: guizhou });
    expect(ranked.body.status).toBe('ranked');

    const { bytes, disposition } = await download(results(), xlsx);
    expect(fileNameOf(disposition)).toEqual({ ascii: `results-${campaignId}.xlsx`, name: `${campaignName}评选结果.xlsx` });
    const sheets = await sheetsOf(bytes);
    expect(Object.keys(sheets)).toEqual(['评选结果', '公示名单']);
    const all = sheets.评选结果!;
    expect(all.header).toEqual([
      '名次',
      '名称',
      '单位类型',
      '地区代码',
      '所在地区',
      '最终得分',
      '评选结果',
      '入选名额',
      '未入选原因',
      '当前状态',
    ]);
    expect(all.rows.map((r) => [r[0], r[1], r[3], r[4], r[6], r[8]])).toEqual([
      [1, units.a.name, '520102', '贵州省贵阳市南明区', '入选', undefined],
      [2, units.b.name, '520103', '贵州省贵阳市云岩区', '入选', undefined],
      [3, units.c.name, '520302', '贵州省遵义市红花岗区', '未入选', '名额已满'],
    ]);
    // The scores as the sheets differ: 4 points (A1.1) and 9 points (A1.1 and A1.4) below the full sheet.
    const [a, b, c] = all.rows.map((r) => r[5] as number);
    expect(a! - b!).toBeCloseTo(4, 5);
    expect(a! - c!).toBeCloseTo(9, 5);
    expect(all.rows.every((r) => r[2] === '社区')).toBe(true);
    const notice = sheets.公示名单!;
    expect(notice.header).toEqual(['序号', '名称', '单位类型', '所在地区', '最终得分']);
    expect(notice.rows.map((r) => [r[0], r[1]])).toEqual([
      [1, units.a.name],
      [2, units.b.name],
    ]);
  }, 120_000);

  it('writes the results notice (通报) as DOCX: 黑体 title, 仿宋 text, the selected in its table, no 文号 before one is recorded', async () => {
    const { bytes, disposition } = await download(document('results-notice'), docx);
    expect(fileNameOf(disposition).name).toBe(`${campaignName}评选结果通报.docx`);
    const xml = await documentXml(bytes);
    const title = `关于${campaignName}评选结果的通报`;
    expect(fontsOf(xml, title)).toEqual(['黑体']);
    expect(xml).toContain('<w:sz w:val="44"/>');
    expect(fontsOf(xml, '各有关单位：')).toEqual(['仿宋_GB2312']);
    expect(xml).toContain('（文号未登记）');
    expect(xml).toContain('共有3个申报参加排名，2个入选省级民族团结进步示范单位');
    const rows = tableRows(xml);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['序号', '名称', '所在地区'],
      ['1', units.a.name, '贵州省贵阳市南明区'],
      ['2', units.b.name, '贵州省贵阳市云岩区'],
    ]);
    expect(xml).not.toContain(units.c.name);
    // The header row repeats on each page and is bold; the issuing authority closes the notice.
    expect(/<w:tr><w:trPr><w:tblHeader\/><\/w:trPr>[\s\S]*?<w:b\/>/.test(xml)).toBe(true);
    expect(fontsOf(xml, '贵州省民族宗教事务委员会')).toEqual(['仿宋_GB2312']);
  }, 120_000);

  it('writes the naming decision (命名决定) once concluded and its 文号 recorded, with each naming and its certificate number', async () => {
    expectProblem(await callApi(document('naming-decision')), 409, 'not-concluded');
    const ranked = await ok(200, { method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: guizhou });
    await runSweep(addDays(ranked.body.appealEndsOn, 1));
    const noticed = await ok(200, { method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: guizhou });
    await runSweep(addDays(noticed.body.noticeEndsOn, 1));
    expect((await ok(200, { method: 'GET', path: `/v1/campaigns/${campaignId}`, claims: guizhou })).body.status).toBe('concluded');
    expectProblem(await callApi(document('naming-decision')), 409, 'no-decision');

    const number = `黔民宗发〔${year}〕${Math.floor(Math.random() * 90) + 10}号`;
    await ok(200, { method: 'POST', path: `/v1/campaigns/${campaignId}/decision`, claims: guizhou, body: { number, date: today } });
    const named = await Promise.all(
      (['a', 'b'] as const).map(async (key) => {
        const submission = await ok(200, { method: 'GET', path: `/v1/submissions/${submissionOf[key]}`, claims: guizhou });
        return (await ok(200, { method: 'GET', path: `/v1/namings/${submission.body.namingId}`, claims: guizhou })).body;
      }),
    );

    const { bytes, disposition } = await download(document('naming-decision'), docx);
    expect(fileNameOf(disposition)).toEqual({
      ascii: `naming-decision-${campaignId}.docx`,
      name: '关于命名省级民族团结进步示范单位的决定.docx',
    });
    const xml = await documentXml(bytes);
    expect(fontsOf(xml, '关于命名省级民族团结进步示范单位的决定')).toEqual(['黑体']);
    expect(fontsOf(xml, number)).toEqual(['仿宋_GB2312']);
    const [y, m, d] = today.split('-').map(Number);
    expect(xml).toContain(`${y}年${m}月${d}日`);
    expect(xml).toContain('决定命名以下2个单位为省级民族团结进步示范单位');
    const rows = tableRows(xml);
    expect(rows[0]).toEqual(['序号', '名称', '所在地区', '证书编号', '有效期至']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual(
      named
        .sort((p, q) => p.certificateNo.localeCompare(q.certificateNo))
        .map((n) => [n.unitName, n.regionCode === '520102' ? '贵州省贵阳市南明区' : '贵州省贵阳市云岩区', n.certificateNo, n.expiresOn]),
    );
    expect(xml).not.toContain(units.c.name);

    // The notice now carries the decision's 文号 too.
    expect(await documentXml((await download(document('results-notice'), docx)).bytes)).toContain(number);
  }, 120_000);

  it('exports the naming list of every page of the filter as a workbook', async () => {
    const list = (query: Record<string, string>) => ({ method: 'GET' as const, path: '/v1/namings', claims: guizhou, query });
    const { bytes, disposition } = await download(list({ region: '52', limit: '1' }), xlsx);
    expect(fileNameOf(disposition)).toEqual({ ascii: 'namings-52.xlsx', name: '命名名单-52.xlsx' });
    const sheet = (await sheetsOf(bytes)).命名名单!;
    expect(sheet.header).toEqual([
      '序号',
      '证书编号',
      '名称',
      '荣誉类别',
      '单位类型',
      '命名级别',
      '地区代码',
      '所在地区',
      '命名日期',
      '有效期至',
      '状态',
      '剩余天数',
    ]);
    // Two named by the campaign and one imported, though a JSON page would hold one (limit=1).
    expect(sheet.rows.map((r) => r[2]).sort()).toEqual([units.a.name, units.b.name, units.d.name].sort());
    expect(sheet.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    const imported = sheet.rows.find((r) => r[2] === units.d.name)!;
    expect([imported[1], imported[3], imported[5], imported[7], imported[10]]).toEqual([
      `黔民示〔${year}〕0900`,
      '示范单位',
      '市级',
      '贵州省遵义市红花岗区',
      '有效',
    ]);
    // The filter holds: 贵阳市 (5201) has the campaign's two; city level only the imported one.
    const guiyang = (await sheetsOf((await download(list({ region: '5201' }), xlsx)).bytes)).命名名单!;
    expect(guiyang.rows.map((r) => r[2]).sort()).toEqual([units.a.name, units.b.name].sort());
    const city = (await sheetsOf((await download(list({ region: '52', level: 'city' }), xlsx)).bytes)).命名名单!;
    expect(city.rows.map((r) => r[2])).toEqual([units.d.name]);
  }, 120_000);

  it('exports the instructor filings as a workbook: the filed lines and what changed', async () => {
    const { bytes, disposition } = await download(
      { method: 'GET', path: '/v1/instructors/filings', claims: nanming, query: { region: '520102' } },
      xlsx,
    );
    expect(fileNameOf(disposition).name).toBe('指导员备案-520102.xlsx');
    const sheets = await sheetsOf(bytes);
    expect(sheets.备案名单!.header).toEqual([
      '序号',
      '备案地区',
      '备案层级',
      '备案日期',
      '备案状态',
      '指导员',
      '所在单位',
      '聘任日期',
      '任期届满',
    ]);
    expect(sheets.备案名单!.rows.map((r) => r.slice(0, 7))).toEqual([
      [1, '贵州省贵阳市南明区', '县级', today, '已报备', instructorName, units.a.name],
    ]);
    // The first filing of 南明区: its one line is new.
    expect(sheets.变动情况!.rows.map((r) => [r[2], r[3], r[4]])).toEqual([['新增', instructorName, units.a.name]]);
  }, 120_000);

  it('exports the coverage report as a workbook: a row per county, city and the province', async () => {
    const { bytes, disposition } = await download(
      { method: 'GET', path: '/v1/reports/coverage', claims: guizhou, query: { region: '520000', asOf: today } },
      xlsx,
    );
    expect(fileNameOf(disposition).name).toBe(`创建覆盖情况-520000-${today}.xlsx`);
    const sheet = (await sheetsOf(bytes)).创建覆盖情况!;
    expect(sheet.header.slice(0, 8)).toEqual(['地区代码', '地区', '层级', '单位总数', '参与创建', '已命名', '覆盖率', '命名率']);
    // Four units: two in 贵阳 (one per county), two in 红花岗区; all four take part (three applied, one holds a
    // naming). As of today one is named, the imported one: the campaign's namings date from the day the sweep
    // concluded it, which lies ahead.
    expect(sheet.rows.map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
      ['520000', '省级', 4, 4, 1],
      ['520100', '市级', 2, 2, 0],
      ['520102', '县级', 1, 1, 0],
      ['520103', '县级', 1, 1, 0],
      ['520300', '市级', 2, 2, 1],
      ['520302', '县级', 2, 2, 1],
    ]);
    expect(sheet.rows[0]!.slice(6, 8)).toEqual(['100%', '25%']);
  }, 120_000);

  it('refuses an out-of-scope caller as the JSON answer does', async () => {
    // Another province's authority: the lists of 贵州 are not its own (403), the campaign's documents not its to make.
    expectProblem(
      await callApi({ method: 'GET', path: '/v1/namings', claims: hubei, query: { region: '52' }, headers: { accept: xlsx } }),
      403,
    );
    expectProblem(
      await callApi({ method: 'GET', path: '/v1/reports/coverage', claims: hubei, query: { region: '520000' }, headers: { accept: xlsx } }),
      403,
    );
    expectProblem(
      await callApi({
        method: 'GET',
        path: '/v1/instructors/filings',
        claims: hubei,
        query: { region: '520102' },
        headers: { accept: xlsx },
      }),
      403,
    );
    expectProblem(await callApi(document('results-notice', hubei)), 403);
    expectProblem(await callApi(document('naming-decision', unitUser(units.a.id, '520102'))), 403);
    // The results are filtered to the caller's region, as in JSON: none of 贵州's submissions lie in 湖北.
    const foreign = await sheetsOf((await download(results(hubei), xlsx)).bytes);
    expect(foreign.评选结果!.rows).toEqual([]);
    expect((await ok(200, results(hubei))).body.items).toEqual([]);
    // An unknown document is an unknown path.
    expectProblem(await callApi(document('minutes')), 404);
  }, 120_000);
});
