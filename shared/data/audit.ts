import { randomUUID } from 'node:crypto';

/** Who did something, as the audit trail records it. */
export interface Actor {
  sub: string;
  role: string;
  agencyId: string;
  requestId: string;
}

/** One entry of an aggregate's audit trail: who, when, what, before → after. */
export interface AuditEntry {
  actor: Actor;
  at: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** The item that records an audit entry beside its aggregate (same partition, sorted by time). */
export function auditItem(pk: string, entry: AuditEntry): Record<string, unknown> {
  return { pk, sk: `AUDIT#${entry.at}#${randomUUID().slice(0, 8)}`, kind: 'audit', ...entry };
}
