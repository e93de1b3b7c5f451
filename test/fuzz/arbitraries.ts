import fc from 'fast-check';

/*
 * What the fuzz sends, as plain data that fast-check generates, shrinks and replays from a seed. Large strings are
 * described (`Big`) and only built when the request is, so that a plan stays small enough to shrink and print.
 */

/** A string of `times` copies of `unit`, built when the request is. */
export class Big {
  constructor(
    readonly unit: string,
    readonly times: number,
  ) {}
  toJSON(): string {
    return `Big(${JSON.stringify(this.unit)} × ${this.times})`;
  }
}

/** A string of a request, possibly a big one. */
export type FuzzString = string | Big;
/** A JSON value of a request body. */
export type FuzzValue = FuzzString | number | boolean | null | FuzzValue[] | { [key: string]: FuzzValue };

/** Builds the string a fuzzed string describes. */
export function text(value: FuzzString): string {
  return value instanceof Big ? value.unit.repeat(value.times) : value;
}

/** Builds the JSON value a fuzzed value describes (own `__proto__` keys stay own keys). */
export function realize(value: unknown): unknown {
  if (value instanceof Big) return text(value);
  if (Array.isArray(value)) return value.map(realize);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, realize(v)]));
  return value;
}

/** Strings that look like injections of every kind a store, a template or a shell might fall for. */
const injections = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  '; DROP TABLE units; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection, sent as a literal string on purpose
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '<%= 7*7 %>',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f',
  '{"$gt":""}',
  '{"$ne":null}',
  'attribute_not_exists(pk)',
  'pk = :pk',
  ':pk',
  '#name',
  '$where',
  '__proto__',
  'constructor',
  'prototype',
  '`rm -rf /`',
  '$(id)',
  'javascript:alert(1)',
  '\r\nX-Injected: 1',
  '%0d%0aSet-Cookie: a=b',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '\\',
  '"',
  "'",
  '%00',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '1e309',
  '-0',
  '0x10',
] as const;

/** Unicode a form field does not expect: bidi controls, zero-width and byte-order marks, emoji sequences, other scripts' digits. */
const oddUnicode = [
  '\u202Eevil.exe\u202C',
  '\u202E',
  '\u200F\u200E',
  '\u200B',
  '\uFEFF',
  '\u2028\u2029',
  '😀',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇨🇳',
  'e\u0301\u0301\u0301',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '４２０１０２',
  '１２３',
  '٤٢٠١٠٢',
  '໔໒໐໑໐໒',
  'ｅｘａｍｐｌｅ＠ｅｘａｍｐｌｅ．ｃｎ',
  'İıß',
  'Ω',
  '\uFFFD',
  '\uFFFF',
  '𠮷野家',
  '鄂民示〔２０２６〕０００１',
  '湘民示〔2026〕０１',
  '\t',
  '\n',
  ' ',
  '   padded   ',
  '中'.repeat(50),
] as const;

/** Full-width digits in the places where codes, years and numbers go. */
const fullWidthNumbers = ['４２００００', '４３０１０２', '２０２６', '１００', '０', '２０２６－０１－０１'] as const;

/** Strings with a lone UTF-16 surrogate, which no UTF-8 encoder can represent. */
const loneSurrogate = fc
  .tuple(fc.constantFrom('a', '湖', ''), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constantFrom('', 'b', '南'))
  .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`);

// API Gateway refuses a request line or header over 10 KB before any function runs: bigger strings go in bodies.
const big = fc
  .tuple(fc.constantFrom('A', '中', '😀', '\u202E', '%'), fc.constantFrom(129, 257, 1025, 3000))
  .map(([unit, times]) => new Big(unit, times));

/** Any string the fuzz puts where a string goes. */
const fuzzString: fc.Arbitrary<FuzzString> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...injections) },
  { weight: 4, arbitrary: fc.constantFrom(...oddUnicode) },
  { weight: 2, arbitrary: fc.constantFrom(...fullWidthNumbers) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom('', '0', '-1', '2026-02-30', '9999-99-99', '2026-1-1', '1900-01-01') },
  { weight: 1, arbitrary: big },
);

/** Numbers at the edges JSON and zod disagree about. */
const fuzzNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 0.5, 1.5, 101, 1e21, 2 ** 53 + 1, -1e308, 1e308, Number.MIN_VALUE),
);

/** Any JSON value the fuzz puts where a value goes: wrong types, empty and odd strings, nested junk. */
const fuzzValue: fc.Arbitrary<FuzzValue> = fc.letrec<{ value: FuzzValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: fuzzString },
    { weight: 2, arbitrary: fuzzNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', '$gt', '', 'id', 'pk'), tie('value'), { maxKeys: 3 }),
    },
  ),
})).value;

/** Strings that keep a value's format (ids, free text) but not its expected content: they reach the store. */
const plausibleString: fc.Arbitrary<string> = fc.oneof(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what these strings must not carry
  fc.constantFrom(...injections.filter((s) => s.length > 1 && !/[\u0000]/.test(s))),
  fc.constantFrom('\u202Eevil\u202C', '😀', '👨‍👩‍👧‍👦', '𠮷', 'e\u0301', '４２０１０２', 'ｅｘａｍｐｌｅ', '湖南', 'İıß'),
  fc.uuid(),
  fc.stringMatching(/^[\w.~-]{1,40}$/),
);

/** Claims that are not those of a signed-in caller of this API. */
export type ClaimsPlan =
  | { kind: 'none' }
  | { kind: 'wrong-role'; index: number }
  | { kind: 'drop'; base: number; field: ClaimName }
  | { kind: 'set'; base: number; field: ClaimName; value: FuzzValue }
  | { kind: 'prefixed'; base: number }
  | { kind: 'garbage'; claims: Record<string, FuzzValue> };
/** A claim the API reads. */
export type ClaimName = 'sub' | 'role' | 'agencyId' | 'region';

const claimName = fc.constantFrom<ClaimName>('sub', 'role', 'agencyId', 'region');
const claimValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  fc.constantFrom(
    'ADMIN',
    'Admin',
    ' admin',
    'admin ',
    'аdmin',
    'admin\u0000',
    'root',
    'superuser',
    '*',
    'authority,admin',
    '',
    '42',
    '4200000',
    '42000a',
    '000000\n',
    '-00000',
  ),
  fc.constantFrom(...fullWidthNumbers),
  fc.constant<FuzzValue>(['admin']),
  fc.constant<FuzzValue>({ role: 'admin' }),
  fc.constant(420000),
  fc.constant(true),
  fc.constant(null),
  fuzzValue,
);

/** Missing, malformed or wrong-role claims. */
const claimsPlan: fc.Arbitrary<ClaimsPlan> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wrong-role' as const), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), base: fc.nat(), field: claimName }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), base: fc.nat(), field: claimName, value: claimValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prefixed' as const), base: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      claims: fc.dictionary(fc.string({ maxLength: 12 }), fuzzValue, { maxKeys: 4 }),
    }),
  },
);

/** A selector of a place in a body: at each level, a child by index modulo the number of children. */
const place = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });

/** One change to a well-formed request. */
export type Mutation =
  | { kind: 'path'; param: number; value: FuzzString | { real: number } }
  | { kind: 'query-set'; key: number | string; value: FuzzString }
  | { kind: 'query-drop'; key: number }
  | { kind: 'query-replace'; entries: [string, FuzzString][] }
  | { kind: 'body-set'; at: number[]; value: FuzzValue }
  | { kind: 'body-drop'; at: number[] }
  | { kind: 'body-add'; at: number[]; key: string; value: FuzzValue }
  | { kind: 'body-replace'; value: FuzzValue }
  | { kind: 'body-raw'; raw: FuzzString }
  | { kind: 'body-nest'; depth: number }
  | { kind: 'body-huge'; bytes: number }
  | { kind: 'body-long'; leaf: number; text: Big }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'header'; name: 'if-match' | 'idempotency-key' | 'x-request-id' | 'accept'; value: FuzzString | null }
  | { kind: 'base64'; garbage: boolean }
  | CraftedCursor;

/**
 * A cursor of the right shape: the start key of a real item that the route's list accepts as a cursor, with one of
 * its attributes replaced by a value no page gave out (empty, outside the query's range, odd text).
 */
export interface CraftedCursor {
  kind: 'cursor';
  template: number;
  attribute: number;
  value: string;
}

const queryKey = fc.oneof(
  fc.nat(),
  fc.constantFrom('__proto__', 'constructor', 'limit[]', '', '$gt', 'region ', 'REGION', 'x'.repeat(300), 'cursor'),
);

/** Cursors of no shape: base64url of any JSON, or no base64url at all. */
const cursorValue: fc.Arbitrary<FuzzString> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
  fuzzString,
);

const contentTypes = [
  null,
  '',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=UTF-16',
  'application/json; charset=UTF-8',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/merge-patch+json',
  'application/problem+json',
  'text/csv',
  'text/csv; charset=gbk',
  'application/json, text/csv',
  '*/*',
  'application/vnd.api+json',
] as const;

const ifMatchValues = [
  '*',
  '"abc"',
  'W/"x"',
  '"-1"',
  '"1", "2"',
  '"99999999999999"',
  '1',
  'W/"1"',
  '""',
  '"1" ',
  '\u202E"1"',
  '"１"',
] as const;
const idempotencyKeys = ['', ' ', 'has space', 'ключ', '😀', '../x', 'a'.repeat(256), 'k:1.2-_', '\u202E', '*'] as const;

const keyPart = fc.oneof(fc.constant(''), fc.constantFrom('43', '430102', '42', '420102#', '000000#x', 'zzz', '\uffff'), plausibleString);
const craftedCursor: fc.Arbitrary<CraftedCursor> = fc.record({
  kind: fc.constant('cursor' as const),
  template: fc.nat(),
  attribute: fc.nat(),
  value: keyPart,
});

/** What a route takes, which decides what a mutation can break. */
export interface RouteShape {
  params: boolean;
  query: boolean;
  /** The query takes a `cursor`. */
  cursor: boolean;
  body: boolean;
  idempotent: boolean;
}

const weighted = <T>(entries: [number, fc.Arbitrary<T>, boolean][]): fc.Arbitrary<T> =>
  fc.oneof(...entries.filter(([, , applies]) => applies).map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Big bodies: a string of up to 100,000 characters in a field, or a body over the 1 MB limit. */
const bodyValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  { weight: 30, arbitrary: fuzzValue },
  { weight: 1, arbitrary: fc.constantFrom(new Big('中', 100_000), new Big('😀', 60_000)) },
);

/** Changes that break what this route takes: its path ids, query, body, content type or headers. */
function breakingMutation(shape: RouteShape): fc.Arbitrary<Mutation> {
  return weighted<Mutation>([
    [4, fc.record({ kind: fc.constant('path' as const), param: fc.nat(), value: fuzzString }), shape.params],
    [4, fc.record({ kind: fc.constant('query-set' as const), key: queryKey, value: fc.oneof(fuzzString, cursorValue) }), shape.query],
    [4, craftedCursor, shape.cursor],
    [1, fc.record({ kind: fc.constant('query-drop' as const), key: fc.nat() }), shape.query],
    [
      1,
      fc.record({
        kind: fc.constant('query-replace' as const),
        entries: fc.array(
          fc.tuple(fc.constantFrom('region', 'limit', 'cursor', 'level', 'from', 'to', 'year', 'units', 'status', 'a'), fuzzString),
          { maxLength: 4 },
        ),
      }),
      shape.query,
    ],
    [6, fc.record({ kind: fc.constant('body-set' as const), at: place, value: bodyValue }), shape.body],
    [2, fc.record({ kind: fc.constant('body-drop' as const), at: place }), shape.body],
    [
      2,
      fc.record({
        kind: fc.constant('body-add' as const),
        at: place,
        key: fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'version', 'role', 'regionCode', '$set'),
        value: fuzzValue,
      }),
      shape.body,
    ],
    [2, fc.record({ kind: fc.constant('body-replace' as const), value: fuzzValue }), shape.body],
    [
      2,
      fc.record({
        kind: fc.constant('body-raw' as const),
        raw: fc.oneof(
          fc.constantFrom('{', '{"a":', "{'a':1}", '[1,]', 'NaN', '<xml/>', 'a=1&b=2', '\uFEFF{}', '{"a":1}{"b":2}', 'title\n"unclosed'),
          fuzzString,
        ),
      }),
      shape.body,
    ],
    [1, fc.record({ kind: fc.constant('body-nest' as const), depth: fc.constantFrom(100, 2000, 20_000) }), shape.body],
    [1, fc.record({ kind: fc.constant('body-huge' as const), bytes: fc.constantFrom(1_000_000, 1_100_000) }), shape.body],
    [
      3,
      fc.record({
        kind: fc.constant('body-long' as const),
        leaf: fc.nat(),
        text: fc.constantFrom(new Big('A', 300), new Big('中', 1100), new Big('x', 3000), new Big('😀', 40_000)),
      }),
      shape.body,
    ],
    [3, fc.record({ kind: fc.constant('content-type' as const), value: fc.constantFrom(...contentTypes) }), shape.body],
    [1, fc.record({ kind: fc.constant('base64' as const), garbage: fc.boolean() }), shape.body],
    [
      2,
      fc.record({
        kind: fc.constant('header' as const),
        name: fc.constant('if-match' as const),
        value: fc.oneof(fc.constantFrom(...ifMatchValues), fuzzString),
      }),
      true,
    ],
    [
      2,
      fc.record({
        kind: fc.constant('header' as const),
        name: fc.constant('idempotency-key' as const),
        value: fc.oneof(fc.constantFrom(...idempotencyKeys), fuzzString),
      }),
      shape.idempotent,
    ],
  ]);
}

/** Changes to what this route does not read: a query, a body, headers it ignores. */
const incidentalMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('query-set' as const), key: queryKey, value: fuzzString }),
  fc.record({ kind: fc.constant('body-add' as const), at: place, key: fc.constantFrom('extra', '__proto__'), value: fuzzValue }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constantFrom('x-request-id' as const, 'accept' as const),
    value: fc.oneof(fuzzString, fc.constant(null)),
  }),
);

/** Changes that keep every format valid, so that the request reaches the store: other ids, odd but valid text, other versions. */
const deepMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('path' as const),
      param: fc.nat(),
      value: fc.oneof(fc.record({ real: fc.nat() }), fc.uuid(), fc.stringMatching(/^[\w.~-]{1,128}$/)),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('body-set' as const), at: place, value: plausibleString }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('query-set' as const),
      key: fc.nat(),
      value: fc.oneof(cursorValue, fc.constantFrom('42', '43', '4301', '430102', '11', '000000', '1', '100'), plausibleString),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      name: fc.constant('if-match' as const),
      value: fc.constantFrom('"1"', 'W/"2"', '"999"', '"0"'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      name: fc.constant('idempotency-key' as const),
      value: fc.constantFrom('k:1.2-_', 'same-key', 'fuzz.key:1'),
    }),
  },
);

/** How far a request is meant to get: refused for its token, refused for its input, or into the store. */
export type Depth = 'auth' | 'input' | 'deep';

/** One fuzzed request, as data. */
export interface RequestPlan {
  depth: Depth;
  target: 'hubei' | 'hunan';
  caller: number;
  claims: ClaimsPlan;
  mutations: Mutation[];
  /** Path parameters as API Gateway might pass them: percent-decoded, or as the raw path has them. */
  decodedParams: boolean;
  unique: string;
}

/**
 * Plans of fuzzed requests for one route: about a third refused for the token (public routes take any token, so
 * theirs are refused for their input instead), most of the rest for what they break of the route's input, and a
 * few with every format valid, which reach the store with other ids, odd text and other versions.
 */
export function requestPlan(shape: RouteShape & { public: boolean }): fc.Arbitrary<RequestPlan> {
  const breaking = breakingMutation(shape);
  const unique = fc.stringMatching(/^[a-z0-9]{12}$/);
  const plan = (depth: Depth, mutations: fc.Arbitrary<Mutation[]>): fc.Arbitrary<RequestPlan> =>
    fc.record({
      depth: fc.constant(depth),
      target: fc.constantFrom('hubei' as const, 'hunan' as const),
      caller: fc.nat(),
      claims: claimsPlan,
      mutations,
      decodedParams: fc.boolean(),
      unique,
    });
  const broken = (minLength: number) =>
    fc.tuple(fc.array(breaking, { minLength, maxLength: 2 }), fc.array(incidentalMutation, { maxLength: 1 })).map(([a, b]) => [...a, ...b]);
  return fc.oneof(
    { weight: 35, arbitrary: shape.public ? plan('input', broken(1)) : plan('auth', broken(0)) },
    { weight: 60, arbitrary: plan('input', broken(1)) },
    { weight: 5, arbitrary: plan('deep', fc.array(deepMutation, { maxLength: 2 })) },
  );
}
