import { PreconditionFailedError } from './errors.ts';

/**
 * What an `If-Match` header asks (RFC 9110 §13.1.1): `any` for `*`, else the versions its strong entity-tags name.
 * A weak tag, or a strong one that is not a version this API could have given out, names none: it never matches.
 */
export type IfMatch = { kind: 'any' } | { kind: 'tags'; versions: readonly number[] };

/** One entity-tag of a list (RFC 9110 §8.8.3): optional `W/`, then a quoted run of etagc, then a comma or the end. */
const entityTag = /^[ \t]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)/;
/** How this API spells a version in an ETag: a decimal number without leading zeros. */
const versionTag = /^[1-9]\d{0,14}$/;

/** Parses an `If-Match` value; undefined when it is not `*` nor a list of entity-tags. */
export function parseIfMatch(header: string): IfMatch | undefined {
  if (header.trim() === '*') return { kind: 'any' };
  const versions: number[] = [];
  let rest = header;
  let tags = 0;
  while (rest.trim() !== '') {
    // Empty list elements (", ,") are allowed by the list syntax (RFC 9110 §5.6.1.2).
    const empty = /^[ \t]*,/.exec(rest);
    if (empty) {
      rest = rest.slice(empty[0].length);
      continue;
    }
    const tag = entityTag.exec(rest);
    if (!tag) return undefined;
    tags += 1;
    if (!tag[1] && versionTag.test(tag[2]!)) versions.push(Number(tag[2]));
    rest = rest.slice(tag[0].length);
  }
  return tags === 0 ? undefined : { kind: 'tags', versions };
}

/**
 * Refuses a write (412) unless `If-Match` matches the stored `version` by strong comparison; `*` matches whatever
 * is stored, and nothing when no version is stored (undefined). Without If-Match every write proceeds.
 */
export function checkIfMatch(ifMatch: IfMatch | undefined, version: number | undefined): void {
  if (ifMatch === undefined) return;
  const matches = version !== undefined && (ifMatch.kind === 'any' || ifMatch.versions.includes(version));
  if (!matches) throw new PreconditionFailedError(version);
}
