import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { putAuthority } from '../../shared/data/authorities.ts';
import { activeNamingOf, createNaming, getNamingByCertificate, importNaming } from '../../shared/data/namings.ts';
import { createUnit } from '../../shared/data/units.ts';
import { ConflictError } from '../../shared/domain/errors.ts';
import { certificateNumber, type Issuer, type Naming, parseCertificateNumber } from '../../shared/domain/namings.ts';
import { civilDateAt } from '../../shared/domain/time.ts';
import type { Unit } from '../../shared/domain/units.ts';
import { mainStore } from '../../shared/clients.ts';

/*
 * Certificate series (issue #16), against DynamoDB Local through the repository functions: imports of numbers of a
 * series and namings the system numbers, interleaved at random, in turn and at once. Each run owns a series of its
 * own — an authority of 定安县 (469021, Hainan, which no other test uses) with a random Chinese prefix — so runs
 * neither see each other nor other files' namings.
 */

const region = '469021';
const today = civilDateAt(new Date());
const year = Number(today.slice(0, 4));
const actor = { sub: 'series-test', role: 'authority', agencyId: 'series-test', requestId: 'series-test' };
const store = () => mainStore();

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
const prefixArb = fc.array(cjk, { minLength: 3, maxLength: 5 }).map((chars) => chars.join(''));

/** The counter of a series as stored (undefined before its first number). */
async function storedSequence(prefix: string): Promise<number | undefined> {
  const { Item } = await store().doc.send(
    new GetCommand({ TableName: store().table, Key: { pk: `CERTSEQ#${prefix}#${year}`, sk: 'SEQ' }, ConsistentRead: true }),
  );
  return Item ? Number(Item.seq) : undefined;
}

/** The naming id a certificate number's guard names (undefined when the number is free). */
async function guardOf(no: string): Promise<string | undefined> {
  const { Item } = await store().doc.send(
    new GetCommand({ TableName: store().table, Key: { pk: `CERT#${no}`, sk: 'CERT' }, ConsistentRead: true }),
  );
  return Item ? String(Item.namingId) : undefined;
}

/** A fresh series: a county authority of 定安县 whose directory entry names `prefix`; asserts nobody used it before. */
async function freshSeries(prefix: string): Promise<Issuer> {
  expect(await storedSequence(prefix), `series ${prefix} is used already`).toBeUndefined();
  const agencyId = `series-${randomUUID()}`;
  await putAuthority(
    store(),
    agencyId,
    {
      name: '定安县民族宗教事务局',
      regionCode: region,
      contacts: [{ name: '符海', email: 'dingan@example.cn' }],
      certificatePrefix: prefix,
    },
    actor,
    new Date().toISOString(),
  );
  return { agencyId, level: 'county', regionCode: region };
}

let unitSerial = 0;
/**
 * `n` distinct units of 定安县, one for each naming, made one after the other (every unit created bumps one counter
 * item: made at once they would contend for it).
 */
async function newUnits(n: number): Promise<Unit[]> {
  const units: Unit[] = [];
  for (let i = 0; i < n; i++) units.push(await newUnit());
  return units;
}

/** A distinct unit of 定安县 for a naming. */
function newUnit(): Promise<Unit> {
  return createUnit(
    store(),
    {
      name: `定安县证书序列测试社区 ${(unitSerial += 1)}-${randomUUID().slice(0, 6)}`,
      type: 'community',
      regionCode: region,
      zone: false,
      contacts: [{ name: '符海', email: 'dingan@example.cn' }],
    },
    actor,
    new Date().toISOString(),
  );
}

const number = (prefix: string, seq: number) => certificateNumber(prefix, year, seq);
const sequenceOf = (no: string) => parseCertificateNumber(no)!.sequence;

function importOne(issuer: Issuer, unit: Unit, no: string): Promise<Naming> {
  return importNaming(
    store(),
    unit,
    { level: 'county', certificateNo: no, namedOn: today },
    issuer,
    actor,
    today,
    new Date().toISOString(),
  );
}

function nameOne(issuer: Issuer, unit: Unit): Promise<Naming> {
  return createNaming(
    store(),
    unit,
    { level: 'county', namedOn: today, issuedBy: issuer.agencyId, issuer },
    actor,
    today,
    new Date().toISOString(),
  );
}

/** Whether a promise was refused as a duplicate certificate (a 409 of type duplicate-certificate). */
async function refusedAsDuplicate(attempt: Promise<unknown>): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'a held number was imported again').toBeInstanceOf(ConflictError);
  expect((error as ConflictError).type).toBe('duplicate-certificate');
  expect((error as ConflictError).status).toBe(409);
}

type Step = { kind: 'import'; seq: number } | { kind: 'name' };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('import' as const), seq: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ kind: 'name' as const }),
);

describe('Certificate series (issue #16)', () => {
  it('in turn: a held number is never imported again, each number given is 1 + the highest held, and none repeats', async () => {
    await fc.assert(
      fc.asyncProperty(prefixArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (prefix, steps) => {
        const issuer = await freshSeries(prefix);
        /** Number held → the naming id its guard names. */
        const held = new Map<number, string>();
        const given: number[] = [];
        const units = await newUnits(steps.length);
        for (const [i, step] of steps.entries()) {
          const unit = units[i]!;
          const before = await storedSequence(prefix);
          if (step.kind === 'import') {
            const no = number(prefix, step.seq);
            if (held.has(step.seq)) {
              await refusedAsDuplicate(importOne(issuer, unit, no));
              // Refused and nothing changed: the series, the number's holder, and the unit has no naming.
              expect(await storedSequence(prefix)).toBe(before);
              expect(await guardOf(no)).toBe(held.get(step.seq));
              expect(await activeNamingOf(store(), unit.id, 'county')).toBeUndefined();
            } else {
              const naming = await importOne(issuer, unit, no);
              expect(naming.certificateNo).toBe(no);
              held.set(step.seq, naming.id);
              // The series is advanced past it (never back).
              expect(await storedSequence(prefix)).toBe(Math.max(before ?? 0, step.seq));
            }
          } else {
            const highest = Math.max(0, ...held.keys());
            const naming = await nameOne(issuer, unit);
            expect(naming.certificateNo).toBe(number(prefix, highest + 1));
            held.set(highest + 1, naming.id);
            given.push(highest + 1);
            expect(await storedSequence(prefix)).toBe(highest + 1);
          }
          // The series always stands at the highest number held: the next naming follows it.
          expect(await storedSequence(prefix)).toBe(held.size === 0 ? undefined : Math.max(...held.keys()));
        }
        // Every number held is held once, by the naming the model says, and reads back to it.
        expect(new Set(given).size).toBe(given.length);
        for (const [seq, id] of held) {
          expect(await guardOf(number(prefix, seq))).toBe(id);
          expect((await getNamingByCertificate(store(), number(prefix, seq)))?.id).toBe(id);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('at once: imports and namings started together hold distinct numbers, gapless for those given, and the series then follows the highest', async () => {
    await fc.assert(
      fc.asyncProperty(
        prefixArb,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 5 }),
        async (prefix, imports, namings) => {
          const issuer = await freshSeries(prefix);
          const importUnits = await newUnits(imports.length);
          const namingUnits = await newUnits(namings);
          const work = [
            ...imports.map((seq, i) => ({ kind: 'import' as const, seq, run: importOne(issuer, importUnits[i]!, number(prefix, seq)) })),
            ...namingUnits.map((unit) => ({ kind: 'name' as const, seq: 0, run: nameOne(issuer, unit) })),
          ];
          const settled = await Promise.allSettled(work.map((w) => w.run));
          const imported: number[] = [];
          const refused: number[] = [];
          const given: number[] = [];
          for (const [i, outcome] of settled.entries()) {
            const { kind, seq } = work[i]!;
            if (kind === 'name') {
              expect(outcome.status, String((outcome as PromiseRejectedResult).reason)).toBe('fulfilled');
              given.push(sequenceOf((outcome as PromiseFulfilledResult<Naming>).value.certificateNo));
            } else if (outcome.status === 'fulfilled') {
              expect(outcome.value.certificateNo).toBe(number(prefix, seq));
              imported.push(seq);
            } else {
              expect(outcome.reason).toBeInstanceOf(ConflictError);
              expect((outcome.reason as ConflictError).type).toBe('duplicate-certificate');
              refused.push(seq);
            }
          }
          const all = [...imported, ...given];
          expect(new Set(all).size, `numbers held twice: ${all.join(', ')}`).toBe(all.length);
          expect(given.filter((n) => imported.includes(n))).toEqual([]);
          // An import is refused only because its number is held (by a naming or an import of the same number).
          for (const seq of refused) expect(all).toContain(seq);
          // Each number given follows one held (or starts the series): no gap is opened by the system.
          for (const n of given) expect(n === 1 || all.includes(n - 1), `${n} follows nothing held in ${all.join(', ')}`).toBe(true);
          const highest = Math.max(...all);
          expect(await storedSequence(prefix)).toBe(highest);
          const next = await nameOne(issuer, await newUnit());
          expect(next.certificateNo).toBe(number(prefix, highest + 1));
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it('steps over numbers held although the series never gave them (guards stored before imports advanced the series)', async () => {
    const prefix = fc.sample(prefixArb, { numRuns: 1 })[0]!;
    const issuer = await freshSeries(prefix);
    // As data stored before this change would be: the guards of 0001, 0002 and 0004, the series never advanced.
    for (const seq of [1, 2, 4]) {
      await store().doc.send(
        new PutCommand({ TableName: store().table, Item: { pk: `CERT#${number(prefix, seq)}`, sk: 'CERT', namingId: 'legacy' } }),
      );
    }
    expect(await storedSequence(prefix)).toBeUndefined();
    const first = await nameOne(issuer, await newUnit());
    expect(first.certificateNo).toBe(number(prefix, 3));
    const second = await nameOne(issuer, await newUnit());
    expect(second.certificateNo).toBe(number(prefix, 5));
    expect(await storedSequence(prefix)).toBe(5);
    // The legacy guards are left as they were; the namings hold their own numbers.
    for (const seq of [1, 2, 4]) expect(await guardOf(number(prefix, seq))).toBe('legacy');
    expect(await guardOf(first.certificateNo)).toBe(first.id);
    expect(await guardOf(second.certificateNo)).toBe(second.id);
  });
});
