import { describe, expect, it } from 'vitest';
import { bigrams, maxGrams, nameGrams, searchGram, searchKey } from '../../../../shared/domain/unit-search.ts';
import { unitListQuery } from '../../../../shared/domain/units.ts';

describe('Module: unit-search', () => {
  describe('Function: searchKey', () => {
    it('folds full-width Latin letters, digits and brackets into their half-width, lower-case forms', () => {
      expect(searchKey('ＡＢＣ')).toBe('abc');
      expect(searchKey('百步亭社区（第１网格）')).toBe('百步亭社区(第1网格)');
      expect(searchKey('Wuhan ABC')).toBe(searchKey('ｗｕｈａｎａｂｃ'));
    });

    it('drops white space, the ideographic space too, and leaves Chinese characters as they are', () => {
      expect(searchKey('百步亭\u3000社区 一期')).toBe('百步亭社区一期');
    });
  });

  describe('Function: bigrams', () => {
    it('gives each pair of neighbouring characters once, in the order they first occur', () => {
      expect(bigrams('百步亭社区')).toEqual(['百步', '步亭', '亭社', '社区']);
      expect(bigrams('哈哈哈')).toEqual(['哈哈']);
    });

    it('gives none for a single character, and counts a character outside the BMP as one', () => {
      expect(bigrams('村')).toEqual([]);
      expect(bigrams('𠀀村')).toEqual(['𠀀村']);
    });
  });

  describe('Function: nameGrams', () => {
    it('indexes every bigram of a name of up to maxGrams + 1 characters, and the first maxGrams of a longer one', () => {
      const chars = Array.from({ length: 60 }, (_, i) => String.fromCodePoint(0x4e00 + i));
      expect(nameGrams(chars.slice(0, maxGrams + 1).join(''))).toHaveLength(maxGrams);
      const long = nameGrams(chars.join(''));
      expect(long).toHaveLength(maxGrams);
      expect(long.at(-1)).toBe(`${chars[maxGrams - 1]}${chars[maxGrams]}`);
    });
  });

  describe('Function: searchGram', () => {
    it('reads a two-character query under the query itself', () => {
      expect(searchGram('社区')).toBe('社区');
    });

    it('prefers a bigram without the characters many unit names share', () => {
      expect(searchGram('社区百步亭')).toBe('百步');
      expect(searchGram('市百步亭社区')).toBe('百步');
    });

    it('takes the first bigram when all are as common', () => {
      expect(searchGram('社区服务中心')).toBe('社区');
    });
  });

  describe('Schema: unitListQuery', () => {
    const q = (value: string) => unitListQuery.safeParse({ q: value });

    it('takes a part of the name of 2 to 50 characters, trimmed', () => {
      expect(q('百步').success).toBe(true);
      expect(q('百'.repeat(50)).success).toBe(true);
      expect(q(' 百步亭 ').data?.q).toBe('百步亭');
    });

    it('refuses 1 character, 51 characters, and what is under 2 characters without its white space', () => {
      expect(q('百').success).toBe(false);
      expect(q('百'.repeat(51)).success).toBe(false);
      expect(q(' 百 ').success).toBe(false);
      expect(q('百\u3000').success).toBe(false);
    });
  });
});
