/*
 * Unit search by part of the name (issue #20): a name is indexed by the character bigrams of its search key, and a
 * query reads the units under one bigram of its own key, keeping those whose key contains the whole query.
 */

/**
 * The form of a name (or a query) that search compares: NFKC (full-width Ｌａｔｉｎ, digits and （）become their
 * half-width forms), lower case, and without white space, so `ＡＢＣ（一）` and `abc(一)` are one key.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * The most bigrams one name is indexed under. A rename deletes the stale ones and writes the new ones in the unit's
 * transaction, beside the unit, its audit entry, up to two coverage counters and the namings it updates: 2 × 40 keeps
 * that well within DynamoDB's 100 actions. A name has as many distinct bigrams as characters less one, or fewer, so
 * names of up to 41 characters are searchable throughout; a longer one by the part that holds its first 40 bigrams.
 */
export const maxGrams = 40;

/** The distinct bigrams of a search key, in the order they first occur (none under 2 characters). */
export function bigrams(key: string): string[] {
  const chars = Array.from(key);
  return [...new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`))];
}

/** The bigrams a name is indexed under: those of its search key, the first `maxGrams` of them. */
export function nameGrams(key: string): string[] {
  return bigrams(key).slice(0, maxGrams);
}

/**
 * Characters that many unit names share (divisions, kinds of unit, the programme's own words): a bigram holding
 * fewer of them is likely to be under fewer units.
 */
const common = new Set(
  Array.from(
    '中华人民共和国省市区县旗乡镇街道办事处村社居委员会组学校小幼儿园大院医局公司有限责任集团党支部民族团结示范单位新第一二三四五六七八九十号路服务站心',
  ),
);

/**
 * The bigram of a query's search key (2 characters or more) that a search reads the units of: the one with the
 * fewest common characters, the first of those, so that few units are read and dropped for lacking the rest of it.
 */
export function searchGram(key: string): string {
  const commonness = (gram: string) => Array.from(gram).filter((c) => common.has(c)).length;
  return bigrams(key).reduce((best, gram) => (commonness(gram) < commonness(best) ? gram : best));
}
