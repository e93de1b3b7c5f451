import { describe, expect, it } from 'vitest';
import { submissionDrivenOperations } from '../../../shared/domain/forecast.ts';
import { routes } from '../../../shared/topology.ts';

describe('Topology', () => {
  it('names only real routes among the operations the forecast scales with submissions', () => {
    const ids = new Set<string>(routes.map((r) => r.id));
    expect(submissionDrivenOperations.filter((op) => !ids.has(op))).toEqual([]);
  });

  it('gives every route a unique id and a unique method and path', () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(routes.length);
  });
});
