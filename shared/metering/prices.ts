import type { Usage } from './usage.ts';

/** A price per unit of usage, in micro-units of the currency (1e-6); null where the price is not yet known. */
export type UnitPrices = Record<Exclude<keyof Usage, 'mbMs'> | 'gbSecond', number | null>;

/** One version of the prices of one region. */
export interface PriceTable {
  region: string;
  currency: 'USD' | 'CNY';
  effectiveFrom: string;
  source: string;
  prices: UnitPrices;
}

const unknown: UnitPrices = {
  lambdaRequests: null,
  gbSecond: null,
  apiRequests: null,
  readUnits: null,
  writeUnits: null,
  sqsRequests: null,
  s3WriteRequests: null,
  s3ReadRequests: null,
  emails: null,
  recipients: null,
};

/**
 * Price tables, newest version last per region. Sources: AWS's public pricing pages for Lambda (arm64), API Gateway
 * (HTTP APIs, first 300 M requests), DynamoDB on-demand (standard table class, after the November 2024 reduction),
 * SQS (standard queue), S3 Standard and SES (outbound email, charged per recipient). Prices we have not confirmed
 * are null and reported as unpriced units, never as zero.
 */
export const priceTables: readonly PriceTable[] = [
  {
    region: 'us-east-1',
    currency: 'USD',
    effectiveFrom: '2024-11-01',
    source: 'aws.amazon.com/{lambda,api-gateway,dynamodb,sqs,s3,ses}/pricing, read 2026-11',
    prices: {
      lambdaRequests: 0.2,
      gbSecond: 13.3334,
      apiRequests: 1,
      readUnits: 0.125,
      writeUnits: 0.625,
      sqsRequests: 0.4,
      s3WriteRequests: 5,
      s3ReadRequests: 0.4,
      emails: 0,
      recipients: 100,
    },
  },
  { region: 'ap-east-1', currency: 'USD', effectiveFrom: '2024-11-01', source: 'not yet confirmed', prices: unknown },
  {
    region: 'cn-north-1',
    currency: 'CNY',
    effectiveFrom: '2024-11-01',
    source: 'not yet confirmed (amazonaws.cn pricing)',
    prices: unknown,
  },
  {
    region: 'cn-northwest-1',
    currency: 'CNY',
    effectiveFrom: '2024-11-01',
    source: 'not yet confirmed (amazonaws.cn pricing)',
    prices: unknown,
  },
];

/** The price table in force in a region on a date; regions without a table are priced entirely as unknown. */
export function priceTableFor(region: string, date: string): PriceTable {
  const candidates = priceTables.filter((t) => t.region === region && t.effectiveFrom <= date);
  return (
    candidates.at(-1) ?? {
      region,
      currency: region.startsWith('cn-') ? 'CNY' : 'USD',
      effectiveFrom: date,
      source: 'none',
      prices: unknown,
    }
  );
}

/** A priced amount: exact micro-units (fractional), and the usage kinds that had no price. */
export interface Priced {
  micros: number;
  currency: string;
  unpriced: (keyof Usage)[];
}

/** Prices usage with a table: GB-s from MB·ms, each kind times its price; unknown prices are listed, not zeroed. */
export function priceUsage(usage: Usage, table: PriceTable): Priced {
  let micros = 0;
  const unpriced: (keyof Usage)[] = [];
  for (const [kind, quantity] of Object.entries(usage) as [keyof Usage, number][]) {
    if (quantity === 0) continue;
    const price = kind === 'mbMs' ? table.prices.gbSecond : table.prices[kind];
    const amount = kind === 'mbMs' ? quantity / 1024 / 1000 : quantity;
    if (price === null) unpriced.push(kind);
    else micros += amount * price;
  }
  return { micros, currency: table.currency, unpriced };
}
