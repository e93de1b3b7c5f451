import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  certificateNumber,
  defaultCertificatePrefix,
  expiryOf,
  nationalPrefix,
  parseCertificateNumber,
  regionAtLevel,
  namingLevels,
  seriesPrefix,
  type PublicPerson,
  type Issuer,
  type NamingKind,
  type NamingLevel,
  type NamingStatus,
  type Naming,
  type NamingSummary,
  type Commendation,
  expiredStep,
  firstExpiryStep,
  defaultReminders,
} from '../domain/namings.ts';
import type { AgendaStep } from '../domain/agenda.ts';
import { leaveAgenda } from './agenda.ts';
import { getAuthority } from './authorities.ts';
import { ConflictError, NotFoundError, text } from '../domain/errors.ts';
import { checkIfMatch, type IfMatch } from '../domain/preconditions.ts';
import type { Unit, UnitType } from '../domain/units.ts';
import { tallyOf } from '../domain/naming-statistics.ts';
import { auditItem, type Actor } from './audit.ts';
import { readTally, tallyWrites } from './naming-statistics.ts';
import { decodeCursor, filterKeys, pageByRegion, queryPage, type Page } from './pagination.ts';
import { failedAt, failedFrom, inTable, isConditionFailure, queryAll, versionedWrite, type Store, type TransactItem } from './store.ts';
import { workPartition, workSk, type WorkItem, type WorkOwner } from '../domain/work.ts';
import { indexedWork, workWrites } from './work.ts';

/*
 * Access patterns:
 * - a naming by id: GetItem pk=NAMING#<id>, sk=NAMING
 * - a naming by certificate number: GetItem pk=CERT#<no>, sk=CERT (a guard that also keeps numbers unique)
 * - the next certificate number of an issuer and year: pk=CERTSEQ#<prefix>#<year>, sk=SEQ, advanced in the same
 *   transaction that stores the naming, so numbers have neither gaps nor duplicates
 * - a unit's namings (renewal): Query index byOwner, ownerPk=UNIT#<unitId>, begins_with(ownerSk, NAMING#)
 * - namings in a region (registry, eligibility): Query index region, regionPk=naming#<province>, begins_with(regionSk, <prefix>)
 * - namings in a region of one type: Query index filter, fPk=naming#<province>#type=<type>, begins_with(fSk, <prefix>)
 * - of one level, status or kind: the same on the naming's facets (`facetWrites`: small copies of its listing
 *   fields, pk=NAMING#<id>, sk=FACET#<name>, written in every transaction that changes the naming), fPk=naming#<province>#<name>=<value>
 * - active namings expiring in a window, in a province, city or county: Query index filter on the expiry facets,
 *   fPk=naming-expiry#<2-, 4- or 6-digit prefix>, fSk between <from> and <to> (`<expiresOn>#<id>`)
 * - due expiry milestones: index agenda, agendaKind=naming-expiry, agendaDue <= today (sparse)
 * - counts by region, level, type, kind, year and status (naming statistics): every write that creates a naming or
 *   changes its status moves its tally and its region's counters in the same transaction (naming-statistics.ts)
 */

/** The agenda kind of expiry reminders. */
export const namingExpiryKind = 'naming-expiry';

/** The agenda kind of a revocation notice not yet known to be queued. */
export const revocationNoticeKind = 'revocation-notice';

/** Takes a revoked naming's notice off the agenda once a sweep queued it. Returns whether this call did. */
export async function revocationNoticeQueued(store: Store, namingId: string): Promise<boolean> {
  return leaveAgenda(store, keyOf(namingId), revocationNoticeKind);
}

const keyOf = (id: string) => ({ pk: `NAMING#${id}`, sk: 'NAMING' });
const certKey = (no: string) => ({ pk: `CERT#${no}`, sk: 'CERT' });
const seqKey = (prefix: string, year: number) => ({ pk: `CERTSEQ#${prefix}#${year}`, sk: 'SEQ' });

const summaryFields = [
  'id',
  'unitId',
  'unitName',
  'unitType',
  'person',
  'regionCode',
  'level',
  'campaignId',
  'certificateNo',
  'namedOn',
  'expiresOn',
  'status',
  'revokedOn',
  'commendations',
  'issuedBy',
  'issuer',
  'version',
] as const;
/** Everything a naming item holds beside its keys and agenda: the listing fields and the rest. */
const fields = [
  ...summaryFields,
  'supersededBy',
  'revokeReason',
  'decision',
  'supervisorId',
  'renewalSubmissionId',
  'revocationProposal',
  'recipients',
  'createdAt',
  'updatedAt',
] as const;

/** Namings stored before issuers were recorded: the issuing agency at the naming's level, for the unit's region there. */
function issuerOf(item: Record<string, unknown>): Issuer {
  if (item.issuer) return item.issuer as Issuer;
  return {
    agencyId: String(item.issuedBy),
    level: item.level as NamingLevel,
    regionCode: regionAtLevel(String(item.regionCode), item.level as NamingLevel),
  };
}

function fromItem(item: Record<string, unknown>): Naming {
  const naming = Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Naming;
  naming.issuer = issuerOf(item);
  naming.kind = (item.namingKind as NamingKind | undefined) ?? 'unit';
  if (item.agendaMilestone !== undefined && item.agendaKind === namingExpiryKind) {
    naming.nextMilestone = Number(item.agendaMilestone);
    naming.nextMilestoneOn = String(item.agendaDue);
  }
  return naming;
}

/** A naming or one of its facets, as a list shows it. */
function summaryFromItem(item: Record<string, unknown>): NamingSummary {
  const summary = Object.fromEntries(
    summaryFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]),
  ) as unknown as NamingSummary;
  return { ...summary, issuer: issuerOf(item), kind: (item.namingKind as NamingKind | undefined) ?? 'unit' };
}

const regionKeys = (n: Pick<Naming, 'id' | 'regionCode'>) => ({
  regionPk: `naming#${n.regionCode.slice(0, 2)}`,
  regionSk: `${n.regionCode}#${n.id}`,
});

function toItem(n: Naming): Record<string, unknown> {
  const { nextMilestone: milestone, nextMilestoneOn, kind, ...rest } = n;
  const { regionPk, regionSk } = regionKeys(n);
  return {
    ...keyOf(n.id),
    kind: 'naming',
    ...rest,
    namingKind: kind,
    regionPk,
    regionSk,
    ...filterKeys(regionPk, regionSk, 'type', n.unitType),
    ownerPk: `UNIT#${n.unitId}`,
    ownerSk: `NAMING#${n.namedOn}#${n.id}`,
    ...(milestone !== undefined ? { agendaKind: namingExpiryKind, agendaDue: nextMilestoneOn, agendaMilestone: milestone } : {}),
  };
}

/** The filters a naming's facets serve besides its type (which the naming item itself carries). */
const facetFilters = {
  level: (n: NamingSummary) => n.level,
  status: (n: NamingSummary) => n.status,
  kind: (n: NamingSummary) => n.kind,
} as const;

/** The partition of the expiry facet of namings whose region code starts with `prefix` (2, 4 or 6 digits). */
const expiryPartition = (prefix: string) => `naming-expiry#${prefix}`;

/**
 * The writes that keep a naming's facets in step with it, for the transaction that stores it: one copy of its
 * listing fields per filter (level, status, kind) keyed on the filter index, and while it is active one per region
 * level (province, city, county) keyed by its expiry date. A facet is small and changes only with the naming's
 * status, so a filtered list reads what it returns without a FilterExpression.
 */
export function facetWrites(n: Naming): TransactItem[] {
  const summary = summaryFromItem({ ...toItem(n) });
  const { kind, ...listed } = summary;
  const { regionPk, regionSk } = regionKeys(n);
  const writes: TransactItem[] = Object.entries(facetFilters).map(([name, value]) => ({
    Put: {
      TableName: '',
      Item: {
        pk: keyOf(n.id).pk,
        sk: `FACET#${name}`,
        kind: 'naming-facet',
        ...listed,
        namingKind: kind,
        ...filterKeys(regionPk, regionSk, name, value(summary)),
      },
    },
  }));
  const prefixes = [n.regionCode.slice(0, 2), n.regionCode.slice(0, 4), n.regionCode];
  for (const [i, prefix] of prefixes.entries()) {
    const key = { pk: keyOf(n.id).pk, sk: `FACET#expiry#${i}` };
    writes.push(
      n.status === 'active'
        ? {
            Put: {
              TableName: '',
              Item: {
                ...key,
                kind: 'naming-facet',
                ...listed,
                namingKind: kind,
                fPk: expiryPartition(prefix),
                fSk: `${n.expiresOn}#${n.id}`,
              },
            },
          }
        : { Delete: { TableName: '', Key: key } },
    );
  }
  return writes;
}

/** What a naming is made with: the level, the day and who issues it (by default the agency at that level of the unit's region). */
export interface NamingInput {
  level: NamingLevel;
  namedOn: string;
  campaignId?: string;
  issuedBy: string;
  issuer?: Issuer;
  /** The decision document it is named by, when its campaign recorded one (then `namedOn` is the decision's date). */
  decision?: { number: string; date: string };
  /** What it names (a campaign's honour); a 示范区 for a unit with `zone`, else a 示范单位, by default. */
  kind?: NamingKind;
  /** An advanced individual's name and work unit. */
  person?: PublicPerson;
  /** The expiry reminders in force (days before expiry, ending with 0): configuration's, else `defaultReminders`. */
  reminders?: readonly number[];
}

/** A new naming record for a unit, with its first expiry step as seen on `today`. */
function newNaming(unit: Unit, input: NamingInput & { certificateNo: string }, today: string, now: string): Naming {
  const expiresOn = expiryOf(input.namedOn);
  const milestone = firstExpiryStep(expiresOn, input.reminders ?? defaultReminders, today);
  const issuer = input.issuer ?? { agencyId: input.issuedBy, level: input.level, regionCode: regionAtLevel(unit.regionCode, input.level) };
  return {
    id: randomUUID(),
    unitId: unit.id,
    unitName: unit.name,
    unitType: unit.type,
    kind: input.kind ?? (unit.zone ? 'zone' : 'unit'),
    ...(input.person ? { person: input.person } : {}),
    regionCode: unit.regionCode,
    level: input.level,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    certificateNo: input.certificateNo,
    namedOn: input.namedOn,
    expiresOn,
    ...(input.decision ? { decision: input.decision } : {}),
    status: 'active',
    issuedBy: issuer.agencyId,
    issuer,
    ...(unit.authorityId ? { supervisorId: unit.authorityId } : {}),
    recipients: unit.contacts.map((c) => c.email),
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...(milestone ? { nextMilestone: milestone.daysBefore, nextMilestoneOn: milestone.date } : {}),
  };
}

/**
 * The certificate prefix of an issuer: `国民示` at national level, else the one its directory entry names, else the
 * default of its level and region (`defaultCertificatePrefix`).
 */
export async function issuerPrefix(store: Store, issuer: Issuer): Promise<string> {
  if (issuer.level === 'national') return nationalPrefix;
  return (await getAuthority(store, issuer.agencyId, true))?.certificatePrefix ?? defaultCertificatePrefix(issuer.level, issuer.regionCode);
}

/** The last number given or imported in a series (0 before the first). */
async function currentSequence(store: Store, prefix: string, year: number): Promise<number> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: seqKey(prefix, year), ConsistentRead: true }));
  return Number(Item?.seq ?? 0);
}

/** The update that moves a series from `current` to `next`, only if no one moved it meanwhile. */
function sequenceMove(store: Store, prefix: string, year: number, current: number, next: number): TransactItem {
  return {
    Update: {
      TableName: store.table,
      Key: seqKey(prefix, year),
      UpdateExpression: 'SET seq = :next',
      ConditionExpression: current === 0 ? 'attribute_not_exists(seq)' : 'seq = :current',
      ExpressionAttributeValues: { ':next': next, ...(current === 0 ? {} : { ':current': current }) },
    },
  };
}

/** Writers of one series contend for one counter: back off with jitter before retrying. */
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * attempt)));

/**
 * The active naming of a unit at a level, of one kind, if any (the one a renewal supersedes): a 教育基地 never
 * supersedes the same unit's 示范单位; individuals nominated by one unit are each their own honour and supersede
 * nothing.
 */
export async function activeNamingOf(
  store: Store,
  unitId: string,
  level: NamingLevel,
  kind: NamingKind = 'unit',
): Promise<Naming | undefined> {
  if (kind === 'individual') return undefined;
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :naming)',
      FilterExpression: '#level = :level AND #status = :active',
      ExpressionAttributeNames: { '#level': 'level', '#status': 'status' },
      ExpressionAttributeValues: { ':owner': `UNIT#${unitId}`, ':naming': 'NAMING#', ':level': level, ':active': 'active' },
    }),
  );
  return Items.map(fromItem)
    .filter((n) => n.kind === kind)
    .at(-1);
}

/** Every naming a unit has held, oldest first (a commendation applicant's eligibility). */
export async function listUnitNamings(store: Store, unitId: string): Promise<Naming[]> {
  const items = await queryAll(store, {
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :naming)',
    ExpressionAttributeValues: { ':owner': `UNIT#${unitId}`, ':naming': 'NAMING#' },
  });
  return items.map(fromItem);
}

/**
 * The writes that record a commendation on the naming it stands on, for the transaction that moves the submission:
 * the naming's next version (only if it is still at the version read) with its facets and an audit entry. None when
 * the naming already records this campaign's commendation, so a repeated step adds it once.
 */
export function commendationWrites(naming: Naming, commendation: Commendation, actor: Actor, now: string): TransactItem[] {
  const held = naming.commendations ?? [];
  if (held.some((c) => c.campaignId === commendation.campaignId)) return [];
  const after: Naming = { ...naming, commendations: [...held, commendation], version: naming.version + 1, updatedAt: now };
  return [
    {
      Update: {
        TableName: '',
        Key: keyOf(naming.id),
        UpdateExpression: 'SET commendations = :all, updatedAt = :now, version = :next',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':all': after.commendations, ':now': now, ':next': after.version, ':expected': naming.version },
      },
    },
    { Put: { TableName: '', Item: auditItem(keyOf(naming.id).pk, { actor, at: now, action: 'commend', after: commendation }) } },
    ...facetWrites(after),
  ];
}

/**
 * Names a unit: allocates the next number of its issuer's series (prefix and year) and stores the naming in one
 * transaction; a renewal at the same level supersedes the unit's active naming (its reminders stop). Concurrent
 * namings retry, so numbers never repeat and never skip; a number already held (imported before imports advanced
 * the series) is stepped over rather than failed on every day.
 */
export async function createNaming(
  store: Store,
  unit: Unit,
  input: NamingInput,
  actor: Actor,
  today: string,
  now: string,
  alongside: (naming: Naming) => TransactItem[] = () => [],
): Promise<Naming> {
  const year = Number(input.namedOn.slice(0, 4));
  const draft = newNaming(unit, { ...input, certificateNo: '' }, today, now);
  const prefix = seriesPrefix(await issuerPrefix(store, draft.issuer), draft.kind);
  for (let attempt = 0; attempt < 60; attempt++) {
    if (attempt > 0) await backOff(attempt);
    const current = await currentSequence(store, prefix, year);
    const naming: Naming = { ...draft, id: randomUUID(), certificateNo: certificateNumber(prefix, year, current + 1) };
    const previous = await activeNamingOf(store, unit.id, input.level, naming.kind);
    const previousTally = previous && (await readTally(store, previous.id));
    const superseded: Naming | undefined = previous && {
      ...previous,
      status: 'superseded',
      supersededBy: naming.id,
      updatedAt: now,
      version: previous.version + 1,
    };
    const others = alongside(naming).map((item) => inTable(store, item));
    const items: TransactItem[] = [
      sequenceMove(store, prefix, year, current, current + 1),
      {
        Put: {
          TableName: store.table,
          Item: { ...certKey(naming.certificateNo), namingId: naming.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: store.table, Item: toItem(naming), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(superseded
        ? [
            {
              Update: {
                TableName: store.table,
                Key: keyOf(superseded.id),
                UpdateExpression:
                  'SET #status = :superseded, supersededBy = :by, updatedAt = :now, version = version + :one REMOVE agendaKind, agendaDue, agendaMilestone',
                ConditionExpression: '#status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':superseded': 'superseded', ':by': naming.id, ':now': now, ':one': 1, ':active': 'active' },
              },
            },
          ]
        : []),
      { Put: { TableName: store.table, Item: auditItem(keyOf(naming.id).pk, { actor, at: now, action: 'createNaming', after: naming }) } },
      ...[
        ...facetWrites(naming),
        ...(superseded ? facetWrites(superseded) : []),
        ...tallyWrites([
          { namingId: naming.id, after: tallyOf(naming) },
          ...(superseded ? [{ namingId: superseded.id, before: previousTally, after: tallyOf(superseded) }] : []),
        ]),
        // The naming it supersedes no longer waits for a renewal.
        ...(previous ? await expiringDone(store, previous) : []),
      ].map((item) => inTable(store, item)),
    ];
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: [...items, ...others] }));
      return naming;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (others.length > 0 && failedFrom(error, items.length))
        throw new ConflictError(
          text('该命名所依据的信息同时发生了变化，请重试。', 'What this naming was made for changed at the same time; retry.'),
          'busy',
        );
      // The number is held already though the series never gave it: step the series over it.
      if (!failedAt(error, 0) && failedAt(error, 1)) {
        await store.doc
          .send(new TransactWriteCommand({ TransactItems: [sequenceMove(store, prefix, year, current, current + 1)] }))
          .catch((e: unknown) => {
            if (!isConditionFailure(e)) throw e;
          });
      }
    }
  }
  throw new ConflictError(text('该颁发机关同时命名过多，请重试。', 'Too many namings at once for this issuer; retry.'), 'busy');
}

/**
 * Stores a naming that predates Shifan with its own certificate number; a number already held is refused. The
 * number's series (prefix and year) is advanced past it in the same transaction, so the numbers Shifan gives later
 * follow it and never equal it.
 */
export async function importNaming(
  store: Store,
  unit: Unit,
  row: {
    level: NamingLevel;
    certificateNo: string;
    namedOn: string;
    reminders?: readonly number[];
    kind?: NamingKind;
    person?: PublicPerson;
  },
  issuer: Issuer,
  actor: Actor,
  today: string,
  now: string,
): Promise<Naming> {
  const naming = newNaming(unit, { ...row, issuedBy: issuer.agencyId, issuer }, today, now);
  const series = parseCertificateNumber(row.certificateNo)!;
  for (let attempt = 0; attempt < 60; attempt++) {
    if (attempt > 0) await backOff(attempt);
    const current = await currentSequence(store, series.prefix, series.year);
    const advance = series.sequence > current ? [sequenceMove(store, series.prefix, series.year, current, series.sequence)] : [];
    try {
      await store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: store.table,
                Item: { ...certKey(naming.certificateNo), namingId: naming.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: store.table, Item: toItem(naming), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: store.table,
                Item: auditItem(keyOf(naming.id).pk, { actor, at: now, action: 'importNaming', after: naming }),
              },
            },
            ...advance,
            ...[...facetWrites(naming), ...tallyWrites([{ namingId: naming.id, after: tallyOf(naming) }])].map((item) =>
              inTable(store, item),
            ),
          ],
        }),
      );
      return naming;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (failedAt(error, 0))
        throw new ConflictError(
          text(`证书编号 ${row.certificateNo} 已在名录中。`, `Certificate number ${row.certificateNo} is already in the registry.`),
          'duplicate-certificate',
        );
      // Another naming of the same series moved it meanwhile: read it again.
    }
  }
  throw new ConflictError(text('该编号序列同时命名过多，请重试。', 'Too many namings at once for this series; retry.'), 'busy');
}

/** The naming with this id, if any. */
export async function getNaming(store: Store, id: string, consistent = false): Promise<Naming | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keyOf(id), ConsistentRead: consistent }));
  return Item ? fromItem(Item) : undefined;
}

/** The naming with this certificate number, if any. */
export async function getNamingByCertificate(store: Store, certificateNo: string): Promise<Naming | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: certKey(certificateNo) }));
  return Item ? getNaming(store, String(Item.namingId)) : undefined;
}

/** A list's filters on namings: each is served by a key when it is the only one (type, then kind, level, status). */
export interface NamingFilters {
  type?: UnitType;
  kind?: NamingKind;
  level?: NamingLevel;
  status?: NamingStatus;
}

/**
 * Namings in a region (2-, 4- or 6-digit prefix), optionally filtered. The first filter given (type, kind, level,
 * status) is a key of the `filter` index, so the page reads what it returns; a second one narrows that read.
 */
export function listNamingsByRegion(
  store: Store,
  query: NamingFilters & {
    prefix: string;
    /** Only namings at this level or above (eligibility), read and dropped: pair it with a keyed filter. */
    atLeast?: NamingLevel;
    /** Only namings in force on this date (through `expiresOn`), read and dropped likewise. */
    inForceOn?: string;
    limit: number;
    cursor?: string;
  },
): Promise<Page<NamingSummary>> {
  const given = (
    [
      ['type', 'unitType'],
      ['kind', 'namingKind'],
      ['level', 'level'],
      ['status', 'status'],
    ] as const
  )
    .filter(([name]) => query[name] !== undefined)
    .map(([name, attribute]) => ({ name, attribute, value: String(query[name]) }));
  const [keyed, ...rest] = given;
  const levels = query.atLeast ? namingLevels.slice(namingLevels.indexOf(query.atLeast)) : [];
  return pageByRegion(
    store,
    {
      partition: `naming#${query.prefix.slice(0, 2)}`,
      prefix: query.prefix,
      ...(keyed ? { keyed: { name: keyed.name, value: keyed.value } } : {}),
      equal: Object.fromEntries(rest.map((f) => [f.attribute, f.value])),
      filters: [
        ...(levels.length
          ? [
              {
                expression: `#level IN (${levels.map((_, i) => `:l${i}`).join(', ')})`,
                values: Object.fromEntries(levels.map((l, i) => [`:l${i}`, l])),
                names: { '#level': 'level' },
              },
            ]
          : []),
        ...(query.inForceOn ? [{ expression: 'expiresOn >= :inForceOn', values: { ':inForceOn': query.inForceOn } }] : []),
      ],
      limit: query.limit,
      cursor: query.cursor,
    },
    summaryFromItem,
  );
}

/**
 * Active namings of a region (2-, 4- or 6-digit prefix) whose term ends between `from` and `to` (civil dates,
 * inclusive), soonest first, from the expiry facets: the page reads what it returns.
 */
export function listExpiringNamings(
  store: Store,
  query: { prefix: string; from: string; to: string; limit: number; cursor?: string },
): Promise<Page<NamingSummary>> {
  const partition = expiryPartition(query.prefix);
  const startKey = decodeCursor(
    query.cursor,
    ['pk', 'sk', 'fPk', 'fSk'],
    (k) => k.fPk === partition && k.fSk! >= query.from && k.fSk! <= `${query.to}~`,
  );
  return queryPage(
    store,
    {
      IndexName: 'filter',
      KeyConditionExpression: 'fPk = :p AND fSk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': partition, ':from': query.from, ':to': `${query.to}~` },
    },
    query.limit,
    startKey,
    summaryFromItem,
  );
}

/**
 * Revokes an active naming with a reason: its reminders stop; revoking twice → 409. The revocation notice rides on
 * the agenda (due today) until a sweep has queued it, so it is sent even when queuing it right away fails. With
 * `ifMatch` only at a version it matches (412 otherwise).
 */
export async function revokeNaming(
  store: Store,
  id: string,
  reason: string,
  actor: Actor,
  today: string,
  now: string,
  alongside: TransactItem[] = [],
  ifMatch?: IfMatch,
): Promise<Naming> {
  const [before, tally] = await Promise.all([getNaming(store, id, true), readTally(store, id)]);
  if (!before) throw new NotFoundError(text(`未找到命名 ${id}。`, `No naming ${id}.`));
  checkIfMatch(ifMatch, before.version);
  if (before.status !== 'active')
    throw new ConflictError(
      text(
        `该命名状态为 ${before.status}；只有有效的命名才能撤销。`,
        `The naming is ${before.status}; only an active naming can be revoked.`,
      ),
      'not-active',
    );
  const after: Naming = {
    ...before,
    status: 'revoked',
    revokedOn: today,
    revokeReason: reason,
    version: before.version + 1,
    updatedAt: now,
  };
  delete after.nextMilestone;
  delete after.nextMilestoneOn;
  // A revocation settles any revocation proposed for it (issue #19).
  delete after.revocationProposal;
  // The revocation notice rides on the agenda (due today) until a sweep has queued it.
  await versionedWrite(store, {
    item: { ...toItem(after), agendaKind: revocationNoticeKind, agendaDue: today, agendaMilestone: 0 },
    expectedVersion: before.version,
    audit: auditItem(keyOf(id).pk, { actor, at: now, action: 'revokeNaming', before, after }),
    extra: [
      ...facetWrites(after),
      ...tallyWrites([{ namingId: id, before: tally, after: tallyOf(after) }]),
      ...alongside,
      ...(await expiringDone(store, before)),
      // A revocation settles the revocation proposed for it: off the issuer's open work.
      ...workWrites({ done: before.revocationProposal ? await indexedWork(store, [revocationProposalWork(before)]) : [] }),
    ],
    current: () => getNaming(store, id, true),
  });
  return after;
}

/**
 * Moves a naming's expiry agenda past the step just acted on to the next one ahead (or off the agenda), only if it
 * still stands at `stored` — no other sweep moved it first. The step after the expiry day (`expiredStep`) marks it
 * expired, with its facets. Returns whether this call moved it.
 */
export async function advanceExpiryMilestone(
  store: Store,
  naming: Naming,
  { stored, acted, next }: AgendaStep,
  now: string,
  /** Whether the naming waits for a renewal at this reminder: its expiry becomes open work of the issuer, once. */
  unrenewed = false,
): Promise<boolean> {
  const expired = acted === expiredStep;
  const update: TransactItem = {
    Update: {
      TableName: store.table,
      Key: keyOf(naming.id),
      UpdateExpression: [
        `SET updatedAt = :now${next ? ', agendaDue = :due, agendaMilestone = :next' : ''}${expired ? ', #status = :expired, version = version + :one' : ''}`,
        next ? '' : 'REMOVE agendaKind, agendaDue, agendaMilestone',
      ]
        .join(' ')
        .trim(),
      ConditionExpression: 'agendaMilestone = :acted AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':now': now,
        ':acted': stored,
        ':active': 'active',
        ...(next ? { ':due': next.date, ':next': next.daysBefore } : {}),
        ...(expired ? { ':expired': 'expired', ':one': 1 } : {}),
      },
    },
  };
  try {
    // Only the move to expired changes what the facets and counters show; a reminder's move is one conditional update.
    if (expired) {
      const after: Naming = { ...naming, status: 'expired', version: naming.version + 1, updatedAt: now };
      const counted = tallyWrites([{ namingId: naming.id, before: await readTally(store, naming.id), after: tallyOf(after) }]);
      const done = await expiringDone(store, naming);
      const facets = [...facetWrites(after), ...counted, ...done].map((item) => inTable(store, item));
      await store.doc.send(new TransactWriteCommand({ TransactItems: [update, ...facets] }));
    } else if (unrenewed) {
      // The work arises at the first reminder acted on; at a later one it is there already (the put's condition).
      const arise = workWrites({ arise: [expiringWork(naming)] }).map((w) => inTable(store, w));
      arise[0] = { Put: { ...arise[0]!.Put!, ConditionExpression: 'attribute_not_exists(pk)' } };
      await store.doc.send(new TransactWriteCommand({ TransactItems: [update, ...arise] })).catch(async (error: unknown) => {
        if (!failedAt(error, 1) || failedAt(error, 0)) throw error;
        await store.doc.send(new UpdateCommand(update.Update!));
      });
    } else {
      await store.doc.send(new UpdateCommand(update.Update!));
    }
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The open work a naming expiring without a renewal is, for the authority that issued it: listed by its expiry day
 * (the soonest first), which is also when it is due.
 */
export function expiringWork(naming: Naming): { owner: WorkOwner; item: WorkItem } {
  return {
    owner: { agencyId: naming.issuedBy },
    item: {
      kind: 'expiring',
      id: naming.id,
      title: `${naming.unitName}（${naming.certificateNo}）`,
      since: naming.expiresOn,
      due: naming.expiresOn,
      link: `/v1/namings/${naming.id}`,
    },
  };
}

/** The open work a revocation proposed by a failed annual evaluation is (issue #19), for the naming's issuer to decide. */
export function revocationProposalWork(naming: Naming): { owner: WorkOwner; item: WorkItem } {
  return {
    owner: { agencyId: naming.issuer?.agencyId ?? naming.issuedBy },
    item: {
      kind: 'revocation-proposal',
      id: naming.id,
      title: `${naming.unitName}（${naming.certificateNo}）`,
      since: naming.revocationProposal?.proposedOn ?? naming.updatedAt,
      link: `/v1/namings/${naming.id}/revocation-proposal/decision`,
    },
  };
}

/**
 * The writes that take a naming's expiry off the issuer's open work (renewed, revoked, expired), for the transaction
 * of that change — none if it never became open work (a read of its key tells).
 */
export async function expiringDone(store: Store, naming: Naming): Promise<TransactItem[]> {
  const { owner, item } = expiringWork(naming);
  const key = { pk: workPartition(owner), sk: workSk(item) };
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: key, ConsistentRead: true }));
  if (!Item) return [];
  const writes = workWrites({ done: [{ owner, item }] });
  writes[0] = { Delete: { ...writes[0]!.Delete!, ConditionExpression: 'attribute_exists(pk)' } };
  return writes;
}

/** A naming item from the agenda index as a naming. */
export const namingFromItem = fromItem;

/** The stored item of a naming (for bulk loading in benchmarks and imports). */
export const namingItem = toItem;

/**
 * The updates that give a unit's namings its current contact emails and supervising authority, to be written in
 * the same transaction as the unit's change (so that reminders never go to an address the unit replaced).
 */
export async function namingRecipientUpdates(
  store: Store,
  unitId: string,
  recipients: readonly string[],
  supervisorId: string | undefined,
  now: string,
): Promise<TransactItem[]> {
  const items = await queryAll(store, {
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :naming)',
    ExpressionAttributeValues: { ':owner': `UNIT#${unitId}`, ':naming': 'NAMING#' },
  });
  return items.map((item) => ({
    Update: {
      TableName: store.table,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET recipients = :to, updatedAt = :now${supervisorId ? ', supervisorId = :sup' : ' REMOVE supervisorId'}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':to': recipients, ':now': now, ...(supervisorId ? { ':sup': supervisorId } : {}) },
    },
  }));
}

/**
 * The update that records a naming's renewal once it is submitted, for the submission's transaction. The naming stays
 * on its expiry agenda: the sweep stays silent while the renewal is under way and sends the next milestone due if it
 * is withdrawn, returned, rejected, vetoed or not selected (`renewalUnderWay`).
 */
export function renewalSubmitted(naming: Naming, submissionId: string, now: string): TransactItem {
  return {
    Update: {
      TableName: '',
      Key: keyOf(naming.id),
      UpdateExpression: 'SET renewalSubmissionId = :sid, updatedAt = :now',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sid': submissionId, ':now': now, ':active': 'active' },
    },
  };
}
