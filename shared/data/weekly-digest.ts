import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { weeklyDigestSchedule } from '../domain/weekly-digest.ts';
import { isConditionFailure, type Store, type TransactItem } from './store.ts';

/*
 * Access patterns:
 * - an agency's digest: pk=AUTHORITY#<agencyId>, sk=DIGEST, beside its directory entry; on the agenda index
 *   (agendaKind=weekly-digest, agendaDue=<the Monday it is due>), so the Monday run reads the digests due and nothing else
 * - put on the agenda in the transaction that writes the directory entry (`putAuthority`), due the Monday on or after;
 *   a later write keeps the date it is due
 * - moved to the next Monday with a conditional update (`agendaDue` still the one read): one run per week sends it
 */

/** The agenda kind of the weekly digest. */
export const weeklyDigestKind = weeklyDigestSchedule;

const keyOf = (agencyId: string) => ({ pk: `AUTHORITY#${agencyId}`, sk: 'DIGEST' });

/** The write that puts an agency's digest on the agenda, due `firstDue` unless it is there already. */
export function digestOnAgenda(agencyId: string, firstDue: string): TransactItem {
  return {
    Update: {
      TableName: '',
      Key: keyOf(agencyId),
      UpdateExpression: 'SET kind = :kind, issuedBy = :agency, agendaKind = :kind, agendaDue = if_not_exists(agendaDue, :due)',
      ExpressionAttributeValues: { ':kind': weeklyDigestKind, ':agency': agencyId, ':due': firstDue },
    },
  };
}

/**
 * Moves an agency's digest from the Monday it was due (`stored`) to `next`, noting the week it was handled for; false
 * when another run moved it first (that run sent it).
 */
export async function advanceDigest(store: Store, agencyId: string, stored: string, next: string, week: string): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keyOf(agencyId),
        UpdateExpression: 'SET agendaDue = :next, lastWeek = :week',
        ConditionExpression: 'agendaDue = :stored',
        ExpressionAttributeValues: { ':next': next, ':week': week, ':stored': stored },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
