import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ConflictError, ProblemError } from '../../../../shared/domain/errors.ts';
import { problemTypes, type ConflictType, type ProblemTypeName } from '../../../../shared/domain/problem-types.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('Catalogue: problemTypes', () => {
  it('lets a problem carry only a type of the catalogue, and a conflict only a 409 type (checked by the type checker)', () => {
    expectTypeOf<ConstructorParameters<typeof ProblemError>[0]>().toEqualTypeOf<ProblemTypeName>();
    expectTypeOf<ConstructorParameters<typeof ConflictError>[1]>().toEqualTypeOf<ConflictType | undefined>();
  });

  it('knows every type a conflict is raised with anywhere in shared/ and functions/', () => {
    // Prepare: the literal types of `new ConflictError(…, 'type')` and of `type: '…'` in step outcomes.
    const raised = new Set<string>();
    for (const file of [...sourceFiles('shared'), ...sourceFiles('functions')]) {
      const source = readFileSync(file, 'utf8');
      for (const call of source.matchAll(/new ConflictError\(([\s\S]*?)\);/g)) {
        const type = /,\s*'([a-z-]+)',?\s*$/.exec(call[1]!)?.[1];
        if (type) raised.add(type);
      }
      for (const step of source.matchAll(/type: '([a-z-]+)',\s*\n\s*reason:/g)) raised.add(step[1]!);
      for (const answer of source.matchAll(/answer\([\s\S]*?,\s*'([a-z-]+)',?\s*\)/g)) raised.add(answer[1]!);
    }

    // Assess
    expect(raised.size).toBeGreaterThan(20);
    expect([...raised].filter((type) => !(type in problemTypes))).toEqual([]);
  });

  it('gives every type a status, and a title and an explanation in Chinese and in English', () => {
    for (const [name, type] of Object.entries(problemTypes)) {
      expect(type.status, name).toBeGreaterThanOrEqual(400);
      for (const value of [type.title, type.about]) {
        expect(value.zh, name).toMatch(/\p{Script=Han}/u);
        expect(value.en, name).toMatch(/^[A-Z]/);
      }
    }
  });
});
