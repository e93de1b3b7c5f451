import { httpFunction } from '../../shared/http/handler.ts';
import { namingsContract } from '../../shared/contracts/namings.ts';
import { importNamings } from './import-namings.ts';
import { getNaming } from './get-naming.ts';
import { revokeNaming } from './revoke-naming.ts';
import { decideRevocationProposal } from './decide-revocation-proposal.ts';
import { listEligibleNamings } from './list-eligible-namings.ts';
import { listNamings } from './list-namings.ts';
import { listNamingNotices } from './list-naming-notices.ts';
import { createRecheck } from './create-recheck.ts';
import { listRechecks } from './list-rechecks.ts';
import { recordRecheckOutcome } from './record-recheck-outcome.ts';
import { recordInspectionFindings } from './record-inspection-findings.ts';

/** Namings: import, read, revoke, eligibility, notices, rechecks. */
export const handler = httpFunction('namings', namingsContract, {
  importNamings,
  listNamings,
  getNaming,
  revokeNaming,
  decideRevocationProposal,
  listEligibleNamings,
  listNamingNotices,
  createRecheck,
  listRechecks,
  recordRecheckOutcome,
  recordInspectionFindings,
});
