import { inject } from 'vitest';

/** One email as the SES emulator stored it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** Every email the run's SES emulator has accepted (`GET /store`). */
export async function sentEmails(): Promise<StoredEmail[]> {
  const response = await fetch(`${inject('endpoints').ses}/store`);
  if (!response.ok) throw new Error(`SES emulator store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** Polls the SES store until `predicate` holds for the emails or `timeoutMs` passes; returns the last read. */
export async function waitForEmails(predicate: (emails: StoredEmail[]) => boolean, timeoutMs = 10_000): Promise<StoredEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await sentEmails();
    if (predicate(emails) || Date.now() > deadline) return emails;
    await new Promise((r) => setTimeout(r, 100));
  }
}
