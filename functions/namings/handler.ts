import { httpFunction } from '../../shared/http/handler.ts';
import { importNamings } from './import-namings.ts';
import { getNaming } from './get-naming.ts';
import { revokeNaming } from './revoke-naming.ts';
import { listEligibleNamings } from './list-eligible-namings.ts';
import { listNamingNotices } from './list-naming-notices.ts';

/** Namings: import, read, revoke, eligibility. */
export const handler = httpFunction('namings', { importNamings, getNaming, revokeNaming, listEligibleNamings, listNamingNotices });
