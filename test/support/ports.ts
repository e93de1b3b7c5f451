import { freePort } from '../../infra/local/ports.ts';

/** `count` ports the OS says are free, all different (freePort alone may hand out the same port twice). */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
