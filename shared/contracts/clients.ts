import * as z from 'zod';
import { clientCreate, clientCreated, machineClient } from '../domain/clients.ts';
import { named, type Contract } from '../http/contract.ts';

/** A machine client's id in a path. */
const clientParam = z.object({ clientId: z.string().min(1).max(128) });

const client = named(
  machineClient,
  'MachineClient',
  "An agency's system registered as a machine client (机器客户端): the agency it acts for and its scopes.",
);

/** What each route of the `clients` function accepts and answers: the schemas that validate its requests and document it. */
export const clientsContract = {
  createClient: {
    body: named(clientCreate, 'ClientCreate'),
    response: named(clientCreated, 'ClientCreated', 'A machine client just registered, with its secret: shown this once.'),
  },
  getClient: { params: clientParam, response: client },
} satisfies Contract<'clients'>;
