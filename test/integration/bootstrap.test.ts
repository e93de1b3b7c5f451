import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { startEmulators, type Emulators } from '../../infra/local/emulators.ts';
import { freePort } from '../../infra/local/ports.ts';
import { mainTable, type TableDef } from '../../shared/data/tables.ts';

/*
 * The local bootstrap against DynamoDB Local: a table kept in `.data/` from before an index was added gets it, with
 * the items it already holds. Each test works on tables of its own and deletes them. The file runs a DynamoDB Local of
 * its own: the shared one holds many tables with TTL, and DynamoDB Local then leaves an index added later CREATING
 * for ever (seen with 8 such tables), which real DynamoDB does not.
 */

let emulators: Emulators;
let dynamo: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const created: string[] = [];

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: await freePort(), sqs: await freePort(), ses: await freePort() });
  dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: emulators.endpoints.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  doc = DynamoDBDocumentClient.from(dynamo);
}, 60_000);

function tableName(): string {
  const name = `bootstrap-${randomUUID().slice(0, 8)}`;
  created.push(name);
  return name;
}

async function indexesOf(table: string): Promise<Record<string, string | undefined>> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table }));
  return Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.IndexStatus]));
}

/** The main table as it was before the `filter` and `byOwner` indexes. */
const olderMain: TableDef = { ...mainTable, indexes: { region: mainTable.indexes.region, agenda: mainTable.indexes.agenda } };

afterAll(async () => {
  for (const table of created) await dynamo.send(new DeleteTableCommand({ TableName: table }));
  dynamo.destroy();
  await emulators.stop();
}, 60_000);

describe('Function: ensureTable', () => {
  it('creates a missing table with every index of its definition', async () => {
    // Prepare
    const table = tableName();

    // Act
    await ensureTable(dynamo, mainTable, table);

    // Assess
    expect(await indexesOf(table)).toEqual({ region: 'ACTIVE', agenda: 'ACTIVE', byOwner: 'ACTIVE', filter: 'ACTIVE' });
  });

  it('adds the indexes an existing table lacks, one after the other, over the items it already holds', async () => {
    // Prepare: a table from before, with an item that already carries the new index's keys
    const table = tableName();
    await ensureTable(dynamo, olderMain, table);
    await doc.send(
      new PutCommand({ TableName: table, Item: { pk: 'UNIT#old', sk: 'UNIT', fPk: 'unit#42#type=school', fSk: '420102#old' } }),
    );

    // Act
    await ensureTable(dynamo, mainTable, table);

    // Assess
    expect(await indexesOf(table)).toEqual({ region: 'ACTIVE', agenda: 'ACTIVE', byOwner: 'ACTIVE', filter: 'ACTIVE' });
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'filter',
        KeyConditionExpression: 'fPk = :p',
        ExpressionAttributeValues: { ':p': 'unit#42#type=school' },
      }),
    );
    expect(Items.map((i) => i.pk)).toEqual(['UNIT#old']);
  }, 60_000); // DynamoDB Local builds an index in about a second alone, many under the load of a full run.

  it('leaves a table that has every index as it is', async () => {
    // Prepare
    const table = tableName();
    await ensureTable(dynamo, mainTable, table);
    const before = (await dynamo.send(new DescribeTableCommand({ TableName: table }))).Table;

    // Act
    await ensureTable(dynamo, mainTable, table);

    // Assess
    const after = (await dynamo.send(new DescribeTableCommand({ TableName: table }))).Table;
    expect(after?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      before?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort(),
    );
    expect(after?.AttributeDefinitions).toEqual(before?.AttributeDefinitions);
  });
});
