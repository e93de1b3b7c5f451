import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import { functions, type FunctionName } from '../../shared/topology.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const root = resolve(import.meta.dirname, '../..');
const loaded = new Map<FunctionName, Promise<Handler>>();

/** Imports a function's handler module once, as a warm Lambda instance would keep it. */
function load(fn: FunctionName): Promise<Handler> {
  let handler = loaded.get(fn);
  if (!handler) {
    handler = import(pathToFileURL(resolve(root, functions[fn].entry)).href).then((m: { handler: Handler }) => m.handler);
    loaded.set(fn, handler);
  }
  return handler;
}

/** A Lambda-like context: name, memory, request id and the remaining time of the configured timeout. */
export function contextFor(fn: FunctionName, requestId: string, deadline: number): Context {
  const def = functions[fn];
  const fail = () => {
    throw new Error('The local host does not support callback-style completion');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `shifan-local-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:shifan-local-${fn}`,
    memoryLimitInMB: String(def.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/shifan-local-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

/**
 * Invokes a function's handler as Lambda would: a fresh request id, its own invocation scope (so concurrent local
 * invocations never share logger keys), and the topology's timeout.
 */
export async function invoke(fn: FunctionName, event: unknown): Promise<unknown> {
  const handler = await load(fn);
  const requestId = randomUUID();
  const timeoutMs = functions[fn].timeoutSeconds * 1000;
  const context = contextFor(fn, requestId, Date.now() + timeoutMs);
  const store = await InvokeStore.getInstanceAsync(true);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Task timed out after ${functions[fn].timeoutSeconds} seconds`)), timeoutMs);
  });
  try {
    return await Promise.race([
      store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, () => handler(event, context)),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
