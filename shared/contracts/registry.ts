import * as z from 'zod';
import { registryEntry, registryQuery } from '../domain/registry.ts';
import { listOf } from '../domain/schema.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `registry` function accepts and answers: the schemas that validate its requests and document it. */
export const registryContract = {
  listRegistry: { query: registryQuery, response: listOf(registryEntry) },
  getRegistryEntry: { params: z.object({ certificateNo: z.string().min(1).max(300) }), response: registryEntry },
} satisfies Contract<'registry'>;
