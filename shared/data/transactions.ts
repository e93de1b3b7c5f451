import type { InitializeMiddleware } from '@smithy/types';
/**
 * A DynamoDB client middleware that sends a transaction again when DynamoDB cancelled it only because another one
 * touched the same items at the same moment (`TransactionConflict`; nothing was written), with jittered backoff.
 * Counters (units, certificate numbers, instructors per unit) meet this under real contention; DynamoDB Local,
 * which runs transactions one at a time, never does.
 */
// biome-ignore lint/suspicious/noExplicitAny: an SDK middleware added to every client takes any command's input and output
export function retryTransactionConflicts(attempts = 6): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    if (context.commandName !== 'TransactWriteItemsCommand' && context.commandName !== 'TransactWriteCommand') return next(args);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(args);
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        const onlyConflicts =
          (error as { name?: string }).name === 'TransactionCanceledException' &&
          reasons.every((r) => r.Code === 'TransactionConflict' || r.Code === 'None' || r.Code === undefined);
        if (!onlyConflicts || attempt >= attempts) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
      }
    }
  };
}
