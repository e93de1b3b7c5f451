import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { mainTable } from '../../shared/data/tables.ts';

/**
 * Gives this test file a main table of its own, for tests that sweep arbitrary dates (a sweep moves every due item it
 * finds, other files' included) or read its stream (`stream: true`: the shared tables have none). Call it in beforeAll,
 * before any handler reads its configuration.
 */
export async function useOwnMainTable(prefix: string, options: { stream?: boolean } = {}): Promise<string> {
  const table = `${prefix}-${randomUUID().slice(0, 8)}`;
  const dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('endpoints').dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(dynamo, mainTable, table, { stream: options.stream === true });
  dynamo.destroy();
  process.env.TABLE_MAIN = table;
  return table;
}
