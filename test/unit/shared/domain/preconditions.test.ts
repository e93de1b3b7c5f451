import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../../shared/domain/errors.ts';
import { checkIfMatch, parseIfMatch } from '../../../../shared/domain/preconditions.ts';

describe('Function: parseIfMatch', () => {
  it('reads "*" as any current representation', () => {
    expect(parseIfMatch('*')).toEqual({ kind: 'any' });
    expect(parseIfMatch(' * ')).toEqual({ kind: 'any' });
  });

  it('reads a strong tag of a version, and a list of them (empty elements allowed)', () => {
    expect(parseIfMatch('"3"')).toEqual({ kind: 'tags', versions: [3] });
    expect(parseIfMatch('"3", "4"')).toEqual({ kind: 'tags', versions: [3, 4] });
    expect(parseIfMatch(' "3" ,, "12"\t')).toEqual({ kind: 'tags', versions: [3, 12] });
  });

  it('keeps well-formed tags that name no version this API gives out, so that they match nothing', () => {
    for (const tag of ['"stale-etag"', 'W/"3"', '"03"', '"0"', '""', '"3.0"', '"9999999999999999"'])
      expect(parseIfMatch(tag), tag).toEqual({ kind: 'tags', versions: [] });
    expect(parseIfMatch('W/"3", "stale", "5"')).toEqual({ kind: 'tags', versions: [5] });
  });

  it('refuses what is neither "*" nor a list of entity-tags', () => {
    for (const value of ['', ' ', ',', '3', 'stale-etag', '"3', '3"', '"a" "b"', '*, "1"', 'w/"3"', '"a"b', '"has space"', '"a\\"b"'])
      expect(parseIfMatch(value), JSON.stringify(value)).toBeUndefined();
  });
});

describe('Function: checkIfMatch', () => {
  it('lets every write through without If-Match', () => {
    expect(() => checkIfMatch(undefined, 3)).not.toThrow();
    expect(() => checkIfMatch(undefined, undefined)).not.toThrow();
  });

  it('matches "*" against whatever is stored, and nothing when nothing is', () => {
    expect(() => checkIfMatch({ kind: 'any' }, 1)).not.toThrow();
    expect(() => checkIfMatch({ kind: 'any' }, undefined)).toThrow(PreconditionFailedError);
  });

  it('matches a list when one of its versions is the stored one; else 412', () => {
    expect(() => checkIfMatch({ kind: 'tags', versions: [2, 3] }, 3)).not.toThrow();
    expect(() => checkIfMatch({ kind: 'tags', versions: [2] }, 3)).toThrow(PreconditionFailedError);
    expect(() => checkIfMatch({ kind: 'tags', versions: [] }, 3)).toThrow(PreconditionFailedError);
    expect(() => checkIfMatch({ kind: 'tags', versions: [1] }, undefined)).toThrow(PreconditionFailedError);
  });
});
