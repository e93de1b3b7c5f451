import * as z from 'zod';
import { lazySchema } from './schema.ts';
import { type FieldProblem, text as bilingual, says } from './errors.ts';
import { text, unitTypes, type UnitType } from './units.ts';

/**
 * What a framework's variants are keyed by, and a score is computed for: a unit's type, or `zone` — a 示范区 (a
 * county, city or district applying as a whole) is scored on the framework's zone variant, whatever its
 * government's own type.
 */
export const scoringProfiles = [...unitTypes, 'zone'] as const;

/** A unit type, or `zone`. */
export type ScoringProfile = (typeof scoringProfiles)[number];

/** The variant a submission is scored on: `zone` in a zone campaign, else the unit's type. */
export function scoringProfileOf(submission: { unitType: UnitType; honour?: string }): ScoringProfile {
  return submission.honour === 'zone' ? 'zone' : submission.unitType;
}

const id = lazySchema(() =>
  z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,31}$/, says('须为 1–32 个字母、数字或 "."、"_"、"-"', 'must be 1–32 letters, digits, ".", "_" or "-"')),
);
const positive = lazySchema(() => z.number().positive(says('须大于 0', 'must be greater than 0')).max(1000));
const fraction = lazySchema(() =>
  z.number().min(0, says('须在 [0, 1] 之内', 'must lie in [0, 1]')).max(1, says('须在 [0, 1] 之内', 'must lie in [0, 1]')),
);

/** Indicator kinds (DOMAIN.md rule 7; the veto and bonus kinds are listed apart on the framework). */
export const indicatorSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ id, name: text(200), kind: z.literal('check'), max: positive }),
    z.strictObject({
      id,
      name: text(200),
      kind: z.literal('level'),
      max: positive,
      levels: z
        .record(z.string().min(1).max(16), fraction)
        .refine((l) => Object.keys(l).length >= 2, says('至少需要两个等级', 'needs at least two levels')),
    }),
    z.strictObject({ id, name: text(200), kind: z.literal('ratio'), max: positive, target: fraction, floor: fraction }),
    z.strictObject({ id, name: text(200), kind: z.literal('benchmark'), max: positive, benchmark: z.string().regex(/^[A-Za-z]\w{0,63}$/) }),
    z
      .strictObject({
        id,
        name: text(200),
        kind: z.literal('growth'),
        max: positive,
        minRise: fraction.default(0).describe('the least rise over the previous value, as a fraction of it (0.05: 5 %)'),
      })
      .describe(
        "逐年提升 (seed 001): a number that earns `max` when it rises above the same unit's value in its previous evaluation by at least `minRise`, else 0. A unit's first evaluation has no previous value: the indicator is then left out of its area (points 0, max 0, `baseline: 'none'`), which is scored on its other indicators.",
      ),
  ]),
);

/** An indicator. */
export type Indicator = z.infer<typeof indicatorSchema>;

/** Body of `POST /v1/frameworks` (a contract: keep the field names). */
export const frameworkCreate = lazySchema(() =>
  z.strictObject({
    name: text(200),
    version: z
      .string()
      .regex(/^[\w.-]{1,32}$/, says('须为 1–32 个字母、数字或 "."、"_"、"-"', 'must be 1–32 letters, digits, ".", "_" or "-"')),
    areas: z
      .array(
        z.strictObject({ id, name: text(200), weight: z.number().min(0).max(100), indicators: z.array(indicatorSchema).min(1).max(200) }),
      )
      .min(1)
      .max(20),
    vetoes: z
      .array(z.strictObject({ id, name: text(200) }))
      .max(50)
      .default([]),
    bonuses: z
      .array(z.strictObject({ id, name: text(200), max: positive }))
      .max(50)
      .default([]),
    bonusCap: z.number().min(0).max(100).default(0),
    variants: z
      .partialRecord(
        z.enum(scoringProfiles),
        z.strictObject({
          exclude: z.array(id).max(200).default([]),
          weights: z.record(id, z.number().min(0).max(100)).default({}),
        }),
      )
      .default({}),
  }),
);

/** A framework as submitted. */
export type FrameworkCreate = z.infer<typeof frameworkCreate>;

/** A stored framework. */
export const frameworkSchema = lazySchema(() =>
  frameworkCreate.unwrap().extend({
    id: z.string(),
    inUse: z.boolean().describe('true once a campaign uses it; then it never changes'),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
);

/** A stored framework. */
export type Framework = z.infer<typeof frameworkSchema>;

/** Most indicators a framework may hold (one stored item stays well under DynamoDB's 400 KB). */
export const maxIndicators = 500;

const sumIs100 = (weights: readonly number[]) => Math.abs(weights.reduce((a, b) => a + b, 0) - 100) < 1e-9;

/** Whether every indicator is a growth one: a first evaluation, with no previous values, could not score such an area. */
const onlyGrowth = (indicators: readonly Indicator[]) => indicators.every((i) => i.kind === 'growth');
const onlyGrowthDetail = (areaId: string) =>
  bilingual(
    `领域 ${areaId} 的权重大于 0，须至少有一项“逐年提升”以外的指标（首次测评没有上年数值）`,
    `area ${areaId} weighs above 0 and needs an indicator other than growth (a first evaluation has no previous value)`,
  );

/** Every rule a framework must keep beyond its shape; each problem names where it is. */
export function frameworkProblems(f: FrameworkCreate): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!sumIs100(f.areas.map((a) => a.weight)))
    problems.push({ pointer: '/areas', detail: bilingual('各领域权重之和须为 100', 'area weights must sum to 100') });
  if (f.areas.reduce((n, a) => n + a.indicators.length, 0) > maxIndicators)
    problems.push({
      pointer: '/areas',
      detail: bilingual(`指标总数不得超过 ${maxIndicators} 项`, `at most ${maxIndicators} indicators in all`),
    });
  const seen = new Map<string, string>();
  const note = (itemId: string, pointer: string) => {
    if (seen.has(itemId))
      problems.push({
        pointer: `${pointer}/id`,
        detail: bilingual(`编号 ${itemId} 已在 ${seen.get(itemId)} 使用`, `id ${itemId} is already used at ${seen.get(itemId)}`),
      });
    else seen.set(itemId, pointer);
  };
  f.areas.forEach((area, a) => {
    note(area.id, `/areas/${a}`);
    area.indicators.forEach((ind, i) => {
      note(ind.id, `/areas/${a}/indicators/${i}`);
      if (ind.kind === 'ratio' && !(ind.floor < ind.target))
        problems.push({ pointer: `/areas/${a}/indicators/${i}/floor`, detail: bilingual('须低于目标值', 'must be below target') });
    });
    if (area.weight > 0 && onlyGrowth(area.indicators))
      problems.push({ pointer: `/areas/${a}/indicators`, detail: onlyGrowthDetail(area.id) });
  });
  for (const [i, v] of f.vetoes.entries()) note(v.id, `/vetoes/${i}`);
  for (const [i, b] of f.bonuses.entries()) note(b.id, `/bonuses/${i}`);
  const areaIds = new Set(f.areas.map((a) => a.id));
  for (const [type, variant] of Object.entries(f.variants)) {
    const at = `/variants/${type}`;
    for (const excluded of variant.exclude) {
      if (!f.areas.some((a) => a.indicators.some((i) => i.id === excluded)))
        problems.push({
          pointer: `${at}/exclude`,
          detail: bilingual(`${excluded} 不是本测评体系的指标`, `${excluded} is not an indicator of this framework`),
        });
    }
    for (const areaId of Object.keys(variant.weights)) {
      if (!areaIds.has(areaId))
        problems.push({
          pointer: `${at}/weights/${areaId}`,
          detail: bilingual(`${areaId} 不是本测评体系的领域`, `${areaId} is not an area of this framework`),
        });
    }
    const weights = f.areas.map((a) => variant.weights[a.id] ?? a.weight);
    if (!sumIs100(weights))
      problems.push({
        pointer: `${at}/weights`,
        detail: bilingual('按类型调整后，各领域权重之和须为 100', 'area weights must sum to 100 after the variant'),
      });
    f.areas.forEach((area, a) => {
      const kept = area.indicators.filter((i) => !variant.exclude.includes(i.id));
      if (weights[a]! > 0 && kept.length === 0) {
        problems.push({
          pointer: `${at}/exclude`,
          detail: bilingual(
            `排除了领域 ${area.id} 的全部指标，但该领域权重仍大于 0`,
            `excludes every indicator of area ${area.id}, whose weight stays above 0`,
          ),
        });
      } else if (weights[a]! > 0 && onlyGrowth(kept) && !(area.weight > 0 && onlyGrowth(area.indicators)))
        problems.push({ pointer: `${at}/exclude`, detail: onlyGrowthDetail(area.id) });
    });
  }
  return problems;
}

/** An area as it applies to one unit type: the variant's weight and only the indicators it keeps. */
export interface AppliedArea {
  id: string;
  weight: number;
  indicators: Indicator[];
}

/**
 * The ids of a framework's growth indicators: the values a score needs from the unit's previous evaluation (under any
 * variant; the engine ignores those a variant excludes).
 */
export function growthIndicatorIds(f: FrameworkCreate): string[] {
  return f.areas.flatMap((a) => a.indicators.filter((i) => i.kind === 'growth').map((i) => i.id));
}

/** The areas, weights and indicators that apply to a unit type, or to a 示范区 applying as a whole (`zone`). */
export function applyVariant(f: FrameworkCreate, unitType: ScoringProfile): AppliedArea[] {
  const variant = f.variants[unitType];
  return f.areas.map((area) => ({
    id: area.id,
    weight: variant?.weights[area.id] ?? area.weight,
    indicators: area.indicators.filter((i) => !variant?.exclude.includes(i.id)),
  }));
}
