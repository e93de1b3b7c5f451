import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../shared/domain/errors.ts';
import { versionedWrite } from '../../shared/data/store.ts';
import { mainStore } from '../../shared/clients.ts';

/* The one versioned write of the repositories (DESIGN.md Data: optimistic concurrency with an audit entry). */

const store = () => mainStore();
const keyOf = (id: string) => ({ pk: `VW#${id}`, sk: 'VW' });
const read = async (id: string) =>
  (await store().doc.send(new GetCommand({ TableName: store().table, Key: keyOf(id), ConsistentRead: true }))).Item;
const write = (id: string, expectedVersion: number, extra: Parameters<typeof versionedWrite>[1]['extra'] = []) =>
  versionedWrite(store(), {
    item: { ...keyOf(id), version: expectedVersion + 1, note: `v${expectedVersion + 1}` },
    expectedVersion,
    audit: { pk: keyOf(id).pk, sk: `AUDIT#${expectedVersion + 1}`, action: 'test' },
    extra,
    current: async () => {
      const item = await read(id);
      return item ? { version: Number(item.version) } : undefined;
    },
  });

describe('Function: versionedWrite', () => {
  it('writes the next version with its audit entry when the item is still at the version read', async () => {
    const id = randomUUID();
    await store().doc.send(new PutCommand({ TableName: store().table, Item: { ...keyOf(id), version: 1 } }));
    await write(id, 1);
    expect(await read(id)).toMatchObject({ version: 2, note: 'v2' });
    expect(
      (await store().doc.send(new GetCommand({ TableName: store().table, Key: { pk: keyOf(id).pk, sk: 'AUDIT#2' } }))).Item,
    ).toBeDefined();
  });

  it('refuses a stale version with 412 naming the stored one, a missing item with 404, and changes nothing', async () => {
    const id = randomUUID();
    await store().doc.send(new PutCommand({ TableName: store().table, Item: { ...keyOf(id), version: 3 } }));
    const stale = await write(id, 2).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect(await read(id)).toEqual({ ...keyOf(id), version: 3 });
    expect(await write(randomUUID(), 1).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  it('answers 409 busy when another item of the change moved meanwhile, and writes none of it', async () => {
    const id = randomUUID();
    await store().doc.send(new PutCommand({ TableName: store().table, Item: { ...keyOf(id), version: 1 } }));
    const guard = { pk: `VW#${id}`, sk: 'GUARD' };
    const busy = await write(id, 1, [{ ConditionCheck: { TableName: '', Key: guard, ConditionExpression: 'attribute_exists(pk)' } }]).catch(
      (e: unknown) => e,
    );
    expect(busy).toBeInstanceOf(ConflictError);
    expect((busy as ConflictError).type).toBe('busy');
    expect(await read(id)).toEqual({ ...keyOf(id), version: 1 });
  });
});
