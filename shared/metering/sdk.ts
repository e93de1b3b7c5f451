import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESClient } from '@aws-sdk/client-ses';
import type { InitializeHandlerOptions, InitializeMiddleware } from '@smithy/types';
import { consume } from './usage.ts';

const options: InitializeHandlerOptions = { step: 'initialize', name: 'shifanMetering', override: true };

const dynamoReads = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
  'GetCommand',
  'BatchGetCommand',
  'TransactGetCommand',
]);
const dynamoWrites = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'BatchWriteCommand',
  'TransactWriteCommand',
]);

interface Consumed {
  CapacityUnits?: number;
}

/** Asks DynamoDB for the capacity every data call consumed (GSIs included) and adds it to the invocation's meter. */
// biome-ignore lint/suspicious/noExplicitAny: an SDK middleware added to every client takes any command's input and output
function dynamoMetering(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const name = context.commandName ?? '';
    const kind = dynamoReads.has(name) ? 'readUnits' : dynamoWrites.has(name) ? 'writeUnits' : undefined;
    if (!kind) return next(args);
    const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'INDEXES' } });
    const consumed = ([] as Consumed[]).concat((result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity ?? []);
    consume({ [kind]: consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) });
    return result;
  };
}

const chunk = 64 * 1024;

/** Counts SQS requests as billed: each 64 KB chunk of a send's payload is one request. */
// biome-ignore lint/suspicious/noExplicitAny: an SDK middleware added to every client takes any command's input and output
function sqsMetering(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const input = args.input as { MessageBody?: string; Entries?: { MessageBody?: string }[] };
    const bytes =
      input.MessageBody !== undefined
        ? Buffer.byteLength(input.MessageBody)
        : (input.Entries ?? []).reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0);
    const isSend = context.commandName === 'SendMessageCommand' || context.commandName === 'SendMessageBatchCommand';
    consume({ sqsRequests: isSend ? Math.max(1, Math.ceil(bytes / chunk)) : 1 });
    return next(args);
  };
}

const s3WriteTier = /^(Put|Copy|Post|List|Create|Complete|Upload)/;

/** Counts S3 requests in their two price tiers. */
// biome-ignore lint/suspicious/noExplicitAny: an SDK middleware added to every client takes any command's input and output
function s3Metering(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    consume(s3WriteTier.test(context.commandName ?? '') ? { s3WriteRequests: 1 } : { s3ReadRequests: 1 });
    return next(args);
  };
}

/** Counts emails and their recipients (SES bills each recipient). */
// biome-ignore lint/suspicious/noExplicitAny: an SDK middleware added to every client takes any command's input and output
function sesMetering(): InitializeMiddleware<any, any> {
  return (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === 'SendEmailCommand' || context.commandName === 'SendRawEmailCommand') {
      const d = args.input as {
        Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
        Destinations?: string[];
      };
      const recipients =
        d.Destinations?.length ??
        (d.Destination?.ToAddresses?.length ?? 0) + (d.Destination?.CcAddresses?.length ?? 0) + (d.Destination?.BccAddresses?.length ?? 0);
      consume({ emails: 1, recipients });
    }
    return result;
  };
}

/** Adds the metering middleware to each client once; every call through them is then counted. */
export function meterClients(clients: { dynamo: DynamoDBClient; sqs: SQSClient; s3: S3Client; ses: SESClient }): void {
  clients.dynamo.middlewareStack.add(dynamoMetering(), options);
  clients.sqs.middlewareStack.add(sqsMetering(), options);
  clients.s3.middlewareStack.add(s3Metering(), options);
  clients.ses.middlewareStack.add(sesMetering(), options);
}
