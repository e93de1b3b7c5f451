import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Submission } from '../domain/submissions.ts';
import { type Evidence, evidenceOf } from '../evidence/files.ts';
import type { Store } from './store.ts';
import { childKey, childOf, childrenOf, saveSubmission, type StepBy, whileStatus } from './submissions.ts';

/*
 * A submission's evidence records (a plan task's live in plans.ts), in its partition: sk EVIDENCE#<id>. The files
 * themselves are in S3 (shared/evidence/files.ts). Adding and confirming are steps on the submission: written with
 * its next version and audit entry in one transaction (see submissions.ts).
 */

const sk = (id: string) => `EVIDENCE#${id}`;

/** One evidence record of a submission, if any. */
export async function getEvidence(store: Store, submissionId: string, id: string): Promise<Evidence | undefined> {
  const item = await childOf(store, submissionId, sk(id));
  return item ? evidenceOf(item) : undefined;
}

/** A submission's evidence records. */
export async function listEvidence(store: Store, submissionId: string, consistent = false): Promise<Evidence[]> {
  return (await childrenOf(store, submissionId, 'EVIDENCE#', consistent)).map(evidenceOf);
}

/** How many evidence records a submission has. */
export interface EvidenceCount {
  total: number;
  confirmed: number;
}

/**
 * How many evidence records a submission has, and how many of them are confirmed: one Query of its `EVIDENCE#` items
 * that answers counts, not items (`Select: COUNT`; the filter keeps the confirmed, so `ScannedCount` is every record
 * and `Count` the confirmed). It consumes the read units of the records it counts, as reading them would.
 */
export async function countEvidence(store: Store, submissionId: string): Promise<EvidenceCount> {
  const count: EvidenceCount = { total: 0, confirmed: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evidence)',
        FilterExpression: '#status = :confirmed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': childKey(submissionId, '').pk, ':evidence': 'EVIDENCE#', ':confirmed': 'confirmed' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count.total += page.ScannedCount ?? 0;
    count.confirmed += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Records a declared evidence file, pending its upload; an id used already → the transaction fails. */
export async function createEvidence(store: Store, submission: Submission, evidence: Evidence, by: StepBy): Promise<void> {
  await saveSubmission(
    store,
    submission,
    submission,
    { ...by, action: 'addEvidence', detail: { evidenceId: evidence.id, fileName: evidence.fileName } },
    [
      {
        Put: {
          TableName: '',
          Item: { ...childKey(submission.id, sk(evidence.id)), kind: 'evidence', ...evidence },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  );
}

/** Records that a pending evidence file's upload was checked. */
export async function confirmEvidence(store: Store, submission: Submission, confirmed: Evidence, by: StepBy): Promise<void> {
  await saveSubmission(store, submission, submission, { ...by, action: 'confirmEvidence', detail: { evidenceId: confirmed.id } }, [
    {
      Put: {
        TableName: '',
        Item: { ...childKey(submission.id, sk(confirmed.id)), kind: 'evidence', ...confirmed },
        ...whileStatus('pending'),
      },
    },
  ]);
}
