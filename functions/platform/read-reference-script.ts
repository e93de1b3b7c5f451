import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { functions } from '../../shared/topology.ts';

/** The reference page's script (Scalar's standalone bundle) and its version: the first characters of its hash. */
export interface ReferenceScript {
  text: string;
  version: string;
}

const [file] = functions.platform.files;
let script: ReferenceScript | undefined;

/** Where the script is: beside the bundle in Lambda (the CDK bundling copies it), in node_modules when run from source. */
function locate(): string {
  const beside = join(import.meta.dirname, basename(file));
  return existsSync(beside) ? beside : resolve(import.meta.dirname, '../..', file);
}

/**
 * The script, read once per container. It is read from disk rather than imported because 4.8 MB of JavaScript in the
 * bundle would be parsed at every cold start of a function that mostly answers /health.
 */
export function readReferenceScript(): ReferenceScript {
  if (!script) {
    const text = readFileSync(locate(), 'utf8');
    script = { text, version: createHash('sha256').update(text).digest('base64url').slice(0, 16) };
  }
  return script;
}
