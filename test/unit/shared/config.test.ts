import { describe, expect, it } from 'vitest';
import { defaultReminders } from '../../../shared/domain/namings.ts';
import { configSchema } from '../../../shared/config.ts';

const required = {
  TABLE_MAIN: 'main',
  TABLE_USAGE: 'usage',
  BUCKET_EVIDENCE: 'evidence',
  QUEUE_NOTICES_URL: 'q',
  QUEUE_NOTICES_DLQ_URL: 'dlq',
  QUEUE_WEBHOOKS_URL: 'w',
  QUEUE_WEBHOOKS_DLQ_URL: 'wdlq',
};

describe('Config: NAMING_REMINDER_DAYS', () => {
  it('defaults to 180, 90, 30 and 7 days before expiry, and the expiry day', () => {
    expect(configSchema.parse(required).NAMING_REMINDER_DAYS).toEqual([180, 90, 30, 7, 0]);
    expect(configSchema.parse(required).NAMING_REMINDER_DAYS).toEqual(defaultReminders);
  });

  it('takes other days, in any order, and always keeps the expiry day', () => {
    expect(configSchema.parse({ ...required, NAMING_REMINDER_DAYS: '15,60' }).NAMING_REMINDER_DAYS).toEqual([60, 15, 0]);
  });

  it('refuses anything but a comma-separated list of days', () => {
    expect(configSchema.safeParse({ ...required, NAMING_REMINDER_DAYS: '60;-1' }).success).toBe(false);
  });
});
