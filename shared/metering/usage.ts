import { AsyncLocalStorage } from 'node:async_hooks';

/** What one invocation consumed, in the units AWS bills. */
export interface Usage {
  lambdaRequests: number;
  /** Billed duration × configured memory, in MB·ms (duration rounded up to the millisecond). */
  mbMs: number;
  apiRequests: number;
  readUnits: number;
  writeUnits: number;
  sqsRequests: number;
  /** S3 PUT, COPY, POST, LIST requests. */
  s3WriteRequests: number;
  /** S3 GET and other requests. */
  s3ReadRequests: number;
  emails: number;
  recipients: number;
}

/** Usage counters, all zero. */
export function emptyUsage(): Usage {
  return {
    lambdaRequests: 0,
    mbMs: 0,
    apiRequests: 0,
    readUnits: 0,
    writeUnits: 0,
    sqsRequests: 0,
    s3WriteRequests: 0,
    s3ReadRequests: 0,
    emails: 0,
    recipients: 0,
  };
}

/** Adds `b` into `a`. */
export function addUsage(a: Usage, b: Partial<Usage>): Usage {
  for (const [key, value] of Object.entries(b) as [keyof Usage, number][]) a[key] += value;
  return a;
}

/** The meter of the current invocation: its usage and who it is attributed to. */
export interface Meter {
  usage: Usage;
  agencyId: string;
  operation: string;
  /** When the work served several agencies (a sweep's notices, a batch of them), each agency's share of it. */
  shares?: Map<string, number>;
}

const current = new AsyncLocalStorage<Meter>();

/** Starts metering the rest of this invocation's async chain. */
export function enterMeter(meter: Meter): void {
  current.enterWith(meter);
}

/** Runs `fn` with its own meter (used by tools and tests that call repositories outside a handler). */
export function withMeter<T>(meter: Meter, fn: () => T): T {
  return current.run(meter, fn);
}

/** Adds consumption to the current invocation's meter; outside an invocation it is not counted. */
export function consume(delta: Partial<Usage>): void {
  const meter = current.getStore();
  if (meter) addUsage(meter.usage, delta);
}

/**
 * Gives an agency one more share of the current invocation: a job or consumer calls this per piece of work (a notice
 * made or sent), and the invocation's usage is split between agencies in proportion.
 */
export function attributeShare(agencyId: string, weight = 1): void {
  const meter = current.getStore();
  if (!meter) return;
  meter.shares ??= new Map();
  meter.shares.set(agencyId, (meter.shares.get(agencyId) ?? 0) + weight);
}

/** Usage scaled by a fraction (an agency's share of an invocation). */
export function scaleUsage(usage: Usage, fraction: number): Usage {
  const scaled = emptyUsage();
  for (const [k, v] of Object.entries(usage) as [keyof Usage, number][]) scaled[k] = v * fraction;
  return scaled;
}
