import * as z from 'zod';
import { lazySchema } from '../domain/schema.ts';
import { named, type Contract } from '../http/contract.ts';
import { workItemSchema, workQuery, workSummarySchema } from '../domain/work.ts';

named(workItemSchema, 'WorkItem', 'One piece of open work (待办事项): what, since when, by when, where to act.');
const workSummary = named(
  workSummarySchema,
  'WorkSummary',
  "The caller's open work by kind (待办工作), each with its count, oldest date and first page.",
);

/** How the platform and each dependency answered. */
const health = named(
  lazySchema(() =>
    z.object({
      status: z.enum(['ok', 'degraded']).describe('ok when every dependency answered (200); else degraded (503)'),
      stage: z.string(),
      dependencies: z
        .record(
          z.string(),
          z.object({
            status: z.enum(['ok', 'down']),
            latencyMs: z.int().min(0),
            error: z.string().optional().describe("The error's name"),
          }),
        )
        .describe('By dependency: dynamodb, sqs, s3, mail'),
    }),
  ),
  'Health',
  'Whether the service and each dependency answer (健康检查), within 2 s each.',
);

/** This document, described loosely: an OpenAPI 3.1 document. */
const openApiDocument = named(
  lazySchema(() =>
    z.looseObject({
      openapi: z.string().describe('3.1.0'),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.unknown()),
    }),
  ),
  'OpenApiDocument',
  'This API as an OpenAPI 3.1 document (接口文档).',
);

/** What each route of the `platform` function accepts and answers: the schemas that validate its requests and document it. */
export const platformContract = {
  health: { response: health },
  openapi: { response: openApiDocument },
  docs: {},
  docsScript: { query: z.object({ v: z.string().max(64).optional().describe("The script's version; the page names the current one") }) },
  getProblemType: {},
  getMyWork: { query: workQuery, response: workSummary },
} satisfies Contract<'platform'>;
