import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../shared/data/pagination.ts';
import { MalformedRequestError } from '../../../../shared/domain/errors.ts';

const keyNames = ['pk', 'sk', 'regionPk', 'regionSk'] as const;
const key = { pk: 'UNIT#a', sk: 'UNIT', regionPk: 'unit#42', regionSk: '420102#a' };
const inWuhan = (k: Record<string, string>) => k.regionPk === 'unit#42' && k.regionSk!.startsWith('4201');

function refusal(cursor: string, belongs = inWuhan): unknown {
  try {
    decodeCursor(cursor, keyNames, belongs);
  } catch (error) {
    return error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('Function: decodeCursor', () => {
  it('gives back the key a cursor was made from', () => {
    expect(decodeCursor(encodeCursor(key), keyNames, inWuhan)).toEqual(key);
  });

  it('starts at the beginning without a cursor', () => {
    expect(decodeCursor(undefined, keyNames, inWuhan)).toBeUndefined();
  });

  it('refuses a cursor of another list (another region) with a 400 naming the cursor', () => {
    // Prepare
    const foreign = encodeCursor({ ...key, regionSk: '420202#a' });

    // Act
    const error = refusal(foreign);

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error).toMatchObject({ status: 400, errors: [{ pointer: 'cursor', detail: { zh: '未知的游标', en: 'unknown cursor' } }] });
  });

  it.each([
    ['not base64url JSON', 'not a cursor!'],
    ['JSON that is not an object', encodeCursor(['UNIT#a'] as never)],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['a key with an attribute missing', encodeCursor({ pk: 'UNIT#a', sk: 'UNIT', regionPk: 'unit#42' })],
    ['a key with an extra attribute', encodeCursor({ ...key, agendaDue: '2026-01-01' })],
    ['a key with a number where a string belongs', encodeCursor({ ...key, sk: 1 })],
    ['a key of another index', encodeCursor({ pk: 'UNIT#a', sk: 'UNIT', agendaKind: 'recheck', agendaDue: '2026-01-01' })],
  ])('refuses %s with a 400', (_, cursor) => {
    expect(refusal(cursor)).toMatchObject({ status: 400, type: 'malformed-request' });
  });
});
