import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** Every item of a table by `pk|sk`, each as its JSON: what a refused request must leave as it was. */
export type TableSnapshot = Map<string, string>;

/** What changed between two snapshots, by `pk|sk`. */
export interface SnapshotDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

let reader: DynamoDBDocumentClient | undefined;

/** The item key a snapshot uses. */
export const itemKey = (item: { pk?: unknown; sk?: unknown }) => `${String(item.pk)}|${String(item.sk)}`;

/** Reads the whole table with a Scan (fine in a test, never on a request path), through a client of its own. */
export async function snapshotTable(table: string): Promise<TableSnapshot> {
  reader ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('endpoints').dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const snapshot: TableSnapshot = new Map();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await reader.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? [])
      snapshot.set(
        itemKey(item),
        JSON.stringify(item, (_, v: unknown) => (v instanceof Set ? [...v].sort() : v)),
      );
    start = page.LastEvaluatedKey;
  } while (start);
  return snapshot;
}

/** The items added, removed and changed from `before` to `after`. */
export function diffSnapshots(before: TableSnapshot, after: TableSnapshot): SnapshotDiff {
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  return { added, removed, changed };
}

/** Every key a diff touches. */
export const touched = (diff: SnapshotDiff): string[] => [...diff.added, ...diff.removed, ...diff.changed];
