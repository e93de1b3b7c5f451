import * as z from 'zod';

// Each kind of value once: the schema is built at every cold start, and zod builds one object per call.
const optionalUrl = z.url().optional();
const optionalText = z.string().optional();
const required = z.string().min(1);
const resourceName = z.string().min(3);

/** Runtime configuration, validated once at cold start; a missing variable fails loudly here. */
export const configSchema = z.object({
  STAGE: required.default('dev'),
  AWS_REGION: required.default('us-east-1'),
  TABLE_MAIN: resourceName,
  TABLE_USAGE: resourceName,
  BUCKET_EVIDENCE: resourceName,
  QUEUE_NOTICES_URL: required,
  QUEUE_NOTICES_DLQ_URL: required,
  QUEUE_WEBHOOKS_URL: required,
  QUEUE_WEBHOOKS_DLQ_URL: required,
  /** The KMS key that seals webhook signing secrets (set by the CDK stack). */
  WEBHOOK_KEY_ID: optionalText,
  /** Without a KMS key (the local host): a 32-byte AES key, base64, that seals them instead. */
  WEBHOOK_SEALING_KEY: optionalText,
  MAIL_FROM: resourceName.default('no-reply@shifan.example.cn'),
  MAIL_TRANSPORT: z.enum(['ses', 'smtp']).default('ses'),
  SMTP_URL: optionalText,
  /** A Secrets Manager secret whose string is the SMTP URL with its credentials (preferred over SMTP_URL in the cloud). */
  SMTP_SECRET_ARN: optionalText,
  /** The SES configuration set whose bounce and complaint events reach `mail-events` (set by the CDK stack). */
  SES_CONFIGURATION_SET: optionalText,
  /** Machine clients (set by the CDK stack where it makes the user pool; unset: the local host's directory). */
  USER_POOL_ID: optionalText,
  PEOPLE_CLIENT_ID: optionalText,
  JWT_ISSUER: optionalText,
  API_ID: optionalText,
  AUTHORIZER_ID: optionalText,
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  /** Whether S3 refuses an upload whose body does not match its signed SHA-256 (AWS does, fauxqs does not); unset: true without S3_ENDPOINT. */
  S3_VERIFIES_CHECKSUMS: z.stringbool().optional(),
  /** Days before a naming expires at which its holder is reminded; the expiry day itself is always a milestone (default: the domain's `defaultReminders`). */
  NAMING_REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,4}(,\d{1,4})*$/, 'must be days as a comma-separated list')
    .default('180,90,30,7')
    .transform((days) => [...new Set([...days.split(',').map(Number), 0])].sort((a, b) => b - a)),
});

/** Validated configuration. */
export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

/** Reads and validates the environment once per process. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  cached = parsed.data;
  return cached;
}
