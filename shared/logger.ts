import { Logger } from '@aws-lambda-powertools/logger';

/** The process's structured JSON logger (Powertools); the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'shifan' });
