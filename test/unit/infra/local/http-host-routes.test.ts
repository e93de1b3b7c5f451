import { describe, expect, it } from 'vitest';
import { localRoutes } from '../../../../infra/local/http-host.ts';
import { routes, routeKey } from '../../../../shared/topology.ts';

describe('Module: http-host', () => {
  it('serves exactly the routes of the topology, each once', () => {
    // Act
    const served = localRoutes.map(({ route }) => routeKey(route));

    // Assess
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual(routes.map(routeKey).sort());
  });

  it('matches a path parameter as exactly one path segment, as API Gateway does', () => {
    const getUnit = localRoutes.find(({ route }) => route.id === 'getUnit')!;

    expect(getUnit.names).toEqual(['id']);
    expect(getUnit.pattern.exec('/v1/units/abc-1')?.[1]).toBe('abc-1');
    expect(getUnit.pattern.test('/v1/units/a/b')).toBe(false);
    expect(getUnit.pattern.test('/v1/units/')).toBe(false);
  });
});
