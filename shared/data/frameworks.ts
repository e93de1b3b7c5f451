import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Framework, FrameworkCreate } from '../domain/frameworks.ts';
import { ConflictError, text } from '../domain/errors.ts';
import { auditItem, type Actor } from './audit.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import { createWithAudit, type Store } from './store.ts';

/*
 * Access patterns:
 * - a framework by id: GetItem pk=FRAMEWORK#<id>, sk=FRAMEWORK
 * - one name + version at most once: a guard item pk=FRAMEWORKVERSION#<name>#<version> written in the same transaction
 * - all frameworks, newest first: Query index byOwner, ownerPk=frameworks, ownerSk=<createdAt>#<id>, descending
 */

const keyOf = (id: string) => ({ pk: `FRAMEWORK#${id}`, sk: 'FRAMEWORK' });
const fields = ['id', 'name', 'version', 'areas', 'vetoes', 'bonuses', 'bonusCap', 'variants', 'inUse', 'createdAt', 'createdBy'] as const;

function fromItem(item: Record<string, unknown>): Framework {
  return Object.fromEntries(fields.map((f) => [f, item[f]])) as Framework;
}

/** Stores a new framework; the same name and version twice → 409. Frameworks never change: a change is a new version. */
export async function createFramework(
  store: Store,
  body: FrameworkCreate,
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<Framework> {
  const framework: Framework = { id, ...body, inUse: false, createdAt: now, createdBy: actor.agencyId };
  await createWithAudit(store, {
    item: { ...keyOf(id), kind: 'framework', ...framework, ownerPk: 'frameworks', ownerSk: `${now}#${id}` },
    audit: auditItem(keyOf(id).pk, { actor, at: now, action: 'createFramework', after: { name: body.name, version: body.version } }),
    extra: [
      {
        Put: {
          TableName: store.table,
          Item: { pk: `FRAMEWORKVERSION#${body.name}#${body.version}`, sk: 'GUARD', frameworkId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    explain: async () => {
      throw new ConflictError(
        text(
          `名为 ${body.name} 的测评体系已有 ${body.version} 版；修改请使用新的版本号。`,
          `A framework named ${body.name} at version ${body.version} exists already; give the change a new version.`,
        ),
        'duplicate-version',
      );
    },
  });
  return framework;
}

/** The framework with this id, if any. */
export async function getFramework(store: Store, id: string): Promise<Framework | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id) }));
  return Item ? fromItem(Item) : undefined;
}

/** Frameworks, newest first. */
export function listFrameworks(store: Store, limit: number, cursor?: string): Promise<Page<Framework>> {
  const startKey = decodeCursor(cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (k) => k.ownerPk === 'frameworks');
  return queryPage(
    store,
    {
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': 'frameworks' },
      ScanIndexForward: false,
    },
    limit,
    startKey,
    fromItem,
  );
}
