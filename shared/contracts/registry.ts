import * as z from 'zod';
import { registryEntry, registryQuery } from '../domain/registry.ts';
import { listOf } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';

const entry = named(
  registryEntry,
  'RegistryEntry',
  'A registry entry (命名名录): who is named, at which level, until when; no contacts, no personal data.',
);

/** What each route of the `registry` function accepts and answers: the schemas that validate its requests and document it. */
export const registryContract = {
  listRegistry: { query: registryQuery, response: named(listOf(entry), 'RegistryEntryPage') },
  getRegistryEntry: { params: z.object({ certificateNo: z.string().min(1).max(300) }), response: entry },
} satisfies Contract<'registry'>;
