import { Logger } from '@aws-lambda-powertools/logger';
import { maskPersonal } from './domain/personal.ts';

/**
 * The process's structured JSON logger (Powertools); the service name comes from POWERTOOLS_SERVICE_NAME. Every
 * string it writes passes through `maskPersonal`: an email address or a phone number never reaches the logs.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'shifan',
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? maskPersonal(value) : value),
});
