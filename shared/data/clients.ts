import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MachineClient } from '../domain/clients.ts';
import { auditItem, type Actor } from './audit.ts';
import { createWithAudit, queryAll, type Store } from './store.ts';

/*
 * Access patterns:
 * - a machine client by its client id (the token trigger, on every client-credentials grant): GetItem pk=CLIENTS, sk=CLIENT#<clientId>
 * - every machine client (the authorizer's audience, rewritten on each registration; `npm run token -- --client`): Query pk=CLIENTS, sk begins_with CLIENT#
 */

const partition = 'CLIENTS';
const keyOf = (clientId: string) => ({ pk: partition, sk: `CLIENT#${clientId}` });

function fromItem(item: Record<string, unknown>): MachineClient {
  const { clientId, agencyId, description, scopes, createdAt } = item as unknown as MachineClient;
  return { clientId, agencyId, description, scopes, createdAt };
}

/** Records which agency a new machine client acts for, with its audit entry. */
export async function createClient(store: Store, client: MachineClient, actor: Actor): Promise<MachineClient> {
  await createWithAudit(store, {
    item: { ...keyOf(client.clientId), kind: 'client', ...client },
    audit: auditItem(partition, { actor, at: client.createdAt, action: 'createClient', after: client }),
  });
  return client;
}

/** The machine client with this id, if one was registered. */
export async function getClient(store: Store, clientId: string): Promise<MachineClient | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(clientId) }));
  return Item ? fromItem(Item) : undefined;
}

/** Every registered machine client, in client id order (the authorizer's audience; the local token tool). */
export async function listClients(store: Store): Promise<MachineClient[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :client)',
    ExpressionAttributeValues: { ':pk': partition, ':client': 'CLIENT#' },
  });
  return items.map(fromItem);
}
