import { inject } from 'vitest';

// Before a test file imports any handler: config.ts and the logger read process.env when first used.
Object.assign(process.env, inject('handlerEnv'));
// Tests call handlers directly, one invocation at a time as a standard Lambda instance does; the local host's
// concurrent mode (which needs an invocation store around every call) is exercised by the e2e test instead.
delete process.env.AWS_LAMBDA_MAX_CONCURRENCY;
