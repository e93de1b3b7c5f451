/** A key attribute of a table or index; all keys here are strings. */
export interface KeyDef {
  partition: string;
  sort?: string;
}

/** A table: its keys, global secondary indexes and TTL attribute. One source for CDK and the local bootstrap. */
export interface TableDef {
  /** Logical name; the physical name comes from config (`TABLE_MAIN`, `TABLE_USAGE`). */
  name: 'main' | 'usage';
  key: KeyDef;
  indexes: Record<string, KeyDef>;
  ttlAttribute?: string;
  /** A stream of its changes with both images (the webhook publisher reads the main table's). */
  stream?: 'NEW_AND_OLD_IMAGES';
}

/**
 * The registry and workflow table (single-table).
 * - `region`: entities by administrative division; partition `<entity>#<2-digit province>`, sort key starting with
 *   the 6-digit code, so `begins_with` answers a province, a city (4 digits) or a county (6 digits).
 * - `agenda`: sparse; only items with a next deadline carry `agendaKind` and `agendaDue` (YYYY-MM-DD), so the daily
 *   sweep reads what is due and nothing else.
 * - `byOwner`: children listed under a parent (a campaign's submissions, a unit's namings …).
 * - `filter`: a list's filter served by a key, not by a FilterExpression: `fPk` is the item's region (or owner)
 *   partition narrowed by one attribute's value (`unit#42#type=school`), `fSk` its region (or owner) sort key, so a
 *   filtered page reads what it returns (`filterKeys`, `pageByRegion`'s `keyed`). One index for every such filter:
 *   CloudFormation adds at most one GSI per stack update.
 */
export const mainTable = {
  name: 'main',
  key: { partition: 'pk', sort: 'sk' },
  indexes: {
    region: { partition: 'regionPk', sort: 'regionSk' },
    agenda: { partition: 'agendaKind', sort: 'agendaDue' },
    byOwner: { partition: 'ownerPk', sort: 'ownerSk' },
    filter: { partition: 'fPk', sort: 'fSk' },
  },
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const satisfies TableDef;

/** The cost ledger: one item per agency × day × operation, plus per-request records with a TTL. */
export const usageTable = {
  name: 'usage',
  key: { partition: 'pk', sort: 'sk' },
  indexes: {},
  ttlAttribute: 'expiresAt',
} as const satisfies TableDef;

/** Every table. */
export const tables: readonly TableDef[] = [mainTable, usageTable];
