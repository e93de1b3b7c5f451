import { describe, expect, it } from 'vitest';
import { priceTableFor, priceUsage } from '../../../../shared/metering/prices.ts';
import { emptyUsage } from '../../../../shared/metering/usage.ts';

describe('Function: priceUsage', () => {
  it('prices GB-seconds from MB·ms and adds each kind times its price', () => {
    // Prepare: 100 ms at 1024 MB, one Lambda and one API request, one read unit
    const usage = { ...emptyUsage(), mbMs: 100 * 1024, lambdaRequests: 1, apiRequests: 1, readUnits: 1 };

    // Act
    const priced = priceUsage(usage, priceTableFor('us-east-1', '2026-11-23'));

    // Assess: 0.1 GB-s × 13.3334 + 0.2 + 1 + 0.125 micro-USD
    expect(priced.micros).toBeCloseTo(1.33334 + 0.2 + 1 + 0.125, 9);
    expect(priced).toMatchObject({ currency: 'USD', unpriced: [] });
  });

  it('reports usage without a known price as unpriced, never as zero cost', () => {
    const priced = priceUsage({ ...emptyUsage(), apiRequests: 2, readUnits: 3 }, priceTableFor('cn-north-1', '2026-11-23'));
    expect(priced).toEqual({ micros: 0, currency: 'CNY', unpriced: ['apiRequests', 'readUnits'] });
  });

  it('uses no table before its effective date', () => {
    expect(priceTableFor('us-east-1', '2020-01-01').source).toBe('none');
  });
});
