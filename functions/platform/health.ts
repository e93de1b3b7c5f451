import { getConfig } from '../../shared/config.ts';
import { dependencyChecks, type DependencyCheck } from '../../shared/dependencies.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';

/** One check, which must answer within two seconds. */
async function probe(check: DependencyCheck): Promise<{ status: 'ok' | 'down'; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref())]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).name };
  }
}

/** `GET /health`: 200 when every dependency answers, else 503 with which one did not. */
export const health: RouteImpl = async () => {
  const entries = await Promise.all(Object.entries(dependencyChecks()).map(async ([name, check]) => [name, await probe(check)] as const));
  const dependencies = Object.fromEntries(entries);
  const ok = entries.every(([, result]) => result.status === 'ok');
  return {
    status: ok ? 200 : 503,
    body: { status: ok ? 'ok' : 'degraded', stage: getConfig().STAGE, dependencies },
    headers: { 'cache-control': 'no-store' },
  };
};
