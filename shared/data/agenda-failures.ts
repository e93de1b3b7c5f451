import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgendaKind } from '../domain/agenda.ts';
import { decodeCursor, queryPage, type Page } from './pagination.ts';
import { isConditionFailure, type Store } from './store.ts';

/*
 * Access patterns:
 * - an agenda item's failure record: UpdateItem pk=AGENDAFAILURE, sk=<kind>#<item pk>#<item sk>
 * - every failure record (the sweep's daily tidy-up): Query pk=AGENDAFAILURE — one partition, as many items as fail
 * - failures of `listedAfterDays` days or more (admins): Query index byOwner, ownerPk=agenda-failures,
 *   ownerSk=<firstFailedOn>#<kind>#<item key>, oldest first; sparse, the keys are set on the day the record qualifies
 */

/** Distinct days a step must have failed on before admins see it listed and the alarm counts it. */
export const listedAfterDays = 3;

/** The CloudWatch metric the sweep writes (Embedded Metric Format) and the stack alarms on: items listed as failing. */
export const agendaFailingMetric = { namespace: 'Shifan', name: 'AgendaItemsFailing', dimension: 'FunctionName' } as const;

/** Why a step failed: a stable type (a problem's type, or the error's name) and its message, never a stack. */
export interface StepError {
  type: string;
  message: string;
}

/** A due agenda item whose step failed: where it is, what it is about, on how many distinct days, and the last error. */
export interface AgendaFailure {
  kind: AgendaKind;
  /** The agenda item's table key, `<pk>#<sk>`. */
  itemKey: string;
  /** The campaign, naming, recheck, appointment, task … the item is (its key where it has no id). */
  subjectId: string;
  firstFailedOn: string;
  lastFailedOn: string;
  failedDays: number;
  lastError: StepError;
  updatedAt: string;
}

const partition = 'AGENDAFAILURE';
const listed = 'agenda-failures';
const keyOf = (kind: AgendaKind, itemKey: string) => ({ pk: partition, sk: `${kind}#${itemKey}` });

/** The key a failure record is stored under, within its partition (what `settleFailures` is given). */
export function failureKey(kind: AgendaKind, itemKey: string): string {
  return keyOf(kind, itemKey).sk;
}

function fromItem(item: Record<string, unknown>): AgendaFailure {
  return {
    kind: item.step as AgendaKind,
    itemKey: String(item.itemKey),
    subjectId: String(item.subjectId),
    firstFailedOn: String(item.firstFailedOn),
    lastFailedOn: String(item.lastFailedOn),
    failedDays: Number(item.failedDays),
    lastError: item.lastError as StepError,
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Records that an item's step failed on `today`: a day counts once however many sweeps run on it (and a sweep run for
 * an earlier date counts none), the error is the latest. On the day the record reaches `listedAfterDays`, it is listed.
 */
export async function recordFailure(
  store: Store,
  failed: { kind: AgendaKind; itemKey: string; subjectId: string; error: StepError },
  today: string,
  now: string,
): Promise<AgendaFailure> {
  const Key = keyOf(failed.kind, failed.itemKey);
  const values = {
    ':kind': 'agenda-failure',
    ':step': failed.kind,
    ':item': failed.itemKey,
    ':subject': failed.subjectId,
    ':error': failed.error,
    ':now': now,
  };
  const described = 'SET kind = :kind, step = :step, itemKey = :item, subjectId = :subject, lastError = :error, updatedAt = :now';
  const update = async (expression: string, condition: string, more: Record<string, unknown> = {}) =>
    (
      await store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key,
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: { ...values, ...more },
          ReturnValues: 'ALL_NEW',
        }),
      )
    ).Attributes!;
  let item: Record<string, unknown>;
  try {
    item = await update(
      `${described}, firstFailedOn = if_not_exists(firstFailedOn, :today), lastFailedOn = :today ADD failedDays :one`,
      'attribute_not_exists(pk) OR lastFailedOn < :today',
      { ':today': today, ':one': 1 },
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // This day is counted already: only the latest error changes.
    item = await update(described, 'attribute_exists(pk)');
  }
  const record = fromItem(item);
  if (record.failedDays >= listedAfterDays && !item.ownerPk) {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key,
        UpdateExpression: 'SET ownerPk = :listed, ownerSk = :order',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':listed': listed, ':order': `${record.firstFailedOn}#${record.kind}#${record.itemKey}` },
      }),
    );
  }
  return record;
}

/**
 * After a sweep: deletes the records of items that did not fail in it (`failing`, keys as `<kind>#<item key>`) — their
 * step succeeded, or waits for a reason that is no failure, or they are no longer due (moved by hand). A record last
 * failed after `today` (a sweep run for an earlier date) is left alone, and so is one of a kind the sweep did not
 * handle (`swept`; the weekly digest runs on its own schedule). Returns the records still failing.
 */
export async function settleFailures(
  store: Store,
  failing: ReadonlySet<string>,
  today: string,
  swept?: ReadonlySet<AgendaKind>,
): Promise<AgendaFailure[]> {
  const kept: AgendaFailure[] = [];
  let next: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ExclusiveStartKey: next,
      }),
    );
    for (const item of page.Items ?? []) {
      const record = fromItem(item);
      if (failing.has(String(item.sk)) || record.lastFailedOn > today || (swept && !swept.has(record.kind))) {
        kept.push(record);
        continue;
      }
      try {
        // Unless a sweep running at the same time has just failed it again.
        await store.doc.send(
          new DeleteCommand({
            TableName: store.table,
            Key: { pk: partition, sk: String(item.sk) },
            ConditionExpression: 'updatedAt = :seen',
            ExpressionAttributeValues: { ':seen': record.updatedAt },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    next = page.LastEvaluatedKey;
  } while (next);
  return kept;
}

/** Items whose step has failed on `listedAfterDays` days or more and still fails, the longest failing first. */
export function listAgendaFailures(store: Store, limit: number, cursor?: string): Promise<Page<AgendaFailure>> {
  const startKey = decodeCursor(cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (key) => key.ownerPk === listed && key.pk === partition);
  return queryPage(
    store,
    {
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :listed',
      ExpressionAttributeValues: { ':listed': listed },
    },
    limit,
    startKey,
    fromItem,
  );
}
