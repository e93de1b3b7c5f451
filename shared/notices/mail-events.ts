import * as z from 'zod';
import { lazySchema } from '../domain/schema.ts';

// An address is at most 254 characters (RFC 5321); a longer one is no address, and would not fit a key.
const recipient = lazySchema(() => z.object({ emailAddress: z.string().max(254) }));

/** An SES event (configuration-set event or notification): only what suppression needs is read. */
export const mailEvent = lazySchema(() =>
  z.object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: z.array(recipient) }).optional(),
    complaint: z.object({ complainedRecipients: z.array(recipient) }).optional(),
  }),
);

/** An SES event. */
export type MailEvent = z.infer<typeof mailEvent>;

/** The addresses an event suppresses: hard (permanent) bounces and complaints; soft bounces suppress nothing. */
export function addressesToSuppress(event: MailEvent): { address: string; reason: string }[] {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return event.bounce.bouncedRecipients.map((r) => ({ address: r.emailAddress, reason: 'hard-bounce' }));
  }
  if (type === 'Complaint' && event.complaint)
    return event.complaint.complainedRecipients.map((r) => ({ address: r.emailAddress, reason: 'complaint' }));
  return [];
}

/** An SQS body from SNS (an envelope with `Message`) or raw delivery, as an SES event. */
export function mailEventFromQueueBody(body: string): MailEvent {
  const parsed = JSON.parse(body) as { Type?: string; Message?: string };
  return mailEvent.parse(parsed.Type === 'Notification' && typeof parsed.Message === 'string' ? JSON.parse(parsed.Message) : parsed);
}
