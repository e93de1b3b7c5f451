import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Instructor, InstructorCreate, InstructorStatus } from '../domain/instructors.ts';
import { auditItem, type Actor } from './audit.ts';
import { filterKeys, pageByRegion, type Page } from './pagination.ts';
import { createWithAudit, batchGet, type Store, versionedWrite } from './store.ts';

/*
 * Access patterns (appointments, trainings and filings: appointments.ts, trainings.ts, filings.ts):
 * - an instructor by id: GetItem pk=INSTR#<id>, sk=INSTR; several by BatchGetItem
 * - instructors in a region: Query index region, regionPk=instructor#<province>, begins_with(regionSk, <prefix>); of one
 *   status: Query index filter, fPk=instructor#<province>#status=<status>, begins_with(fSk, <prefix>) (every write that
 *   changes the status moves fPk with it)
 */

/** The key of an instructor's item (its trainings sit beside it). */
export const instructorKey = (id: string) => ({ pk: `INSTR#${id}`, sk: 'INSTR' });
const instructorFields = [
  'id',
  'name',
  'gender',
  'ethnicity',
  'phone',
  'email',
  'employer',
  'position',
  'regionCode',
  'source',
  'status',
  'trainedYears',
  'version',
  'createdAt',
  'updatedAt',
] as const;

/** An instructor from its stored item (`trainedYears` is a string set there). */
export function instructorFromItem(item: Record<string, unknown>): Instructor {
  const found = Object.fromEntries(instructorFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Instructor;
  return { ...found, trainedYears: [...((item.trainedYears as Set<string> | undefined) ?? [])].sort() };
}

/** An instructor's index keys: its region's, and the `filter` index's for its status (moved with every status change). */
export function instructorKeys(
  i: Pick<Instructor, 'id' | 'regionCode'>,
  status: InstructorStatus,
): Record<'regionPk' | 'regionSk' | 'fPk' | 'fSk', string> {
  const regionPk = `instructor#${i.regionCode.slice(0, 2)}`;
  const regionSk = `${i.regionCode}#${i.id}`;
  return { regionPk, regionSk, ...filterKeys(regionPk, regionSk, 'status', status) };
}

/** The stored item of an instructor, with its index keys (the reindex gives older items the keys it names). */
export function instructorItem(i: Instructor): Record<string, unknown> {
  const { trainedYears, ...rest } = i;
  return {
    ...instructorKey(i.id),
    kind: 'instructor',
    ...rest,
    ...(trainedYears.length > 0 ? { trainedYears: new Set(trainedYears) } : {}),
    ...instructorKeys(i, i.status),
  };
}

/** Stores a new instructor (status active) with its first audit entry. */
export async function createInstructor(
  store: Store,
  fields: InstructorCreate,
  actor: Actor,
  now: string,
  id: string = randomUUID(),
): Promise<Instructor> {
  const instructor: Instructor = { id, ...fields, status: 'active', trainedYears: [], version: 1, createdAt: now, updatedAt: now };
  await createWithAudit(store, {
    item: instructorItem(instructor),
    audit: auditItem(instructorKey(instructor.id).pk, {
      actor,
      at: now,
      action: 'createInstructor',
      after: { id: instructor.id, regionCode: instructor.regionCode },
    }),
  });
  return instructor;
}

/** The instructor with this id, if any. */
export async function getInstructor(store: Store, id: string, consistent = false): Promise<Instructor | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: instructorKey(id), ConsistentRead: consistent }));
  return Item ? instructorFromItem(Item) : undefined;
}

/** Several instructors by id. */
export async function getInstructors(store: Store, ids: readonly string[]): Promise<Instructor[]> {
  return (await batchGet(store, ids.map(instructorKey))).map(instructorFromItem);
}

/** Replaces an instructor with its next version if still at `before.version` (412 otherwise); the audit masks nothing but records no contact data. */
export async function updateInstructor(store: Store, before: Instructor, next: Instructor, actor: Actor, now: string): Promise<Instructor> {
  const saved = { ...next, version: before.version + 1, updatedAt: now };
  const changed = Object.keys(next).filter(
    (k) => JSON.stringify(next[k as keyof Instructor]) !== JSON.stringify(before[k as keyof Instructor]),
  );
  await versionedWrite(store, {
    item: instructorItem(saved),
    expectedVersion: before.version,
    audit: auditItem(instructorKey(before.id).pk, {
      actor,
      at: now,
      action: 'updateInstructor',
      after: { changed, version: saved.version },
    }),
    current: () => getInstructor(store, before.id, true),
  });
  return saved;
}

/** Instructors in a region (a prefix of codes), optionally of one status (read from the filter index). */
export function listInstructorsByRegion(
  store: Store,
  query: { prefix: string; province: string; status?: InstructorStatus; untrainedIn?: string; limit: number; cursor?: string },
): Promise<Page<Instructor>> {
  return pageByRegion(
    store,
    {
      partition: `instructor#${query.province}`,
      prefix: query.prefix,
      keyed: { name: 'status', value: query.status },
      filters: query.untrainedIn ? [{ expression: 'NOT contains(trainedYears, :year)', values: { ':year': query.untrainedIn } }] : [],
      limit: query.limit,
      cursor: query.cursor,
    },
    instructorFromItem,
  );
}
