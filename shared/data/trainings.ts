import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Instructor, TrainingCreate } from '../domain/instructors.ts';
import { auditItem, type Actor } from './audit.ts';
import { instructorKey } from './instructors.ts';
import type { Store } from './store.ts';

/*
 * Access patterns:
 * - an instructor's trainings: Query pk=INSTR#<id>, begins_with(sk, TRAINING#) (sk TRAINING#<date>#<id>, oldest first);
 *   the years trained are a string set on the instructor's item, written in the same transaction
 */

/** Records a training and marks the year trained on the instructor. */
export async function addTraining(
  store: Store,
  instructor: Instructor,
  training: TrainingCreate,
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<TrainingCreate & { id: string }> {
  await store.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: store.table,
            Item: {
              pk: instructorKey(instructor.id).pk,
              sk: `TRAINING#${training.date}#${id}`,
              kind: 'training',
              id,
              ...training,
              createdAt: now,
            },
            // A retry of the same idempotent request (the same id) finds it stored instead of counting it twice.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: store.table,
            Key: instructorKey(instructor.id),
            UpdateExpression: 'ADD trainedYears :year, version :one SET updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':year': new Set([training.date.slice(0, 4)]), ':now': now, ':one': 1 },
          },
        },
        {
          Put: {
            TableName: store.table,
            Item: auditItem(instructorKey(instructor.id).pk, {
              actor,
              at: now,
              action: 'addTraining',
              after: { id, date: training.date, hours: training.hours },
            }),
          },
        },
      ],
    }),
  );
  return { id, ...training };
}

/** An instructor's trainings, oldest first. */
export async function listTrainings(store: Store, instructorId: string): Promise<(TrainingCreate & { id: string })[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':pk': instructorKey(instructorId).pk, ':t': 'TRAINING#' },
    }),
  );
  return Items.map(({ id, date, title, hours, organiser }) => ({ id, date, title, hours, organiser }) as TrainingCreate & { id: string });
}
