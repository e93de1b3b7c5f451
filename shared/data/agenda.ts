import type { AgendaKind } from '../domain/agenda.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import type { Store } from './store.ts';

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
