import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The median of some measurements. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Stores many items fast: BatchWriteItem of 25, eight at a time, asking again for what was left unprocessed. */
export async function bulkPut(doc: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        let requests = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
        while (requests[table]?.length) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: requests }));
          requests = (result.UnprocessedItems ?? {}) as typeof requests;
        }
      }
    }),
  );
}
