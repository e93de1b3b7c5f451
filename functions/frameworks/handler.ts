import { httpFunction } from '../../shared/http/handler.ts';
import { frameworksContract } from '../../shared/contracts/frameworks.ts';
import { createFramework } from './create-framework.ts';
import { getFramework } from './get-framework.ts';
import { listFrameworks } from './list-frameworks.ts';
import { scoreFramework } from './score-framework.ts';

/** Indicator frameworks and the score preview. */
export const handler = httpFunction('frameworks', frameworksContract, { createFramework, getFramework, listFrameworks, scoreFramework });
