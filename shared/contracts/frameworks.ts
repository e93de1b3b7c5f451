import { frameworkCreate, frameworkSchema } from '../domain/frameworks.ts';
import { scoreRequest } from '../domain/scoring.ts';
import { listOf, pageQuery } from '../domain/schema.ts';
import type { Contract } from '../http/contract.ts';

/** What each route of the `frameworks` function accepts and answers: the schemas that validate its requests and document it. */
export const frameworksContract = {
  createFramework: { body: frameworkCreate, response: frameworkSchema },
  listFrameworks: { query: pageQuery, response: listOf(frameworkSchema) },
  getFramework: { response: frameworkSchema },
  scoreFramework: { body: scoreRequest },
} satisfies Contract<'frameworks'>;
