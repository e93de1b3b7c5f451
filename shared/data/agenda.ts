import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgendaKind } from '../domain/agenda.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import { isConditionFailure, type Store } from './store.ts';

/*
 * Access pattern: what is due by a date, per kind — Query index `agenda`, agendaKind = <kind>, agendaDue <= today.
 * Sparse: only items with a next deadline carry these attributes, so the read grows with what is due.
 */

/** Items of one kind due on or before `today`, one page at a time. */
export function listDue(
  store: Store,
  kind: AgendaKind,
  today: string,
  limit: number,
  cursor?: string,
): Promise<Page<Record<string, unknown>>> {
  const startKey = decodeCursor(cursor, ['pk', 'sk', 'agendaKind', 'agendaDue'], (key) => key.agendaKind === kind);
  return queryPage(
    store,
    {
      IndexName: 'agenda',
      KeyConditionExpression: 'agendaKind = :kind AND agendaDue <= :today',
      ExpressionAttributeValues: { ':kind': kind, ':today': today },
    },
    limit,
    startKey,
    (item) => item,
  );
}

/**
 * Takes an item off the agenda once what it waited for is done (a notice queued by the step itself or by a sweep), if
 * it is still on the agenda as this kind. Returns whether this call did: of two racing callers, one.
 */
export async function leaveAgenda(store: Store, key: { pk: string; sk: string }, kind: AgendaKind): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression: 'REMOVE agendaKind, agendaDue, agendaMilestone',
        ConditionExpression: 'agendaKind = :kind',
        ExpressionAttributeValues: { ':kind': kind },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
