import { ValidationError, text } from '../../shared/domain/errors.ts';
import { frameworkProblems, type FrameworkCreate } from '../../shared/domain/frameworks.ts';
import * as frameworks from '../../shared/data/frameworks.ts';
import { createOnce } from '../../shared/data/store.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { mainStore } from '../../shared/clients.ts';

/** `POST /v1/frameworks`: every broken rule is listed at once (422). */
export const createFramework: RouteImpl<FrameworkCreate> = async (request) => {
  const problems = frameworkProblems(request.body);
  if (problems.length > 0)
    throw new ValidationError(problems, text('测评体系不符合以下规则，详见 errors。', 'The framework breaks these rules; see errors.'));
  const id = request.newId();
  const framework = await createOnce(
    () => frameworks.createFramework(mainStore(), request.body, actorOf(request), request.now, id),
    () => frameworks.getFramework(mainStore(), id),
  );
  return { status: 201, body: framework, headers: { location: `/v1/frameworks/${framework.id}` } };
};
