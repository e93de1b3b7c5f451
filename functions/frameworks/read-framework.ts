import { NotFoundError, text } from '../../shared/domain/errors.ts';
import type { Framework } from '../../shared/domain/frameworks.ts';
import * as frameworks from '../../shared/data/frameworks.ts';
import { mainStore } from '../../shared/clients.ts';

/** The framework with this id, or 404. */
export async function readFramework(id: string): Promise<Framework> {
  const framework = await frameworks.getFramework(mainStore(), id);
  if (!framework) throw new NotFoundError(text(`未找到测评体系 ${id}。`, `No framework ${id}.`));
  return framework;
}
