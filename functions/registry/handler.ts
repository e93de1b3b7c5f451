import { httpFunction } from '../../shared/http/handler.ts';
import { registryContract } from '../../shared/contracts/registry.ts';
import { getRegistryEntry } from './get-registry-entry.ts';
import { listRegistry } from './list-registry.ts';

/** The public registry (no sign-in). */
export const handler = httpFunction('registry', registryContract, { listRegistry, getRegistryEntry });
