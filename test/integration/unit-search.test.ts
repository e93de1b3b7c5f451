import { beforeAll, describe, expect, it } from 'vitest';
import type { InitializeMiddleware } from '@smithy/types';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getClients, mainStore } from '../../shared/clients.ts';
import { reindex } from '../../shared/data/reindex.ts';
import { unitGramItems } from '../../shared/data/units.ts';
import { nameGrams, searchKey } from '../../shared/domain/unit-search.ts';
import type { Unit } from '../../shared/domain/units.ts';
import type { Caller } from '../../shared/http/caller.ts';
import { admin, authority } from '../support/callers.ts';
import type { Answer } from '../support/events.ts';
import { useOwnMainTable } from '../support/own-table.ts';
import { callUnits, expectProblem, ifMatch, newUnit } from '../support/workflow.ts';

/*
 * Issue #20: `GET /v1/units?q=` finds units by part of the name, full-width and half-width forms alike, within the
 * caller's region, by an index of the bigrams of each name kept in the unit's transactions. Every Query the handler
 * makes is counted by the items DynamoDB evaluated (ScannedCount), to show that a search reads the units of its
 * region that hold one bigram of the query, and none of another region. The file has a main table of its own
 * (武汉市 420100, 长沙市 430100).
 */

const wuhan = authority('420100', 'wuhan-ethnic-affairs');
const jiangan = authority('420102', 'jiangan-ethnic-affairs');
const hubei = authority('420000', 'hubei-ethnic-affairs');
const hunan = authority('430000', 'hunan-ethnic-affairs');

/** Items DynamoDB evaluated in each Query since the last `reads()`. */
const scanned: number[] = [];

function readCounter(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === 'QueryCommand') scanned.push((result.output as { ScannedCount?: number }).ScannedCount ?? 0);
    return result;
  };
}

/** How many items the Queries since the last call read, and starts counting anew. */
function reads(): number {
  return scanned.splice(0).reduce((sum, n) => sum + n, 0);
}

const search = (caller: Caller, query: Record<string, string>): Promise<Answer> =>
  callUnits({ method: 'GET', path: '/v1/units', claims: caller, query });

/** The names a search finds, following cursors. */
async function found(caller: Caller, query: Record<string, string>): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await search(caller, { ...query, ...(cursor ? { cursor } : {}) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    names.push(...answer.body.items.map((unit: Unit) => unit.name));
    cursor = answer.body.cursor;
  } while (cursor);
  return names.sort();
}

/** Renames a unit through the API. */
async function rename(unit: Unit, name: string): Promise<Unit> {
  const answer = await callUnits({
    method: 'PATCH',
    path: `/v1/units/${unit.id}`,
    claims: wuhan,
    headers: ifMatch(unit.version),
    body: { name },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Unit;
}

/** Whether the search index item of a unit under one bigram is stored. */
async function indexed(unit: Pick<Unit, 'id' | 'regionCode'>, gram: string): Promise<boolean> {
  const { Item } = await mainStore().doc.send(
    new GetCommand({
      TableName: mainStore().table,
      Key: { pk: `UNITGRAM#${unit.regionCode.slice(0, 2)}#${gram}`, sk: `${unit.regionCode}#${unit.id}` },
    }),
  );
  return Item !== undefined;
}

beforeAll(async () => {
  await useOwnMainTable('unit-search');
  getClients().dynamo.middlewareStack.add(readCounter(), { step: 'initialize', name: 'unitSearchReadCounter' });
  await newUnit(wuhan, '武汉市江岸区百步亭社区', '420102');
  await newUnit(wuhan, '武汉市江岸区百步亭花园社区', '420102');
  await newUnit(wuhan, '武汉市江岸区百步桥村', '420102');
  await newUnit(wuhan, '武汉市江汉区百步亭路小学', '420103');
  await newUnit(hunan, '长沙市芙蓉区百步亭社区', '430102');
}, 120_000);

describe('GET /v1/units?q=: search by part of the name', () => {
  it('finds the units whose name holds the text anywhere, and none that hold only part of it', async () => {
    expect(await found(wuhan, { q: '百步亭' })).toEqual([
      '武汉市江岸区百步亭社区',
      '武汉市江岸区百步亭花园社区',
      '武汉市江汉区百步亭路小学',
    ]);
    expect(await found(wuhan, { q: '步亭社' })).toEqual(['武汉市江岸区百步亭社区']);
    expect(await found(wuhan, { q: '江岸区百步' })).toEqual([
      '武汉市江岸区百步亭社区',
      '武汉市江岸区百步亭花园社区',
      '武汉市江岸区百步桥村',
    ]);
    expect(await found(wuhan, { q: '百步亭村' })).toEqual([]);
  });

  it('matches full-width and half-width forms, and Latin letters in either case, both ways', async () => {
    await newUnit(wuhan, 'ＡＢＣ科技有限公司（武汉）', '420104');
    await newUnit(wuhan, 'abc幼儿园(硚口)', '420104');
    expect(await found(wuhan, { q: 'abc' })).toEqual(['abc幼儿园(硚口)', 'ＡＢＣ科技有限公司（武汉）']);
    expect(await found(wuhan, { q: 'ＡＢＣ' })).toEqual(['abc幼儿园(硚口)', 'ＡＢＣ科技有限公司（武汉）']);
    expect(await found(wuhan, { q: 'Abc科技' })).toEqual(['ＡＢＣ科技有限公司（武汉）']);
    expect(await found(wuhan, { q: '(武汉)' })).toEqual(['ＡＢＣ科技有限公司（武汉）']);
    expect(await found(wuhan, { q: '（硚口）' })).toEqual(['abc幼儿园(硚口)']);
  });

  it('follows a rename: the old name no longer finds the unit, the new one does, and the stale index items are gone', async () => {
    const unit = await newUnit(wuhan, '武汉市硚口区古田社区', '420104');
    const renamed = await rename(unit, '武汉市硚口区汉西社区');
    expect(await found(wuhan, { q: '古田' })).toEqual([]);
    expect(await found(wuhan, { q: '汉西社区' })).toEqual(['武汉市硚口区汉西社区']);
    const before = nameGrams(searchKey(unit.name));
    const after = nameGrams(searchKey(renamed.name));
    for (const gram of before.filter((g) => !after.includes(g))) expect(await indexed(unit, gram), gram).toBe(false);
    for (const gram of after) expect(await indexed(unit, gram), gram).toBe(true);
  });

  it('follows a move to another county, and a change of type the type filter sees', async () => {
    const unit = await newUnit(wuhan, '武汉市迁居社区', '420104');
    const moved = await callUnits({
      method: 'PATCH',
      path: `/v1/units/${unit.id}`,
      claims: wuhan,
      headers: ifMatch(unit.version),
      body: { regionCode: '420105', type: 'village' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await found(wuhan, { q: '迁居', region: '420104' })).toEqual([]);
    expect(await found(wuhan, { q: '迁居', region: '420105' })).toEqual(['武汉市迁居社区']);
    expect(await found(wuhan, { q: '迁居', type: 'community' })).toEqual([]);
    expect(await found(wuhan, { q: '迁居', type: 'village' })).toEqual(['武汉市迁居社区']);
    expect(await indexed(unit, '迁居')).toBe(false);
  });

  it("searches only the caller's region: a county sees its own units, a city none of another province's", async () => {
    expect(await found(jiangan, { q: '百步亭' })).toEqual(['武汉市江岸区百步亭社区', '武汉市江岸区百步亭花园社区']);
    expect(await found(hubei, { q: '百步亭', region: '420103' })).toEqual(['武汉市江汉区百步亭路小学']);
    expect(await found(hunan, { q: '百步亭' })).toEqual(['长沙市芙蓉区百步亭社区']);
    expect(await found(admin, { q: '百步亭', region: '43' })).toEqual(['长沙市芙蓉区百步亭社区']);
    expectProblem(await search(jiangan, { q: '百步亭', region: '420103' }), 403, 'forbidden');
    expectProblem(await search(wuhan, { q: '百步亭', region: '43' }), 403, 'forbidden');
  });

  it('reads the index items of its region under one bigram of the text, and no item of another county or province', async () => {
    reads();
    // 江岸区 holds three units under 百步 (the bigram q's grams share fewest common characters): the two it returns and 百步桥村.
    expect(await found(jiangan, { q: '百步亭' })).toHaveLength(2);
    expect(reads()).toBe(3);
    expect(await found(jiangan, { q: '步亭社' })).toHaveLength(1);
    expect(reads()).toBe(2);
  });

  it('pages through the results with the cursor, each unit once, in region and id order', async () => {
    const ids = [];
    for (let i = 1; i <= 5; i++) ids.push((await newUnit(wuhan, `硚口区宝丰街第${i}网格`, '420104')).id);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const answer = await search(wuhan, { q: '宝丰', limit: '2', ...(cursor ? { cursor } : {}) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      pages.push(answer.body.items.map((unit: Unit) => unit.id));
      cursor = answer.body.cursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...ids].sort());
  });

  it('refuses a cursor of another search with 400', async () => {
    const first = await search(wuhan, { q: '宝丰', limit: '1' });
    expect(first.body.cursor).toEqual(expect.any(String));
    const answer = await search(wuhan, { q: '百步亭', cursor: first.body.cursor });
    expectProblem(answer, 400, 'malformed-request');
    expect(answer.body.errors).toEqual([expect.objectContaining({ pointer: 'cursor' })]);
  });

  it('refuses a text of 1 character or of 51 characters with 422 naming q, and takes one of 50', async () => {
    for (const q of ['百', '百'.repeat(51), ' 亭 ']) {
      const answer = await search(wuhan, { q });
      expectProblem(answer, 422);
      expect(new Set(answer.body.errors.map((e: { pointer: string }) => e.pointer)), q).toEqual(new Set(['q']));
    }
    expect(await found(wuhan, { q: '百'.repeat(50) })).toEqual([]);
  });

  it('finds a unit stored before search once the table is reindexed', async () => {
    const unit = await newUnit(wuhan, '武汉市江岸区后湖街道旧社区', '420102');
    const store = mainStore();
    // Stored as older code did: no search key on the unit, no index items.
    for (const item of unitGramItems(unit))
      await store.doc.send(new DeleteCommand({ TableName: store.table, Key: { pk: item.pk, sk: item.sk } }));
    await store.doc.send(
      new UpdateCommand({ TableName: store.table, Key: { pk: `UNIT#${unit.id}`, sk: 'UNIT' }, UpdateExpression: 'REMOVE nameKey' }),
    );
    expect(await found(wuhan, { q: '后湖街道' })).toEqual([]);
    let cursor: string | undefined;
    let rewritten = 0;
    do {
      const result = await reindex(store, { cursor, budgetMs: 20_000 });
      rewritten += result.rewritten;
      cursor = result.cursor;
    } while (cursor);
    expect(rewritten).toBe(1);
    expect(await found(wuhan, { q: '后湖街道' })).toEqual(['武汉市江岸区后湖街道旧社区']);
    expect((await reindex(store, { budgetMs: 20_000 })).rewritten).toBe(0);
  });
});
