import { httpFunction } from '../../shared/http/handler.ts';
import { platformContract } from '../../shared/contracts/platform.ts';
import { docs } from './docs.ts';
import { docsScript } from './docs-script.ts';
import { health } from './health.ts';
import { openapi } from './openapi.ts';
import { getProblemType } from './get-problem-type.ts';
import { getMyWork } from './get-my-work.ts';

/**
 * Health, the OpenAPI document, the reference page with its script, the problem types' pages, the caller's open work
 * and any unknown route (404).
 */
export const handler = httpFunction('platform', platformContract, { health, openapi, docs, docsScript, getProblemType, getMyWork });
