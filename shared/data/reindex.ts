import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, MalformedRequestError, text } from '../domain/errors.ts';
import { childRegions } from '../domain/regions.ts';
import { campaignFromItem, campaignItem } from './campaigns.ts';
import { filingFromItem, filingItem } from './filings.ts';
import { instructorFromItem, instructorItem } from './instructors.ts';
import { facetWrites, namingFromItem, namingItem, revocationProposalWork } from './namings.ts';
import { readTally, tallyWrites } from './naming-statistics.ts';
import { tallyOf } from '../domain/naming-statistics.ts';
import { encodeCursor } from './pagination.ts';
import { inTable, isConditionFailure, isTransactionConflict, type Store, type TransactItem } from './store.ts';
import { appealSk, assignmentFromItem, submissionFromItem, submissionItem } from './submissions.ts';
import { appealWork, objectionWork } from './appeals.ts';
import { assignmentWork, roundReadyWork } from './reviews.ts';
import { getCampaign } from './campaigns.ts';
import { filingWork } from './filings.ts';
import { listRechecks, recheckWork } from './rechecks.ts';
import { workWrites } from './work.ts';
import { submissionWork, workPartition, workSk, type WorkItem, type WorkOwner } from '../domain/work.ts';
import type { Appeal, Objection } from '../domain/submissions.ts';
import { unitFromItem, unitItem, unitSearchBackfill } from './units.ts';

/*
 * Access patterns (no Scan: every item is reached by the partition its lists read):
 * - units, campaigns, instructors, filings and namings of a province: Query index region, regionPk=<kind>#<province>
 *   (campaigns also campaign#00, those run nationally), province by province (shared/domain/regions.ts)
 * - a campaign's submissions: Query index byOwner, ownerPk=CAMPAIGN#<id>, begins_with(ownerSk, SUB#), for each
 *   campaign of those partitions (the partition their state filter narrows)
 * - an item again after its write lost to another: GetItem pk, sk (consistent)
 * - whether a naming is counted in the naming statistics: GetItem pk=NAMING#<id>, sk=TALLY (consistent)
 * - the open work a record implies (issue #20): a submission's partition, Query pk=SUB#<id>; a naming's rechecks,
 *   Query pk=NAMING#<id>, begins_with(sk, RECHECK#); each piece of work, GetItem pk=WORK#…, sk=<kind>#<since>#<id>
 */

/** The kinds of items reindexed, in the order a run walks them. */
const kindNames = ['unit', 'campaign', 'submission', 'instructor', 'filing', 'naming'] as const;
type KindName = (typeof kindNames)[number];

/** What an item lacks of what its repository writes today: attributes to set, and items to put beside it. */
interface Rewrite {
  set: Record<string, unknown>;
  alongside: TransactItem[];
}

/** The `filter` index keys the repository's own item mapping gives a stored item, unless it carries them already. */
function filterKeysOf(item: Record<string, unknown>, current: Record<string, unknown>): Rewrite | undefined {
  if (item.fPk === current.fPk && item.fSk === current.fSk) return undefined;
  return { set: { fPk: current.fPk, fSk: current.fSk }, alongside: [] };
}

/**
 * What a naming stored by older code lacks: its `filter` keys, issuer and kind (with its facets), and its count in
 * the naming statistics (its tally and its region's counters, `tallyWrites`) — the one thing read beside the item.
 */
async function namingRewrite(store: Store, item: Record<string, unknown>): Promise<Rewrite | undefined> {
  const naming = namingFromItem(item);
  const { fPk, fSk } = namingItem(naming);
  const keyed = item.fPk === fPk && item.fSk === fSk && item.issuer !== undefined && item.namingKind !== undefined;
  const counted = (await readTally(store, naming.id)) !== undefined;
  if (keyed && counted) return undefined;
  return {
    set: keyed ? {} : { fPk, fSk, issuer: naming.issuer, namingKind: naming.kind },
    alongside: [...(keyed ? [] : facetWrites(naming)), ...(counted ? [] : tallyWrites([{ namingId: naming.id, after: tallyOf(naming) }]))],
  };
}

/**
 * The open-work items a record implies that the index lacks (records stored before the open-work index, issue #20),
 * each put only if still absent, with its count: a submission's endorsement due, its pending appeal and objections,
 * its assignments without a sheet and its open round once every sheet is in, its rectification; a filing not
 * acknowledged; a naming's revocation proposed and its rechecks not decided. One consistent read per piece of work
 * the record implies (and its campaign, for a submission with an appeal, an objection or a round ready to close).
 */
async function missingWork(store: Store, kind: KindName, item: Record<string, unknown>): Promise<TransactItem[]> {
  const implied: { owner: WorkOwner; item: WorkItem }[] = [];
  if (kind === 'submission') {
    const submission = submissionFromItem(item);
    implied.push(...submissionWork(submission));
    const children: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await store.doc.send(
        new QueryCommand({
          TableName: store.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `SUB#${submission.id}` },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      children.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const pending = (prefix: string) => children.filter((c) => String(c.sk).startsWith(prefix) && c.status === 'pending');
    const appeals = pending(appealSk);
    const objections = pending('OBJECTION#');
    for (const a of children.filter((c) => String(c.sk).startsWith('ASSIGN#') && c.status === 'assigned'))
      implied.push(assignmentWork(assignmentFromItem(a)));
    // The open round, when every reviewer not declining has given a sheet: the campaign's authority closes it.
    const round = submission.openRound;
    const asked = children.filter((c) => round && String(c.sk).startsWith(`ASSIGN#${round}#`) && c.status !== 'declined');
    const sheetsAt = children.filter((c) => round && String(c.sk).startsWith(`SHEET#${round}#`)).map((c) => String(c.submittedAt));
    const ready = asked.length > 0 && asked.every((a) => a.status === 'submitted') && sheetsAt.length > 0;
    if (appeals.length + objections.length > 0 || ready) {
      const campaign = await getCampaign(store, submission.campaignId);
      if (campaign) {
        if (ready) implied.push(roundReadyWork(submission, round!, campaign.authorityId, sheetsAt.sort().at(-1)!));
        for (const a of appeals) implied.push(appealWork(submission, a as unknown as Appeal, campaign.authorityId));
        for (const o of objections) implied.push(objectionWork(submission, o as unknown as Objection, campaign.authorityId));
      }
    }
  } else if (kind === 'filing') {
    const filing = filingFromItem(item);
    if (filing.status === 'filed') implied.push(filingWork(filing));
  } else if (kind === 'naming') {
    const naming = namingFromItem(item);
    if (naming.status === 'active' && naming.revocationProposal) implied.push(revocationProposalWork(naming));
    for (const r of await listRechecks(store, String(item.id)))
      if (r.status === 'open' || r.status === 'overdue') implied.push(recheckWork(r));
  }
  const missing: { owner: WorkOwner; item: WorkItem }[] = [];
  for (const w of implied) {
    const key = { pk: workPartition(w.owner), sk: workSk(w.item) };
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: key, ConsistentRead: true }));
    if (!Item) missing.push(w);
  }
  return workWrites({ arise: missing }).map((w) => (w.Put ? { Put: { ...w.Put, ConditionExpression: 'attribute_not_exists(pk)' } } : w));
}

/** A rewrite with the open work the record implies and the index lacks, put beside it. */
async function withWork(
  store: Store,
  kind: KindName,
  item: Record<string, unknown>,
  rewrite: Rewrite | undefined,
): Promise<Rewrite | undefined> {
  const work = await missingWork(store, kind, item);
  if (work.length === 0) return rewrite;
  return { set: rewrite?.set ?? {}, alongside: [...(rewrite?.alongside ?? []), ...work] };
}

/** Per kind: the sort key of its items, and what an item of it stored by older code lacks. */
const kinds: Record<
  KindName,
  { sk: string; rewrite: (item: Record<string, unknown>, store: Store) => Rewrite | undefined | Promise<Rewrite | undefined> }
> = {
  unit: {
    sk: 'UNIT',
    // A unit's type filter is on the unit; its name's search index on items of their own (none before search).
    rewrite: (item) => {
      const keys = filterKeysOf(item, unitItem(unitFromItem(item)));
      const search = unitSearchBackfill(item);
      if (!keys && !search) return undefined;
      return { set: { ...keys?.set, ...(search ? { nameKey: search.nameKey } : {}) }, alongside: search?.writes ?? [] };
    },
  },
  campaign: { sk: 'CAMPAIGN', rewrite: (item) => filterKeysOf(item, campaignItem(campaignFromItem(item))) },
  submission: {
    sk: 'SUB',
    rewrite: (item, store) => withWork(store, 'submission', item, filterKeysOf(item, submissionItem(submissionFromItem(item)))),
  },
  instructor: { sk: 'INSTR', rewrite: (item) => filterKeysOf(item, instructorItem(instructorFromItem(item))) },
  filing: { sk: 'FILING', rewrite: (item, store) => withWork(store, 'filing', item, filterKeysOf(item, filingItem(filingFromItem(item)))) },
  // A naming's type filter is on the naming; its level, status, kind and expiry filters on its facets.
  naming: { sk: 'NAMING', rewrite: async (item, store) => withWork(store, 'naming', item, await namingRewrite(store, item)) },
};

/** The provinces whose partitions a kind has: campaigns (and so their submissions) also the national one, `00`. */
function provincesOf(kind: KindName): string[] {
  const provinces = childRegions().map((r) => r.code.slice(0, 2));
  return kind === 'campaign' || kind === 'submission' ? ['00', ...provinces] : provinces;
}

/** A key of the table and one index, as a Query's start key. */
type Key = Record<string, string>;

/**
 * Where a run stands: the kind and province being walked, and the key of the last item done there. For submissions,
 * `campaign` is the region key of the campaign whose submissions are being walked (`key` is then among them).
 */
interface Position {
  kind: KindName;
  province: string;
  campaign?: Key;
  key?: Key;
}

/** The progress of one call. */
interface Run {
  rewritten: number;
  skipped: number;
  /**
   * Steps that moved the position on (an item done, an empty page or partition passed, the next campaign found): a
   * call takes at least one before it stops, so every call moves on.
   */
  steps: number;
  deadline: number;
}

const outOfTime = (run: Run) => run.steps > 0 && performance.now() >= run.deadline;

/** One partition of an index, optionally narrowed to sort keys with a prefix. */
interface Partition {
  index: 'region' | 'byOwner';
  value: string;
  prefix?: string;
}

const indexKeys = { region: ['regionPk', 'regionSk'], byOwner: ['ownerPk', 'ownerSk'] } as const;

/** The start key that resumes a partition's Query after this item. */
function keyOf(item: Record<string, unknown>, index: Partition['index']): Key {
  const [pk, sk] = indexKeys[index];
  return { pk: String(item.pk), sk: String(item.sk), [pk]: String(item[pk]), [sk]: String(item[sk]) };
}

const regionPartition = (kind: KindName, province: string): Partition => ({ index: 'region', value: `${kind}#${province}` });
const submissionsOf = (campaign: Key): Partition => ({ index: 'byOwner', value: campaign.pk!, prefix: 'SUB#' });

/** One page of a partition from a start key; a start key the cursor named and DynamoDB refuses is a bad cursor. */
async function queryPartition(
  store: Store,
  partition: Partition,
  start: Key | undefined,
  limit: number,
  fromCursor: boolean,
): Promise<QueryCommandOutput> {
  const [pk, sk] = indexKeys[partition.index];
  return store.doc
    .send(
      new QueryCommand({
        TableName: store.table,
        IndexName: partition.index,
        Limit: limit,
        ExclusiveStartKey: start,
        KeyConditionExpression: partition.prefix ? `${pk} = :p AND begins_with(${sk}, :prefix)` : `${pk} = :p`,
        ExpressionAttributeValues: { ':p': partition.value, ...(partition.prefix ? { ':prefix': partition.prefix } : {}) },
      }),
    )
    .catch((error: unknown) => {
      if (fromCursor && (error as { name?: string }).name === 'ValidationException') throw unknownCursor();
      throw error;
    });
}

/**
 * Walks a partition from `start`, reindexing each item of `kind`. Returns where it stopped when the time ran out
 * (the key of the last item done, none when it stopped before the first), nothing once the partition is done.
 */
async function walk(
  store: Store,
  run: Run,
  kind: KindName,
  partition: Partition,
  start: Key | undefined,
  fromCursor: boolean,
): Promise<{ key?: Key } | undefined> {
  let key = start;
  do {
    if (outOfTime(run)) return { key };
    const page = await queryPartition(store, partition, key, 100, fromCursor && key === start);
    if (!page.Items?.length) run.steps += 1;
    for (const item of page.Items ?? []) {
      if (outOfTime(run)) return { key };
      await reindexItem(store, run, kind, item);
      key = keyOf(item, partition.index);
    }
    key = page.LastEvaluatedKey as Key | undefined;
  } while (key);
  return undefined;
}

/** The campaign after `after` in a province's partition (the first without `after`), by its region key. */
async function nextCampaign(store: Store, province: string, after: Key | undefined, fromCursor: boolean): Promise<Key | undefined> {
  let start = after;
  do {
    const page = await queryPartition(store, regionPartition('campaign', province), start, 1, fromCursor && start === after);
    const found = page.Items?.[0];
    if (found) return keyOf(found, 'region');
    start = page.LastEvaluatedKey as Key | undefined;
  } while (start);
  return undefined;
}

/** Walks the submissions of a province's campaigns, campaign by campaign, from a position; returns where it stopped. */
async function walkSubmissions(store: Store, run: Run, at: Position, fromCursor: boolean): Promise<Position | undefined> {
  let { campaign, key } = at;
  let resumed = fromCursor;
  for (;;) {
    if (campaign) {
      const stopped = await walk(store, run, 'submission', submissionsOf(campaign), key, resumed);
      if (stopped) return { ...at, campaign, key: stopped.key };
    } else if (outOfTime(run)) {
      return at;
    }
    campaign = await nextCampaign(store, at.province, campaign, resumed);
    run.steps += 1;
    key = undefined;
    resumed = false;
    if (!campaign) return undefined;
  }
}

/**
 * Gives one item what its repository writes today, unless it has it: one conditional write (a transaction with the
 * facets for a naming), on the item's `version` (on its existence for items without one), so a write made meanwhile
 * is never overwritten. When the condition fails the item is read again: what that writer left decides (a whole
 * item put today carries its keys; an `ADD version` alone, as appointing an instructor does, does not).
 */
async function reindexItem(store: Store, run: Run, kind: KindName, found: Record<string, unknown>): Promise<void> {
  run.steps += 1;
  let item: Record<string, unknown> | undefined = found;
  for (let attempt = 0; ; attempt++) {
    const rewrite = item?.sk === kinds[kind].sk ? await kinds[kind].rewrite(item, store) : undefined;
    if (!item || !rewrite) {
      run.skipped += 1;
      return;
    }
    if (attempt === maxAttempts)
      throw new ConflictError(
        text(
          `${String(found.pk)} 在重建索引期间持续变化，请用同一游标再次调用。`,
          `${String(found.pk)} kept changing while it was reindexed; call again with the same cursor.`,
        ),
        'busy',
      );
    if (await rewriteItem(store, item, rewrite)) {
      run.rewritten += 1;
      return;
    }
    ({ Item: item } = await store.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    ));
  }
}

/** Writes of one item that may lose to other writers before a call gives up (409). */
const maxAttempts = 5;

/**
 * Sets what an item lacks if it is still the version read, with the items beside it (when it lacks nothing itself,
 * they are written only if it is still that version); returns false when it was written meanwhile.
 */
async function rewriteItem(store: Store, item: Record<string, unknown>, rewrite: Rewrite): Promise<boolean> {
  const names = Object.keys(rewrite.set);
  const condition = {
    TableName: store.table,
    Key: { pk: item.pk, sk: item.sk },
    ConditionExpression: item.version !== undefined ? 'version = :version' : 'attribute_exists(pk)',
    ...(item.version !== undefined ? { ExpressionAttributeValues: { ':version': item.version } } : {}),
  };
  const update = {
    ...condition,
    UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((name, i) => [`:a${i}`, rewrite.set[name]])),
      ...condition.ExpressionAttributeValues,
    },
  };
  const own: TransactItem = names.length > 0 ? { Update: update } : { ConditionCheck: condition };
  try {
    if (rewrite.alongside.length === 0) await store.doc.send(new UpdateCommand(update));
    else await store.doc.send(new TransactWriteCommand({ TransactItems: [own, ...rewrite.alongside.map((i) => inTable(store, i))] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

/** The position after a partition: the next province of the kind, else the first of the next kind; none at the end. */
function following(at: Position): Position | undefined {
  const provinces = provincesOf(at.kind);
  const next = provinces.indexOf(at.province) + 1;
  if (next < provinces.length) return { kind: at.kind, province: provinces[next]! };
  const kind = kindNames[kindNames.indexOf(at.kind) + 1];
  return kind ? { kind, province: provincesOf(kind)[0]! } : undefined;
}

const unknownCursor = () =>
  new MalformedRequestError(text('该游标不是重建索引给出的。', 'The cursor is not one a reindex gave out.'), [
    { pointer: '/cursor', detail: text('未知的游标', 'unknown cursor') },
  ]);

/** Whether a value is a start key of this partition: the table's and the index's keys, non-empty strings, nothing else. */
function isKeyOf(value: unknown, partition: Partition): value is Key {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const [pk, sk] = indexKeys[partition.index];
  const entries = Object.entries(value);
  return (
    entries.length === 4 &&
    entries.every(([k, v]) => ['pk', 'sk', pk, sk].includes(k) && typeof v === 'string' && v.length > 0) &&
    (value as Key)[pk] === partition.value &&
    (partition.prefix === undefined || (value as Key)[sk]!.startsWith(partition.prefix))
  );
}

/** The position a cursor names, checked: anything a reindex did not give out is a 400. */
function decodePosition(cursor: string): Position {
  let at: unknown;
  try {
    at = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw unknownCursor();
  }
  if (typeof at !== 'object' || at === null || Array.isArray(at)) throw unknownCursor();
  const { kind, province, campaign, key, ...rest } = at as Record<string, unknown>;
  if (
    Object.keys(rest).length > 0 ||
    !kindNames.includes(kind as KindName) ||
    typeof province !== 'string' ||
    !provincesOf(kind as KindName).includes(province)
  )
    throw unknownCursor();
  const position: Position = { kind: kind as KindName, province };
  if (position.kind === 'submission') {
    if (campaign !== undefined && !(isKeyOf(campaign, regionPartition('campaign', province)) && campaign.pk!.startsWith('CAMPAIGN#')))
      throw unknownCursor();
    if (key !== undefined && (campaign === undefined || !isKeyOf(key, submissionsOf(campaign as Key)))) throw unknownCursor();
    return { ...position, ...(campaign ? { campaign: campaign as Key } : {}), ...(key ? { key: key as Key } : {}) };
  }
  if (campaign !== undefined || (key !== undefined && !isKeyOf(key, regionPartition(position.kind, province)))) throw unknownCursor();
  return { ...position, ...(key ? { key: key as Key } : {}) };
}

/** What a call did: items given what they lacked, items that had it already, and where to go on from (absent when done). */
export interface ReindexResult {
  rewritten: number;
  skipped: number;
  cursor?: string;
}

/**
 * Gives the items stored before an index (or a recorded field) was added what their repositories write today: the
 * `filter` index keys of units, campaigns, submissions, instructors and filings; a unit's search index items (by the
 * bigrams of its name) and the `nameKey` they are under; a naming's too, with its facets, its
 * issuer and its kind, and its count in the naming statistics (a naming stored before they were kept). Walks each kind's partitions province by province (no Scan) from `cursor` until `budgetMs`
 * has passed, then answers the cursor to call again with. Idempotent: an item that has what it needs is skipped, so
 * a run after a complete one rewrites nothing, and a cursor may be used again after a failed call.
 */
export async function reindex(store: Store, options: { cursor?: string; budgetMs: number }): Promise<ReindexResult> {
  const run: Run = { rewritten: 0, skipped: 0, steps: 0, deadline: performance.now() + options.budgetMs };
  let at: Position | undefined =
    options.cursor === undefined ? { kind: kindNames[0], province: provincesOf(kindNames[0])[0]! } : decodePosition(options.cursor);
  let fromCursor = options.cursor !== undefined;
  while (at) {
    const stopped: Position | undefined =
      at.kind === 'submission'
        ? await walkSubmissions(store, run, at, fromCursor)
        : await walk(store, run, at.kind, regionPartition(at.kind, at.province), at.key, fromCursor).then(
            (s) => s && { ...at!, key: s.key },
          );
    if (stopped) return { rewritten: run.rewritten, skipped: run.skipped, cursor: encodeCursor({ ...stopped }) };
    at = following(at);
    fromCursor = false;
  }
  return { rewritten: run.rewritten, skipped: run.skipped };
}
