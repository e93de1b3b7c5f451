import * as z from 'zod';
import { evidenceCreate } from '../domain/submissions.ts';
import { lazySchema } from '../domain/schema.ts';
import { named } from '../http/contract.ts';

/*
 * Answers that several functions give: a score breakdown, an evidence record, an audit trail entry. Answers are not
 * validated at run time; these schemas document them (and the tests check every answer against them).
 */

/** One line (indicator or bonus) of a breakdown. */
const itemScore = lazySchema(() =>
  z.object({
    id: z.string(),
    points: z.number(),
    max: z.number(),
    values: z.array(z.unknown()).describe("each sheet's value, in sheet order"),
    dropped: z.array(z.string()).describe('reviewer ids whose value was dropped (lowest and highest of 5 or more)'),
    baseline: z
      .union([z.number(), z.literal('none')])
      .optional()
      .describe(
        "a growth indicator's value in the unit's previous evaluation; `none` in its first evaluation, when the indicator is left out of its area (points 0, max 0) and the area is scored on its other indicators",
      ),
  }),
);

/** A result explainable line by line (评分明细): rounds, areas, indicators, bonuses, vetoes. */
export const scoreResult = named(
  lazySchema(() =>
    z.object({
      final: z.number(),
      vetoed: z.boolean(),
      vetoes: z.array(z.string()),
      onSite: z
        .enum(['selected', 'not-selected'])
        .optional()
        .describe(
          'in a campaign visiting key units only: whether this submission had the on-site round; `not-selected`: scored on the document round alone, which weighs 1 (`rounds` holds it only), so its final is its document-round total',
        ),
      rounds: z.array(
        z.object({
          name: z.string(),
          weight: z.number(),
          total: z.number(),
          base: z.number(),
          bonus: z.number(),
          vetoed: z.boolean(),
          vetoes: z.array(z.object({ id: z.string(), marks: z.number().int(), sheets: z.number().int() })),
          areas: z.array(z.object({ id: z.string(), weight: z.number(), score: z.number(), indicators: z.array(itemScore) })),
          bonuses: z.array(itemScore),
        }),
      ),
    }),
  ),
  'ScoreResult',
  'A score breakdown (评分明细), rounded as shown: each round, area, indicator and bonus, and any veto (一票否决).',
);

/** An evidence file (台账资料) as declared, with whether its upload was checked. */
export const evidence = named(
  lazySchema(() =>
    evidenceCreate.unwrap().extend({
      id: z.string(),
      key: z.string().describe('where the file is kept'),
      status: z.enum(['pending', 'confirmed']),
      createdAt: z.string(),
      createdBy: z.string(),
      confirmedAt: z.string().optional(),
      purpose: z
        .enum(['rectification'])
        .optional()
        .describe("added during the campaign's rectification window: what the unit fixed, for the on-site reviewers"),
      downloadUrl: z.url().optional().describe('a confirmed file: a link valid for 5 minutes'),
    }),
  ),
  'Evidence',
  'An evidence file (台账资料): what was declared, and once its upload matched, a short-lived download link.',
);

/** An evidence record just declared, with the presigned upload to make. */
export const evidenceUpload = named(
  lazySchema(() =>
    evidence.unwrap().extend({
      upload: z.object({
        method: z.literal('PUT'),
        url: z.url(),
        headers: z.record(z.string(), z.string()).describe('send exactly these headers with the PUT'),
        expiresAt: z.string(),
      }),
    }),
  ),
  'EvidenceUpload',
  'A declared evidence file and its upload: PUT the file to `upload.url` with `upload.headers` within 15 minutes, then confirm.',
);

/** Who did something, as the audit trail records it. */
const actor = lazySchema(() => z.object({ sub: z.string(), role: z.string(), agencyId: z.string(), requestId: z.string() }));

/** One step of an audit trail. */
export const historyEntry = named(
  lazySchema(() =>
    z.object({
      actor: actor.optional().describe('absent where the unit may not know who acted'),
      at: z.string(),
      action: z.string(),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
    }),
  ),
  'HistoryEntry',
  'One step of an audit trail (操作记录): who, when, what, and the state before and after.',
);

/** A row an import refused, with what is wrong with it (in the caller's language). */
export const rowRefusal = named(
  lazySchema(() =>
    z.object({
      row: z.int().min(0).describe('Its index among the rows sent, from 0'),
      errors: z.array(z.object({ pointer: z.string().describe('Where in the row (JSON pointer)'), detail: z.string() })),
    }),
  ),
  'RowRefusal',
  'A row an import refused (拒绝导入的行): its index and each problem with it.',
);
