import type { Contract } from '../http/contract.ts';

/** What each route of the `platform` function accepts and answers: the schemas that validate its requests and document it. */
export const platformContract = {
  health: {},
  openapi: {},
  docs: {},
} satisfies Contract<'platform'>;
