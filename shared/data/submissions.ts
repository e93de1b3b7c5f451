import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign } from '../domain/campaigns.ts';
import { isGrassroots, endorsementChain, honourOf } from '../domain/campaigns.ts';
import { ConflictError, text } from '../domain/errors.ts';
import type { SubmissionState } from '../domain/submissions.ts';
import type { Unit } from '../domain/units.ts';
import { auditItem, type Actor, type AuditEntry } from './audit.ts';
import { decodeCursor, filterKeys, filterPartition, queryPage, type Page } from './pagination.ts';
import { batchGet, queryAll, isConditionFailure, versionedWrite, type Store, type TransactItem } from './store.ts';
import { previousValuesFrom } from '../domain/scoring.ts';
import { earlierEvaluations, type Submission, type Assignment, type Nominee } from '../domain/submissions.ts';
import { submissionWork } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';

/*
 * Access patterns:
 * - a submission by id: GetItem pk=SUB#<id>, sk=SUB; its assignments, sheets, evidence, appeal, objections and audit
 *   trail live in the same partition (sk ASSIGN#<round>#<reviewer>, SHEET#<round>#<reviewer>, EVIDENCE#<id>, APPEAL,
 *   OBJECTION#<id>, AUDIT#<time>)
 * - a campaign's submissions, optionally within a region: Query index byOwner, ownerPk=CAMPAIGN#<id>,
 *   begins_with(ownerSk, SUB#<region prefix>); in one state: Query index filter, fPk=CAMPAIGN#<id>#state=<state>,
 *   begins_with(fSk, SUB#<region prefix>) (the page reads what it returns)
 * - a unit's submissions, and at most one per campaign: guard items pk=UNIT#<unitId>, sk=SUBMISSION#<campaignId>; a
 *   unit nominates several individuals to one campaign, one each: sk=SUBMISSION#<campaignId>#<nominee key>
 * - a reviewer's assignments: Query index byOwner, ownerPk=REVIEWER#<id>
 * - submissions in a region (coverage): Query index region, regionPk=submission#<province>, begins_with(regionSk, <prefix>)
 */

const keyOf = (id: string) => ({ pk: `SUB#${id}`, sk: 'SUB' });
const guardKey = (unitId: string, campaignId: string, nominee?: string) => ({
  pk: `UNIT#${unitId}`,
  sk: `SUBMISSION#${campaignId}${nominee ? `#${nominee}` : ''}`,
});

/**
 * One individual, however the name and work unit are spaced or written (full-width or half-width): the key of a
 * nomination's guard, a digest so that the key holds no personal data.
 */
function nomineeKey(nominee: Pick<Nominee, 'name' | 'workUnit'>): string {
  const plain = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return createHash('sha256')
    .update(`${plain(nominee.name)}\n${plain(nominee.workUnit)}`)
    .digest('hex')
    .slice(0, 32);
}
const fields = [
  'id',
  'campaignId',
  'unitId',
  'unitName',
  'unitType',
  'regionCode',
  'honour',
  'nominee',
  'unitAuthorityId',
  'grassroots',
  'state',
  'chain',
  'endorsements',
  'returnReason',
  'rejectReason',
  'selfAssessment',
  'openRound',
  'closedRounds',
  'result',
  'exactFinal',
  'exactLastRound',
  'ranking',
  'appeal',
  'openObjections',
  'refill',
  'rectification',
  'namingId',
  'evaluation',
  'recipients',
  'submittedAt',
  'version',
  'createdAt',
  'updatedAt',
] as const;

/** A submission from its stored item. */
export function submissionFromItem(item: Record<string, unknown>): Submission {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Submission;
}

/** The stored item of a submission. Every write puts the whole item, so the state filter keys follow each move. */
function toItem(s: Submission): Record<string, unknown> {
  const ownerPk = `CAMPAIGN#${s.campaignId}`;
  const ownerSk = `SUB#${s.regionCode}#${s.id}`;
  return {
    ...keyOf(s.id),
    kind: 'submission',
    ...s,
    ownerPk,
    ownerSk,
    ...filterKeys(ownerPk, ownerSk, 'state', s.state),
    // Who takes part in creation work, by region (coverage reports).
    regionPk: `submission#${s.regionCode.slice(0, 2)}`,
    regionSk: `${s.regionCode}#${s.createdAt}#${s.id}`,
  };
}

/** The stored item of a submission, with its index keys (the reindex gives older items the keys it names). */
export const submissionItem = toItem;

/** Opens a unit's submission to a campaign, in draft; a unit applies to a campaign once (→ 409). */
export async function createSubmission(
  store: Store,
  campaign: Campaign,
  unit: Unit,
  actor: Actor,
  now: string,
  id: string = randomUUID(),
  nominee?: Nominee,
  /** The naming a commendation applicant stands on (its `namingId`). */
  standsOn?: string,
): Promise<Submission> {
  const submission: Submission = {
    id,
    campaignId: campaign.id,
    unitId: unit.id,
    unitName: unit.name,
    unitType: unit.type,
    regionCode: unit.regionCode,
    honour: honourOf(campaign, unit),
    ...(nominee ? { nominee } : {}),
    ...(standsOn ? { namingId: standsOn } : {}),
    ...(unit.authorityId ? { unitAuthorityId: unit.authorityId } : {}),
    grassroots: isGrassroots(unit.regionCode),
    state: 'draft',
    chain: endorsementChain(unit.regionCode, campaign.regionCode),
    endorsements: [],
    closedRounds: [],
    openObjections: 0,
    recipients: unit.contacts.map((c) => c.email),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: store.table, Item: toItem(submission), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: store.table,
              Item: {
                ...guardKey(unit.id, campaign.id, nominee && nomineeKey(nominee)),
                kind: 'submission-guard',
                submissionId: submission.id,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: store.table,
              Item: auditItem(keyOf(submission.id).pk, { actor, at: now, action: 'createSubmission', after: { state: 'draft' } }),
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError(
        nominee
          ? text(
              `${unit.name} 已向本批次推荐 ${nominee.name}（${nominee.workUnit}）。`,
              `${unit.name} has nominated ${nominee.name} (${nominee.workUnit}) to this campaign already.`,
            )
          : text(`${unit.name} 已向本批次提交申报。`, `${unit.name} has applied to this campaign already.`),
        'already-applied',
      );
    throw error;
  }
  return submission;
}

/** The submission with this id, if any. */
export async function getSubmission(store: Store, id: string, consistent = false): Promise<Submission | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id), ConsistentRead: consistent }));
  return Item ? submissionFromItem(Item) : undefined;
}

/** The submission a unit made to a campaign, if any. */
export async function submissionIdOf(store: Store, unitId: string, campaignId: string): Promise<string | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: guardKey(unitId, campaignId) }));
  return Item?.submissionId as string | undefined;
}

/**
 * The open-work index writes of a submission's step (`submissionWork`): work its old record implied and its new one
 * does not is done (if the index has it), work only the new one implies arises. Nothing when the step changes neither.
 */
export async function submissionWorkWrites(store: Store, before: Submission | undefined, after: Submission): Promise<TransactItem[]> {
  const key = (w: ReturnType<typeof submissionWork>[number]) => `${JSON.stringify(w.owner)}#${w.item.kind}#${w.item.since}#${w.item.id}`;
  const was = before ? submissionWork(before) : [];
  const is = submissionWork(after);
  const wasKeys = new Set(was.map(key));
  const isKeys = new Set(is.map(key));
  const gone = was.filter((w) => !isKeys.has(key(w)));
  return workWrites({ done: gone.length ? await indexedWork(store, gone) : [], arise: is.filter((w) => !wasKeys.has(key(w))) });
}

/** The conditional write of a submission's next version, for a transaction composed elsewhere. */
export function submissionPut(before: Submission, next: Submission, at: string): { item: TransactItem; saved: Submission } {
  const saved = { ...next, version: before.version + 1, updatedAt: at };
  return {
    saved,
    item: {
      Put: {
        TableName: '',
        Item: toItem(saved),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': before.version },
      },
    },
  };
}

/** A check, for a transaction composed elsewhere, that a submission is still at the version read (a step that relied on it). */
export function submissionUnchanged(s: Submission): TransactItem {
  return {
    ConditionCheck: {
      TableName: '',
      Key: keyOf(s.id),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': s.version },
    },
  };
}

/** The audit entry of a step on a submission: who, role, when, what, state before → after, request id. */
export function submissionAudit(
  before: Submission,
  after: Submission | undefined,
  entry: Omit<AuditEntry, 'before' | 'after'> & { detail?: unknown },
): TransactItem {
  const { detail, ...rest } = entry;
  return {
    Put: {
      TableName: '',
      Item: auditItem(keyOf(before.id).pk, {
        ...rest,
        before: { state: before.state, version: before.version },
        after: {
          state: after?.state ?? before.state,
          version: after?.version ?? before.version,
          ...(detail !== undefined ? { detail } : {}),
        },
      }),
    },
  };
}

/** The condition of a write to an item of a submission's partition (an assignment, an appeal …) that must still be in `status`. */
export function whileStatus(status: string) {
  return {
    ConditionExpression: '#status = :status',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status },
  };
}

/** Who takes a step on a submission, and when; with the action and its detail, that makes the step's audit entry. */
export interface StepBy {
  actor: Actor;
  at: string;
}

/**
 * Writes one step on a submission, all or nothing: the submission's next version (412 when another writer got there
 * first), its audit entry and any other items of the step. Items built with an empty TableName get the store's.
 */
export async function saveSubmission(
  store: Store,
  before: Submission,
  next: Submission,
  audit: { actor: Actor; action: string; at: string; detail?: unknown },
  extra: TransactItem[] = [],
): Promise<Submission> {
  const { saved } = submissionPut(before, next, audit.at);
  await versionedWrite(store, {
    item: toItem(saved),
    expectedVersion: before.version,
    audit: submissionAudit(before, saved, audit).Put!.Item!,
    extra: [...extra, ...(await submissionWorkWrites(store, before, saved))],
    current: () => getSubmission(store, before.id, true),
  });
  return saved;
}

/**
 * A campaign's submissions, optionally within a region prefix and in one state, in region order. In one state they
 * are read from the filter index, so the page reads what it returns. A cursor from another list is refused.
 */
export function listCampaignSubmissions(
  store: Store,
  campaignId: string,
  query: { prefix: string; state?: SubmissionState; limit: number; cursor?: string },
): Promise<Page<Submission>> {
  const owner = `CAMPAIGN#${campaignId}`;
  const prefix = `SUB#${query.prefix}`;
  const [index, pkName, skName, partition] = query.state
    ? ['filter', 'fPk', 'fSk', filterPartition(owner, 'state', query.state)]
    : ['byOwner', 'ownerPk', 'ownerSk', owner];
  const startKey = decodeCursor(
    query.cursor,
    ['pk', 'sk', pkName, skName],
    (k) => k[pkName] === partition && k[skName]!.startsWith(prefix),
  );
  return queryPage(
    store,
    {
      IndexName: index,
      KeyConditionExpression: `${pkName} = :p AND begins_with(${skName}, :prefix)`,
      ExpressionAttributeValues: { ':p': partition, ':prefix': prefix },
    },
    query.limit,
    startKey,
    submissionFromItem,
  );
}

/** Every submission of a campaign (ranking and the time-driven moves need them all), read consistently from the table. */
export async function allCampaignSubmissions(store: Store, campaignId: string): Promise<Submission[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCampaignSubmissions(store, campaignId, { prefix: '', limit: 100, cursor });
    ids.push(...page.items.map((s) => s.id));
    cursor = page.cursor;
  } while (cursor);
  return batchGetSubmissions(store, ids);
}

async function batchGetSubmissions(store: Store, ids: readonly string[]): Promise<Submission[]> {
  const found = (await batchGet(store, ids.map(keyOf), true)).map(submissionFromItem);
  return found.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.id.localeCompare(b.id));
}

/** These submissions, by id (one BatchGetItem per 100, consistent; unknown ids are left out). */
export async function submissionsById(store: Store, ids: readonly string[]): Promise<Map<string, Submission>> {
  return new Map((await batchGetSubmissions(store, [...new Set(ids)])).map((s) => [s.id, s]));
}

/** The states of these submissions, by id (one BatchGetItem per 100; unknown ids are left out). */
export async function submissionStatesOf(store: Store, ids: readonly string[]): Promise<Map<string, SubmissionState>> {
  return new Map((await batchGet(store, ids.map(keyOf))).map((item) => [String(item.id), item.state as SubmissionState]));
}

/** A unit's submissions, newest first. */
export async function listUnitSubmissions(store: Store, unitId: string): Promise<Submission[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': `UNIT#${unitId}`, ':s': 'SUBMISSION#' },
    }),
  );
  const found = await batchGetSubmissions(
    store,
    Items.map((i) => String(i.submissionId)),
  );
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * A unit's values in its previous evaluation, for these growth indicator ids: from its submissions created before
 * `before` (in any campaign, nominations of individuals aside: `earlierEvaluations`), newest first (`previousValuesFrom`). With no ids it reads nothing;
 * otherwise the unit's submissions (one Query, one BatchGetItem per 100).
 */
export async function previousValues(
  store: Store,
  unitId: string,
  before: Pick<Submission, 'id' | 'createdAt'>,
  ids: readonly string[],
): Promise<Record<string, number>> {
  if (ids.length === 0) return {};
  return previousValuesFrom(earlierEvaluations(await listUnitSubmissions(store, unitId), before), ids);
}

/** Items of a submission's partition whose sort key starts with `prefix`. */
export async function childrenOf(
  store: Store,
  submissionId: string,
  prefix: string,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  return queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ConsistentRead: consistent,
    ExpressionAttributeValues: { ':pk': keyOf(submissionId).pk, ':prefix': prefix },
  });
}

/** One item of a submission's partition, if any. */
export async function childOf(store: Store, submissionId: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: { pk: keyOf(submissionId).pk, sk }, ConsistentRead: true }),
  );
  return Item;
}

/** The key of an item in a submission's partition. */
export function childKey(submissionId: string, sk: string): { pk: string; sk: string } {
  return { pk: keyOf(submissionId).pk, sk };
}

/** A submission's audit trail, oldest first. */
export function listHistory(store: Store, submissionId: string, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
  const pk = keyOf(submissionId).pk;
  const startKey = decodeCursor(cursor, ['pk', 'sk'], (k) => k.pk === pk);
  return queryPage(
    store,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': pk, ':audit': 'AUDIT#' },
    },
    limit,
    startKey,
    ({ actor, at, action, before, after }) => ({ actor, at, action, before, after }) as AuditEntry,
  );
}

/** The sort key of an assignment, and of its sheet. */
export const assignmentSk = (round: string, reviewerId: string) => `ASSIGN#${round}#${reviewerId}`;
export const sheetSk = (round: string, reviewerId: string) => `SHEET#${round}#${reviewerId}`;

/** The sort key of a submission's appeal: a submission is appealed once. */
export const appealSk = 'APPEAL';

/** The stored item of an assignment, listed under its reviewer. */
export function assignmentItem(a: Assignment): Record<string, unknown> {
  return {
    ...childKey(a.submissionId, assignmentSk(a.round, a.reviewerId)),
    kind: 'assignment',
    ...a,
    ownerPk: `REVIEWER#${a.reviewerId}`,
    ownerSk: `ASSIGN#${a.assignedAt}#${a.submissionId}#${a.round}`,
  };
}

/** An assignment from its stored item. */
export function assignmentFromItem(item: Record<string, unknown>): Assignment {
  const { submissionId, campaignId, unitName, round, reviewerId, status, declineReason, declineNote, assignedAt, assignedBy } =
    item as unknown as Assignment;
  return {
    submissionId,
    campaignId,
    unitName,
    round,
    reviewerId,
    status,
    ...(declineReason ? { declineReason } : {}),
    ...(declineNote ? { declineNote } : {}),
    assignedAt,
    assignedBy,
  };
}

/** A reviewer's assignments, newest first. */
export function listReviewerAssignments(store: Store, reviewerId: string, limit: number, cursor?: string): Promise<Page<Assignment>> {
  const owner = `REVIEWER#${reviewerId}`;
  const startKey = decodeCursor(cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (k) => k.ownerPk === owner);
  return queryPage(
    store,
    {
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :a)',
      ExpressionAttributeValues: { ':owner': owner, ':a': 'ASSIGN#' },
      ScanIndexForward: false,
    },
    limit,
    startKey,
    assignmentFromItem,
  );
}

/** A stored review sheet. */
export interface StoredSheet {
  reviewerId: string;
  round: string;
  values: Record<string, unknown>;
  submittedAt: string;
}

/** Sheets of a submission, of one round or all. */
export async function listSheets(store: Store, submissionId: string, round?: string): Promise<StoredSheet[]> {
  const items = await childrenOf(store, submissionId, round ? `SHEET#${round}#` : 'SHEET#', true);
  return items.map(({ reviewerId, round: r, values, submittedAt }) => ({ reviewerId, round: r, values, submittedAt }) as StoredSheet);
}

/** Records ranking on many submissions: each a conditional write of its next version, with its audit entry. */
export function rankingWrites(
  entries: readonly { before: Submission; next: Submission }[],
  actor: Actor,
  at: string,
): { items: TransactItem[]; saved: Submission[] } {
  const items: TransactItem[] = [];
  const saved: Submission[] = [];
  for (const { before, next } of entries) {
    const put = submissionPut(before, next, at);
    items.push(put.item, submissionAudit(before, put.saved, { actor, at, action: 'rank', detail: next.ranking }));
    saved.push(put.saved);
  }
  return { items, saved };
}
