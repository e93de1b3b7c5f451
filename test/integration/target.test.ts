import { describe, expect, it } from 'vitest';
import { handler as units } from '../../functions/units/handler.ts';
import { overHttp } from '../support/target.ts';
import { via } from '../support/workflow.ts';

/* The suite runs on two targets (test/support/target.ts): this proves each run reaches the one it names. */

describe('The test target', () => {
  it(
    overHttp
      ? 'sends requests through the local host: a request without a token stops at its authorizer'
      : 'calls the handler: a request without claims reaches it and is refused there',
    async () => {
      const answer = await via(units, 'units')({ method: 'GET', path: '/v1/units', query: { region: '42' } });
      if (overHttp) {
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ message: 'Unauthorized' });
      } else {
        expect(answer.status).toBe(403);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    },
  );
});
