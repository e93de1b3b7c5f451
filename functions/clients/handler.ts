import { httpFunction } from '../../shared/http/handler.ts';
import { clientsContract } from '../../shared/contracts/clients.ts';
import { createClient } from './create-client.ts';
import { getClient } from './get-client.ts';

/** Machine clients: the only function that carries the Cognito and API Gateway clients, and may use them. */
export const handler = httpFunction('clients', clientsContract, { createClient, getClient });
