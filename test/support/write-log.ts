import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { itemKey } from './table-snapshot.ts';

type Keyed = { pk?: unknown; sk?: unknown };
type WriteInput = {
  TableName?: string;
  Item?: Keyed;
  Key?: Keyed;
  TransactItems?: {
    Put?: { TableName?: string; Item?: Keyed };
    Update?: { TableName?: string; Key?: Keyed };
    Delete?: { TableName?: string; Key?: Keyed };
  }[];
  RequestItems?: Record<string, { PutRequest?: { Item?: Keyed }; DeleteRequest?: { Key?: Keyed } }[]>;
};

const writeCommands = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

/** The `pk|sk` keys a successful write command wrote in `table`. */
function keysWritten(command: { constructor: { name: string }; input: unknown }, table: string): string[] {
  if (!writeCommands.has(command.constructor.name)) return [];
  const input = command.input as WriteInput;
  if (input.TransactItems) {
    return input.TransactItems.flatMap((t) => [
      t.Put && [t.Put.TableName, t.Put.Item],
      t.Update && [t.Update.TableName, t.Update.Key],
      t.Delete && [t.Delete.TableName, t.Delete.Key],
    ])
      .filter((entry): entry is [string, Keyed] => entry !== undefined && entry[0] === table && entry[1] !== undefined)
      .map(([, key]) => itemKey(key));
  }
  if (input.RequestItems) return (input.RequestItems[table] ?? []).map((r) => itemKey((r.PutRequest?.Item ?? r.DeleteRequest?.Key)!));
  return input.TableName === table ? [itemKey((input.Item ?? input.Key)!)] : [];
}

/** A log of what the handlers wrote in one table, read and emptied with `drain()`. */
export interface WriteLog {
  drain(): string[];
  restore(): void;
}

/**
 * Records the key of every item the handlers' document client wrote successfully in `table` (a transaction's
 * items, a batch's requests), so that a change in the table can be traced to the request that made it.
 */
export function recordWrites(doc: DynamoDBDocumentClient, table: string): WriteLog {
  const original = doc.send.bind(doc) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
  let written: string[] = [];
  (doc as { send: unknown }).send = async (command: { constructor: { name: string }; input: unknown }, ...rest: unknown[]) => {
    const output = await original(command, ...rest);
    written.push(...keysWritten(command, table));
    return output;
  };
  return {
    drain: () => {
      const keys = written;
      written = [];
      return keys;
    },
    restore: () => {
      (doc as { send: unknown }).send = original;
    },
  };
}
