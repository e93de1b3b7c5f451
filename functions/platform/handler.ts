import { httpFunction } from '../../shared/http/handler.ts';
import { platformContract } from '../../shared/contracts/platform.ts';
import { docs } from './docs.ts';
import { health } from './health.ts';
import { openapi } from './openapi.ts';

/** Health, the OpenAPI document and the reference page. */
export const handler = httpFunction('platform', platformContract, { health, openapi, docs });
