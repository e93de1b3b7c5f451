import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Authority, AuthorityPut } from '../domain/authorities.ts';
import { NotFoundError, PreconditionFailedError } from '../domain/errors.ts';
import { auditItem, type Actor } from './audit.ts';
import { batchGet, isConditionFailure, type Store } from './store.ts';

/*
 * Access patterns:
 * - an authority by agency id: GetItem pk=AUTHORITY#<agencyId>, sk=AUTHORITY
 * - the authorities a sweep writes to: one BatchGetItem of the agency ids on a page of due items
 */

const keyOf = (agencyId: string) => ({ pk: `AUTHORITY#${agencyId}`, sk: 'AUTHORITY' });

function fromItem(item: Record<string, unknown>): Authority {
  const { agencyId, name, regionCode, contacts, version, updatedAt } = item as unknown as Authority;
  return { agencyId, name, regionCode, contacts, version, updatedAt };
}

/** The authority with this agency id, if the directory has it. */
export async function getAuthority(store: Store, agencyId: string): Promise<Authority | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(agencyId) }));
  return Item ? fromItem(Item) : undefined;
}

/** Registers or replaces an authority; with `expected` (If-Match) only at that version (412 otherwise). */
export async function putAuthority(store: Store, agencyId: string, fields: AuthorityPut, actor: Actor, now: string, expected?: number): Promise<Authority> {
  const before = await getAuthority(store, agencyId);
  if (expected !== undefined && before?.version !== expected) throw new PreconditionFailedError(before?.version);
  const after: Authority = { agencyId, ...fields, version: (before?.version ?? 0) + 1, updatedAt: now };
  try {
    await store.doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: store.table, Item: { ...keyOf(agencyId), kind: 'authority', ...after },
            ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(pk)', ...(before ? { ExpressionAttributeValues: { ':v': before.version } } : {}),
          },
        },
        { Put: { TableName: store.table, Item: auditItem(keyOf(agencyId).pk, { actor, at: now, action: 'putAuthority', before, after }) } },
      ],
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw new PreconditionFailedError();
    throw error;
  }
  return after;
}

/** Many authorities at once (unknown ids are left out). */
export async function getAuthorities(store: Store, agencyIds: readonly string[]): Promise<Map<string, Authority>> {
  return new Map((await batchGet(store, agencyIds.map(keyOf))).map((item) => [String(item.agencyId), fromItem(item)]));
}

/** An authority that must exist. */
export async function requireAuthority(store: Store, agencyId: string): Promise<Authority> {
  const authority = await getAuthority(store, agencyId);
  if (!authority) throw new NotFoundError(`No authority ${agencyId} in the directory.`);
  return authority;
}
