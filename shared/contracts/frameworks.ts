import { frameworkCreate, frameworkSchema } from '../domain/frameworks.ts';
import { scoreRequest } from '../domain/scoring.ts';
import { listOf, pageQuery } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';
import { scoreResult } from './common.ts';

/** What each route of the `frameworks` function accepts and answers: the schemas that validate its requests and document it. */
const framework = named(
  frameworkSchema,
  'Framework',
  'An indicator framework (测评指标体系): areas with weights, indicators with points, bonuses and vetoes, per unit type.',
);

export const frameworksContract = {
  createFramework: { body: named(frameworkCreate, 'FrameworkCreate'), response: framework },
  listFrameworks: { query: pageQuery, response: named(listOf(framework), 'FrameworkPage') },
  getFramework: { response: framework },
  scoreFramework: { body: named(scoreRequest, 'ScoreRequest'), response: scoreResult },
} satisfies Contract<'frameworks'>;
