import { importBody } from '../domain/namings.ts';
import { recheckCreate, recheckOutcome } from '../domain/rechecks.ts';
import { eligibleQuery, namingListQuery, namingSummary, revokeBody } from '../domain/registry.ts';
import { listOf } from '../domain/schema.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `namings` function accepts and answers: the schemas that validate its requests and document it. */
export const namingsContract = {
  importNamings: { body: importBody },
  listNamings: { query: namingListQuery, response: listOf(namingSummary) },
  listEligibleNamings: { query: eligibleQuery, response: listOf(namingSummary) },
  getNaming: {},
  revokeNaming: { body: revokeBody },
  listNamingNotices: {},
  createRecheck: { body: recheckCreate },
  listRechecks: {},
  recordRecheckOutcome: { body: recheckOutcome },
} satisfies Contract<'namings'>;
