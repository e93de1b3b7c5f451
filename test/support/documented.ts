import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { routeKey, routes, type RouteDef } from '../../shared/topology.ts';
import { matchRoute, type Answer, type HttpRequest } from './events.ts';

/*
 * Every answer a test receives is checked against the OpenAPI document (JSON Schema 2020-12, Ajv): a success must be
 * the status the document names for its route, with the headers it declares and a body its schema accepts; a
 * refusal must be a problem (or the gateway's own 401). A route the document says nothing true about fails here,
 * wherever a test happens to call it.
 */

type Document = { paths: Record<string, Record<string, Operation>> };
interface Response {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  responses: Record<string, Response>;
}

let built: { document: Document; ajv: Ajv2020 } | undefined;
const validators = new Map<string, ValidateFunction>();

function documented(): { document: Document; ajv: Ajv2020 } {
  if (built) return built;
  const document = openApiDocument() as unknown as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  built = { document, ajv };
  return built;
}

/** A JSON pointer segment (RFC 6901). */
const segment = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = documented().ajv.getSchema(`openapi.json#${pointer}`);
    if (!validate) throw new Error(`The document has no schema at ${pointer}`);
    validators.set(pointer, validate);
  }
  return validate;
}

/** The media type of an answer, without parameters. */
const mediaType = (answer: Answer) => (answer.headers['content-type'] ?? '').split(';')[0]!.trim();

/** Why an answer disagrees with the document, or undefined when it agrees. */
export function undocumented(request: Pick<HttpRequest, 'method' | 'path'>, answer: Answer, known?: RouteDef): string | undefined {
  const matched = known ? undefined : matchRoute(request.method, request.path.split('?')[0]!);
  const route = known ?? (matched && (routes as readonly RouteDef[]).find((r) => routeKey(r) === matched.key));
  if (!route) return undefined;
  const where = `${route.method} ${route.path} (${route.id}) answered ${answer.status}`;
  const operation = documented().document.paths[route.path]![route.method.toLowerCase()]!;
  const base = `/paths/${segment(route.path)}/${route.method.toLowerCase()}/responses`;
  const type = mediaType(answer);
  if (answer.status < 300) {
    const response = operation.responses[String(answer.status)];
    if (!response) return `${where}, which the document does not name (it names ${Object.keys(operation.responses).join(', ')})`;
    for (const [name, declared] of Object.entries(response.headers ?? {}))
      if (declared.required && answer.headers[name.toLowerCase()] === undefined) return `${where} without its header ${name}`;
    const declaredNames = new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase()));
    for (const name of ['etag', 'location', 'idempotent-replayed'])
      if (answer.headers[name] !== undefined && !declaredNames.has(name))
        return `${where} with the header ${name}, which it does not declare`;
    if (answer.raw === undefined || answer.raw === '') return undefined;
    const content = response.content?.[type];
    if (!content)
      return `${where} as ${type || 'no media type'}, which it does not declare (${Object.keys(response.content ?? {}).join(', ')})`;
    if (content.schema === undefined) return `${where} with a JSON body the document gives no schema`;
    if (type !== 'application/json') return undefined;
    const validate = validatorAt(`${base}/${answer.status}/content/${segment(type)}/schema`);
    if (!validate(answer.body)) return `${where} with a body its schema refuses: ${documented().ajv.errorsText(validate.errors)}`;
    return undefined;
  }
  if (answer.status === 401 && type === 'application/json' && operation.responses['401']) {
    const validate = validatorAt(`${base}/401/content/application~1json/schema`);
    return validate(answer.body) ? undefined : `${where} with a body unlike the gateway's: ${documented().ajv.errorsText(validate.errors)}`;
  }
  if (type !== 'application/problem+json') return `${where} as ${type || 'no media type'}, not as a problem`;
  const range = answer.status < 500 ? '4XX' : '5XX';
  const validate = validatorAt(`${base}/${range}/content/application~1problem+json/schema`);
  return validate(answer.body) ? undefined : `${where} with a problem its schema refuses: ${documented().ajv.errorsText(validate.errors)}`;
}

/** Throws when an answer disagrees with the document; `route` when the caller knows it (a fuzzed path may match none). */
export function expectDocumented(request: Pick<HttpRequest, 'method' | 'path'>, answer: Answer, route?: RouteDef): Answer {
  const why = undocumented(request, answer, route);
  if (why) throw new Error(`Undocumented answer: ${why}`);
  return answer;
}
