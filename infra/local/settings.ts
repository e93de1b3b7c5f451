import * as z from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings of the local host, from the environment (README, Configuration). */
export const localSettingsSchema = z.object({
  SHIFAN_API_PORT: port(3000),
  SHIFAN_DYNAMODB_PORT: port(8000),
  SHIFAN_SQS_PORT: port(4566),
  SHIFAN_SES_PORT: port(8005),
  SHIFAN_DATA_DIR: z.string().min(1).default('.data'),
  SHIFAN_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('WARN'),
});

/** Settings of the local host. */
export type LocalSettings = z.infer<typeof localSettingsSchema>;

/** Reads the local host's settings; a bad value is a one-line error. */
export function readLocalSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const parsed = localSettingsSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid setting ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The environment every handler process reads on the local host: fake credentials and emulator endpoints. */
export function handlerEnvironment(
  endpoints: { dynamodb: string; sqs: string; s3: string; ses: string },
  logLevel: string,
): Record<string, string> {
  return {
    STAGE: 'local',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DYNAMODB_ENDPOINT: endpoints.dynamodb,
    SQS_ENDPOINT: endpoints.sqs,
    S3_ENDPOINT: endpoints.s3,
    SES_ENDPOINT: endpoints.ses,
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_DEV: 'false',
    // Scopes Powertools' per-invocation state when the local host runs invocations concurrently in one process.
    AWS_LAMBDA_MAX_CONCURRENCY: '64',
  };
}
