import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Reviewer } from '../domain/submissions.ts';
import { NotFoundError, PreconditionFailedError, text } from '../domain/errors.ts';
import type { IfMatch } from '../domain/preconditions.ts';
import { batchGet, isConditionFailure, type Store, type TransactItem } from './store.ts';

/*
 * Access pattern: a reviewer (an expert of the pool, 专家库) by id — the `sub` of their token:
 * GetItem pk=REVIEWER#<id>, sk=REVIEWER. Declared conflicts are a list on the item.
 */

const keyOf = (id: string) => ({ pk: `REVIEWER#${id}`, sk: 'REVIEWER' });

/** The condition an If-Match sets on the stored reviewer: `*` any stored version, else one of the versions named. */
function ifMatchCondition(ifMatch: IfMatch | undefined) {
  if (ifMatch === undefined) return {};
  if (ifMatch.kind === 'any') return { ConditionExpression: 'attribute_exists(pk)' };
  // A list that names no version this API gave out matches nothing.
  if (ifMatch.versions.length === 0) throw new PreconditionFailedError();
  const names = ifMatch.versions.map((_, i) => `:v${i}`);
  return {
    ConditionExpression: `version IN (${names.join(', ')})`,
    values: Object.fromEntries(ifMatch.versions.map((v, i) => [names[i]!, v])),
  };
}

/** Registers or updates a reviewer; declared conflicts are kept. With `ifMatch` only at a version it matches (412 otherwise). */
export async function putReviewer(
  store: Store,
  id: string,
  fields: Omit<Reviewer, 'id' | 'conflicts' | 'version' | 'updatedAt'>,
  now: string,
  ifMatch?: IfMatch,
): Promise<Reviewer> {
  const { values, ...condition } = ifMatchCondition(ifMatch);
  const { Attributes } = await store.doc
    .send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(id),
        ...condition,
        UpdateExpression:
          'SET #kind = :kind, id = :id, #name = :name, agencyId = :agency, regionCode = :region, updatedAt = :now' +
          `${fields.email ? ', email = :email' : ' REMOVE email'} ADD version :one`,
        ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
        ExpressionAttributeValues: {
          ':kind': 'reviewer',
          ':id': id,
          ':name': fields.name,
          ':agency': fields.agencyId,
          ':region': fields.regionCode,
          ':now': now,
          ':one': 1,
          ...(fields.email ? { ':email': fields.email } : {}),
          ...values,
        },
        ReturnValues: 'ALL_NEW',
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
      throw new PreconditionFailedError();
    });
  return fromItem(Attributes!);
}

function fromItem(item: Record<string, unknown>): Reviewer {
  const { id, name, agencyId, regionCode, email, conflicts, version, updatedAt } = item as unknown as Reviewer;
  // Declared conflicts are a string set: declaring one twice changes nothing.
  return {
    id,
    name,
    agencyId,
    regionCode,
    ...(email ? { email } : {}),
    conflicts: [...((conflicts as unknown as Set<string> | undefined) ?? [])].sort(),
    version,
    updatedAt,
  };
}

/** The reviewer with this id, if any. */
export async function getReviewer(store: Store, id: string): Promise<Reviewer | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

/** The update that records a reviewer's declared conflict with a unit, for a transaction (or on its own). */
export function conflictUpdate(id: string, unitId: string, now: string): TransactItem {
  return {
    Update: {
      TableName: '',
      Key: keyOf(id),
      UpdateExpression: 'SET updatedAt = :now ADD conflicts :unit, version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':unit': new Set([unitId]), ':now': now, ':one': 1 },
    },
  };
}

/** Records that a reviewer declared a conflict with a unit; an unknown reviewer → 404. */
export async function declareConflict(store: Store, id: string, unitId: string, now: string): Promise<void> {
  try {
    await store.doc.send(new UpdateCommand({ ...conflictUpdate(id, unitId, now).Update!, TableName: store.table }));
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(text(`评审专家库中没有 ${id}。`, `No reviewer ${id} in the pool.`));
    throw error;
  }
}

/** The names of these reviewers, by id (one BatchGetItem per 100; ids not in the pool are left out). */
export async function reviewerNames(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await batchGet(store, ids.map(keyOf))).map((item) => [String(item.id), String(item.name)]));
}
