import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lazySchema } from '../../../../shared/domain/schema.ts';

describe('lazySchema', () => {
  it('builds its schema on the first use, once, and validates as the schema it builds', () => {
    let builds = 0;
    const body = lazySchema(() => {
      builds += 1;
      return z.strictObject({ name: z.string().min(2) });
    });
    const extended = lazySchema(() => body.unwrap().extend({ id: z.string() }));
    expect(builds).toBe(0);
    expect(body.safeParse({ name: 'x' }).success).toBe(false);
    expect(body.parse({ name: '示范' })).toEqual({ name: '示范' });
    expect(extended.parse({ name: '示范', id: 'u1' })).toEqual({ name: '示范', id: 'u1' });
    expect(body.unwrap()).toBe(body.unwrap());
    z.toJSONSchema(z.object({ body, extended }));
    expect(builds).toBe(1);
  });
});
