import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { eventSourcePrefixes } from '../../shared/domain/webhooks.ts';
import { functions, type FunctionName } from '../../shared/topology.ts';
import { invoke } from './invoke.ts';

/*
 * The main table's stream on the local host, read as Lambda's DynamoDB event source reads it: shard by shard (a child
 * after its parent is read to its end), records in order, only the changes the event source's filter passes, handed to
 * the consumer in batches; a batch the consumer fails is handed again (Lambda retries it too) before the next.
 */

/** Reads a table's stream from where it was left: every record written since, once. */
export class StreamReader {
  private readonly iterators = new Map<string, string | undefined>();
  private readonly finished = new Set<string>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  /** A reader of the stream of a table (which must have one), from the oldest record it keeps. */
  static async of(dynamo: DynamoDBClient, tableName: string): Promise<StreamReader> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
    const streams = new DynamoDBStreamsClient({
      region: await dynamo.config.region(),
      endpoint: await dynamo.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path}`),
      credentials: await dynamo.config.credentials(),
    });
    return new StreamReader(streams, Table.LatestStreamArn);
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** The records written since the last read (at most `limit`), those of the filter's items only. */
  async read(limit = 1000): Promise<StreamRecord[]> {
    const records: StreamRecord[] = [];
    const shards = await this.shards();
    const known = new Set(shards.map((s) => s.ShardId!));
    for (const shard of shards) {
      const id = shard.ShardId!;
      if (this.finished.has(id)) continue;
      // A child waits for its parent to be read to its end (a parent the stream no longer keeps is read already).
      if (shard.ParentShardId && known.has(shard.ParentShardId) && !this.finished.has(shard.ParentShardId)) continue;
      let iterator = this.iterators.get(id);
      if (iterator === undefined) {
        ({ ShardIterator: iterator } = await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
        ));
      }
      while (iterator && records.length < limit) {
        const page = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(1000, limit - records.length) }),
        );
        records.push(...(page.Records ?? []).filter(passesFilter));
        iterator = page.NextShardIterator;
        if ((page.Records ?? []).length === 0) break;
      }
      if (iterator) this.iterators.set(id, iterator);
      else {
        this.iterators.delete(id);
        this.finished.add(id);
      }
      if (records.length >= limit) break;
    }
    return records;
  }
}

/** Whether the event source's filter passes a record: a change of an item whose partition key has one of the prefixes. */
function passesFilter(record: StreamRecord): boolean {
  const pk = record.dynamodb?.Keys?.pk?.S ?? '';
  return eventSourcePrefixes.some((prefix) => pk.startsWith(prefix));
}

/** Stream records as Lambda hands them to a consumer. */
export function streamEvent(
  records: readonly StreamRecord[],
  streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/local/stream/local',
): DynamoDBStreamEvent {
  return {
    Records: records.map(
      (r) =>
        ({
          eventID: r.eventID,
          eventName: r.eventName,
          eventVersion: r.eventVersion,
          eventSource: 'aws:dynamodb',
          awsRegion: r.awsRegion ?? 'us-east-1',
          eventSourceARN: streamArn,
          dynamodb: {
            ...r.dynamodb,
            ApproximateCreationDateTime:
              r.dynamodb?.ApproximateCreationDateTime instanceof Date
                ? r.dynamodb.ApproximateCreationDateTime.getTime() / 1000
                : (r.dynamodb?.ApproximateCreationDateTime as number | undefined),
          },
        }) as DynamoDBRecord,
    ),
  };
}

/** A running stream poller. */
export interface StreamPoller {
  stop(): Promise<void>;
}

/**
 * Polls the main table's stream for every function of the topology that consumes it, handing it batches of its
 * `batchSize` in order; a failed batch is handed again after a second, as Lambda retries it.
 */
export async function startStreamPollers(
  dynamo: DynamoDBClient,
  tableName: string,
  onError: (error: unknown) => void = console.error,
  intervalMs = 250,
): Promise<StreamPoller> {
  const controller = new AbortController();
  const consumers = (Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]).filter(([, def]) => 'stream' in def);
  const running = await Promise.all(
    consumers.map(async ([fn, def]) => {
      const reader = await StreamReader.of(dynamo, tableName);
      const batchSize = (def as { stream: { batchSize: number } }).stream.batchSize;
      let pending: StreamRecord[] = [];
      // Wrapped: an async callback returning the loop's promise would make this await the loop's end.
      const loop = (async () => {
        while (!controller.signal.aborted) {
          try {
            if (pending.length === 0) pending = await reader.read();
            if (pending.length === 0) {
              await sleep(intervalMs, undefined, { signal: controller.signal }).catch(() => {});
              continue;
            }
            await invoke(fn, streamEvent(pending.slice(0, batchSize)));
            pending = pending.slice(batchSize);
          } catch (error) {
            if (controller.signal.aborted) return;
            onError(error);
            await sleep(1000, undefined, { signal: controller.signal }).catch(() => {});
          }
        }
      })();
      return { loop };
    }),
  );
  return {
    async stop() {
      controller.abort();
      await Promise.allSettled(running.map((r) => r.loop));
    },
  };
}
