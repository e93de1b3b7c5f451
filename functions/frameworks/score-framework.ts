import { ValidationError, text } from '../../shared/domain/errors.ts';
import { evaluateScore, roundResult, type ScoreRequest } from '../../shared/domain/scoring.ts';
import type { RouteImpl } from '../../shared/http/handler.ts';
import { readFramework } from './read-framework.ts';

/** `POST /v1/frameworks/{id}/score`: the full breakdown of a hypothetical submission; stores nothing. */
export const scoreFramework: RouteImpl<ScoreRequest> = async (request) => {
  const framework = await readFramework(request.params.id!);
  const { problems, result } = evaluateScore(framework, request.body);
  if (problems.length > 0)
    throw new ValidationError(problems, text('评分表与测评体系不符，详见 errors。', 'The sheets do not fit the framework; see errors.'));
  return { body: roundResult(result) };
};
