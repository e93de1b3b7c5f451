import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { maskPersonal, personalKeys, personalPlaceholder } from './domain/personal.ts';

/** Keys whose values are identifiers, never personal data (an account id could pass for a landline number). */
const structural = new Set(['function_arn', 'function_request_id', 'xray_trace_id', 'requestId', 'timestamp', 'route']);

/** Most lines an invocation holds back; past it, lines are written at once (without the invocation's cost). */
const maxHeld = 500;

/**
 * Powertools' logger, able to hold an invocation's lines until its cost is known, so that every line of the
 * invocation carries the same `cost` (the metering middleware holds at the start and releases at the end, or just
 * before the function would time out).
 */
class InvocationLogger extends Logger {
  // Per invocation (several may run at once in one process), like the meter.
  readonly #held = new AsyncLocalStorage<{ lines: { level: number; log: LogItem }[]; released: boolean; keys: Record<string, unknown> }>();

  /** From now on, the lines of this invocation's async chain wait for `release`. */
  hold(): void {
    this.#held.enterWith({ lines: [], released: false, keys: {} });
  }

  /**
   * Adds keys to every line of this invocation only (request id, route, job): unlike `appendKeys`, they stay with
   * their invocation when several run at once in one process.
   */
  appendInvocationKeys(keys: Record<string, unknown>): void {
    const held = this.#held.getStore();
    if (held) Object.assign(held.keys, keys);
    else this.appendKeys(keys);
  }

  /** Writes this invocation's held lines with `attributes` added to each, and stops holding. */
  release(attributes: Record<string, unknown>): void {
    const held = this.#held.getStore();
    if (!held || held.released) return;
    held.released = true;
    Object.assign(held.keys, attributes);
    for (const { level, log } of held.lines.splice(0)) super.printLog(level, log.addAttributes(held.keys));
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    const held = this.#held.getStore();
    if (held && !held.released && held.lines.length < maxHeld) held.lines.push({ level: logLevel, log });
    else super.printLog(logLevel, held ? log.addAttributes(held.keys) : log);
  }
}

/**
 * The process's structured JSON logger (Powertools); the service name comes from POWERTOOLS_SERVICE_NAME. Every
 * string it writes passes through `maskPersonal`: an email address or a phone number never reaches the logs, and an
 * individual's particulars (`personalKeys`: a nomination's nominee) are replaced whole.
 */
export const logger = new InvocationLogger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'shifan',
  jsonReplacerFn: (key, value) =>
    personalKeys.has(key) ? personalPlaceholder : typeof value === 'string' && !structural.has(key) ? maskPersonal(value) : value,
});
