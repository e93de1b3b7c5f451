import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { unknownOptOuts, type Authority, type AuthorityPut } from '../domain/authorities.ts';
import { ConflictError, NotFoundError, text, ValidationError } from '../domain/errors.ts';
import { checkIfMatch, type IfMatch } from '../domain/preconditions.ts';
import { civilDateAt } from '../domain/time.ts';
import { firstDigestOn } from '../domain/weekly-digest.ts';
import { auditItem, type Actor } from './audit.ts';
import { batchGet, versionedWrite, type Store, type TransactItem } from './store.ts';
import { digestOnAgenda } from './weekly-digest.ts';

/*
 * Access patterns:
 * - an authority by agency id: GetItem pk=AUTHORITY#<agencyId>, sk=AUTHORITY
 * - the authorities a sweep writes to: one BatchGetItem of the agency ids on a page of due items
 * - who holds a certificate prefix: pk=CERTPREFIX#<prefix>, sk=CERTPREFIX, claimed in the transaction that sets it,
 *   so that no two authorities share a series
 */

const keyOf = (agencyId: string) => ({ pk: `AUTHORITY#${agencyId}`, sk: 'AUTHORITY' });

function fromItem(item: Record<string, unknown>): Authority {
  const { agencyId, name, regionCode, contacts, certificatePrefix, version, updatedAt } = item as unknown as Authority;
  return { agencyId, name, regionCode, contacts, ...(certificatePrefix ? { certificatePrefix } : {}), version, updatedAt };
}

const prefixKey = (prefix: string) => ({ pk: `CERTPREFIX#${prefix}`, sk: 'CERTPREFIX' });

/** The authority with this agency id, if the directory has it (`consistent`: as last written). */
export async function getAuthority(store: Store, agencyId: string, consistent = false): Promise<Authority | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(agencyId), ConsistentRead: consistent }));
  return Item ? fromItem(Item) : undefined;
}

/**
 * Registers or replaces an authority; with `ifMatch` only at a version it matches (412 otherwise). A certificate
 * prefix another authority holds is refused (409): each series has one issuer. An opt-out of the weekly digest must
 * name a contact the entry has (422 otherwise); the agency's digest is put on the agenda with the entry.
 */
export async function putAuthority(
  store: Store,
  agencyId: string,
  fields: AuthorityPut,
  actor: Actor,
  now: string,
  ifMatch?: IfMatch,
): Promise<Authority> {
  const before = await getAuthority(store, agencyId, true);
  checkIfMatch(ifMatch, before?.version);
  const unknown = unknownOptOuts(before?.contacts, fields.contacts);
  if (unknown.length > 0) throw new ValidationError(unknown);
  const after: Authority = { agencyId, ...fields, version: (before?.version ?? 0) + 1, updatedAt: now };
  const claims: TransactItem[] = [];
  if (after.certificatePrefix !== before?.certificatePrefix) {
    if (after.certificatePrefix) {
      claims.push({
        Put: {
          TableName: store.table,
          Item: { ...prefixKey(after.certificatePrefix), agencyId },
          ConditionExpression: 'attribute_not_exists(pk) OR agencyId = :me',
          ExpressionAttributeValues: { ':me': agencyId },
        },
      });
    }
    if (before?.certificatePrefix) claims.push({ Delete: { TableName: store.table, Key: prefixKey(before.certificatePrefix) } });
  }
  await versionedWrite(store, {
    item: { ...keyOf(agencyId), kind: 'authority', ...after },
    expectedVersion: before?.version ?? 0,
    audit: auditItem(keyOf(agencyId).pk, { actor, at: now, action: 'putAuthority', before, after }),
    extra: [...claims, digestOnAgenda(agencyId, firstDigestOn(civilDateAt(new Date(now))))],
    current: async () => {
      const holder = after.certificatePrefix && (await prefixHolder(store, after.certificatePrefix));
      if (holder && holder !== agencyId)
        throw new ConflictError(
          text(
            `证书编号前缀 ${after.certificatePrefix} 已由其他民族工作部门使用。`,
            `The certificate prefix ${after.certificatePrefix} is another authority's series.`,
          ),
          'prefix-taken',
        );
      return getAuthority(store, agencyId, true);
    },
  });
  return after;
}

/** The agency whose series a certificate prefix is, if any. */
async function prefixHolder(store: Store, prefix: string): Promise<string | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: prefixKey(prefix), ConsistentRead: true }));
  return Item ? String(Item.agencyId) : undefined;
}

/** Many authorities at once (unknown ids are left out). */
export async function getAuthorities(store: Store, agencyIds: readonly string[]): Promise<Map<string, Authority>> {
  return new Map((await batchGet(store, agencyIds.map(keyOf))).map((item) => [String(item.agencyId), fromItem(item)]));
}

/** An authority that must exist. */
export async function requireAuthority(store: Store, agencyId: string): Promise<Authority> {
  const authority = await getAuthority(store, agencyId);
  if (!authority) throw new NotFoundError(text(`名录中没有民族工作部门 ${agencyId}。`, `No authority ${agencyId} in the directory.`));
  return authority;
}
